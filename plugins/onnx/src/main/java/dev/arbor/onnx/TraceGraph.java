package dev.arbor.onnx;

import com.google.protobuf.ByteString;
import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The graph a trace writes: nodes named by the module scope they run in, as torch.onnx names them
 * ({@code /layer1/layer1.0/conv1/Conv}, {@code _1}, {@code _2} for repeats in one scope), their values
 * named {@code <node>_output_<i>}, and the state tensors they read as initializers under their
 * state-dict keys.
 */
final class TraceGraph {
    private final int opset;
    private final boolean dynamicBatch;
    private final Map<Tensor, String> stateKeys;
    private final Supplier<String> scope;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, Integer> nodeNames = new HashMap<>();

    /**
     * @param dynamicBatch whether dimension 0 of the inputs is symbolic (shapes the trace writes keep it)
     * @param stateKeys    each parameter and persistent buffer of the traced module by identity, to its state-dict key
     * @param scope        the scope of the module running now ({@code /layer1/layer1.0/conv1}, or "" at the top)
     */
    TraceGraph(int opset, boolean dynamicBatch, Map<Tensor, String> stateKeys, Supplier<String> scope) {
        this.opset = opset;
        this.dynamicBatch = dynamicBatch;
        this.stateKeys = new IdentityHashMap<>(stateKeys);
        this.scope = scope;
    }

    int opset() {
        return opset;
    }

    boolean dynamicBatch() {
        return dynamicBatch;
    }

    /** Adds a node with one output in the current scope; returns the output's name. */
    String node(String opType, List<String> inputs, AttributeProto... attributes) {
        return nodes(opType, inputs, 1, attributes).getFirst();
    }

    /** Adds a node with {@code outputs} outputs in the current scope; returns their names. */
    List<String> nodes(String opType, List<String> inputs, int outputs, AttributeProto... attributes) {
        String base = scope.get() + "/" + opType;
        int seen = nodeNames.merge(base, 1, Integer::sum);
        String name = seen == 1 ? base : base + "_" + (seen - 1);
        List<String> names = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            names.add(name + "_output_" + i);
        }
        nodes.add(NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(inputs).addAllOutput(names)
                .addAllAttribute(List.of(attributes)).build());
        return names;
    }

    /** The name of a parameter or buffer of the traced module (its state-dict key), added as an initializer. */
    String state(Tensor t, String what) {
        String key = stateKeys.get(t);
        if (key == null) {
            throw new OnnxException("cannot export: " + what + " is not a parameter or persistent buffer of the "
                    + "exported module");
        }
        initializers.computeIfAbsent(key, k -> OnnxTensors.toProto(k, t));
        return key;
    }

    /** A constant made by a {@code Constant} node in the current scope. */
    String constant(Tensor value) {
        return node("Constant", List.of(), tensorAttr("value", value));
    }

    /** A constant 1-d int64 tensor (shapes, axes, sizes). */
    String longs(long... values) {
        return constant(Tensor.of(values, values.length));
    }

    /** A constant 0-d tensor of {@code dtype}. */
    String scalar(double value, DType dtype) {
        return constant(Tensor.scalar(dtype.isFloatingPoint() || value != Math.rint(value) ? value : (long) value, dtype));
    }

    /** {@code in} converted from {@code from} to {@code to} (itself when they are equal). */
    String cast(String in, DType from, DType to) {
        return from == to ? in : node("Cast", List.of(in), intAttr("to", OnnxDataTypes.toOnnx(to)));
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    /** The initializers in the order of {@code order} (the state dict's). */
    List<TensorProto> initializers(Iterable<String> order) {
        List<TensorProto> out = new ArrayList<>();
        for (String key : order) {
            TensorProto p = initializers.get(key);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttr(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    static AttributeProto tensorAttr(String name, Tensor value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR)
                .setT(OnnxTensors.toProto("", value)).build();
    }

    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }
}
