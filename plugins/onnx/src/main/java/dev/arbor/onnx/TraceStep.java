package dev.arbor.onnx;

import dev.arbor.nn.Module;
import dev.arbor.tensor.OpCall;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a trace: a tensor op reported by the engine, or a layer the exporter writes whole
 * ({@link LayerExports}). It keeps the values its tensor arguments had when it ran, the values it made,
 * and the module scope it ran in, so that ops are written with the names torch.onnx gives them.
 */
final class TraceStep {
    /** The op, or null for a layer. */
    final OpCall call;
    /** The layer, or null for an op. */
    final Module layer;
    /** The engine's report index of an op (-1 for a layer): ops reported inside a later op are dropped. */
    final long reportIndex;
    /** The scope written before node names, {@code /layer1/layer1.0}. */
    final String scope;
    /** The module it ran in, for messages: {@code 'layer1.0' (BasicBlock)}. */
    final String where;
    /** Per argument of the op: a {@link TraceValue} for a tensor, a list of them for a tensor list, or the value. */
    final List<Object> arguments;
    /** Per output: the value it made, or null when the output is one of its inputs (nothing new). */
    final List<TraceValue> outputs = new ArrayList<>();
    /** The values its outputs replaced in the tracer's map (null for a tensor seen first), to undo a dropped step. */
    final List<TraceValue> replaced = new ArrayList<>();
    /** Whether a graph output depends on it. */
    boolean live;
    /** Per output, whether a graph output depends on it (set with {@link #live}). */
    boolean[] used;
    /** Whether it computed only from constants: its outputs are constants, and it writes no node. */
    boolean folded;

    TraceStep(OpCall call, Module layer, long reportIndex, String scope, String where, List<Object> arguments) {
        this.call = call;
        this.layer = layer;
        this.reportIndex = reportIndex;
        this.scope = scope;
        this.where = where;
        this.arguments = arguments;
    }

    /** {@return the tensor values among the arguments} */
    List<TraceValue> inputs() {
        List<TraceValue> out = new ArrayList<>();
        for (Object a : arguments) {
            if (a instanceof TraceValue v) {
                out.add(v);
            } else if (a instanceof List<?> list) {
                list.forEach(o -> out.add((TraceValue) o));
            }
        }
        return out;
    }

    /** {@return the ONNX name of tensor argument {@code i}, or null when it was left out} */
    String in(int i) {
        return arguments.get(i) instanceof TraceValue v ? v.name : null;
    }

    /** {@return the ONNX names of tensor-list argument {@code i}} */
    List<String> ins(int i) {
        return ((List<?>) arguments.get(i)).stream().map(o -> ((TraceValue) o).name).toList();
    }

    /** {@return whether output {@code k} is used (an op with several outputs writes only those that are)} */
    boolean used(int k) {
        return used[k];
    }

    /** {@return the tensor argument {@code i} as it was when the op ran (shape and dtype)} */
    Tensor tensor(int i) {
        return call.tensor(i);
    }

    /** {@return output {@code i} of the op} */
    Tensor out(int i) {
        return call.outputs().get(i);
    }

    /** {@return what the step is, for messages: {@code op 'add'} or {@code layer Conv2d}} */
    String what() {
        return call != null ? "op '" + call.op() + "'" : "layer " + layer.typeName();
    }

    /** {@return an error saying why this op cannot be exported, naming it and the module it ran in} */
    OnnxException refuse(String why) {
        return new OnnxException("cannot export " + what() + " in module " + where + ": " + why);
    }
}
