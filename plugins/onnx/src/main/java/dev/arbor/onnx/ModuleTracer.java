package dev.arbor.onnx;

import dev.arbor.backend.Backends;
import dev.arbor.nn.Module;
import dev.arbor.nn.ModuleDict;
import dev.arbor.nn.ModuleList;
import dev.arbor.nn.Sequential;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorShapeProto;
import dev.arbor.onnx.proto.OnnxProto.TypeProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.OpCall;
import dev.arbor.tensor.OpTracer;
import dev.arbor.tensor.RemovableHandle;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Traces one forward pass of a module tree into an ONNX graph, as {@code torch.onnx.export} does.
 *
 * <p>Two sources feed the trace. Forward hooks on every module keep the module scope that names the
 * nodes ({@code /layer1/layer1.0/conv1/Conv}) and write each layer the exporter knows whole
 * ({@link LayerExports}), dropping the ops it ran inside. An {@link OpTracer} sees every tensor op the
 * engine runs, so a custom forward's own computation (a residual {@code add}, a {@code view}, a
 * {@code cat}, attention written by hand) is written op by op ({@link OpExports}). Ops reported
 * inside another op ({@code linear}'s matmul) are dropped when the outer op arrives, so each op is
 * written once, by its outermost form.
 *
 * <p>Values are followed by tensor identity in static single assignment: an in-place op
 * ({@code add_}, {@code relu_}) gives its tensor a new value. A tensor found at another version than
 * its value's was changed by something the trace cannot follow (an in-place op through a view, or a
 * write outside the engine's ops) and refuses the export where it is used. A tensor no traced op made
 * is a parameter or buffer (an initializer under its state-dict key) or a constant (a {@code Constant}
 * node, as torch.onnx traces one). Only steps the outputs depend on are written, so an op without an
 * ONNX form refuses the export only when its result is used.
 */
final class ModuleTracer implements OpTracer {
    private final Module root;
    private final OnnxExporter.Options options;
    private final Map<Module, String> paths = new IdentityHashMap<>();
    private final Map<Module, String> segments = new IdentityHashMap<>();
    private final Deque<Module> active = new ArrayDeque<>();
    /** The parameters and persistent buffers of the module, by identity, to their state-dict keys. */
    private final Map<Tensor, String> stateKeys = new IdentityHashMap<>();
    /** Each tensor met so far, to its current value. */
    private final Map<Tensor, TraceValue> values = new IdentityHashMap<>();
    /** The tensors with values, by storage, to recognise a detached copy ({@code x.detach()}) of one. */
    private final Map<Storage, List<Tensor>> byStorage = new IdentityHashMap<>();
    private final List<TraceStep> steps = new ArrayList<>();
    private final TraceGraph graph;
    /** The known layer being written whole, while it runs (ops inside it are not traced), or null. */
    private LayerCall layer;
    /** How many ops the engine has reported: the index the next one gets. */
    private long reported;
    /** The scope nodes are written in during emission. */
    private String emitting = "";

    /** A known layer's call: its input, the input's version, and the first report index inside it. */
    private record LayerCall(Module module, Tensor input, int version, long firstReport) {}

    ModuleTracer(Module root, OnnxExporter.Options options) {
        this.root = root;
        this.options = options;
        Set<String> persistent = root.stateDict().keySet();
        root.namedParameters().forEach((k, p) -> stateKeys.put(p, k));
        root.namedBuffers().forEach((k, b) -> {
            if (persistent.contains(k)) {
                stateKeys.putIfAbsent(b, k);
            }
        });
        for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
            paths.put(e.getValue(), e.getKey());
        }
        for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
            segments.put(e.getValue(), segment(e.getKey()));
        }
        this.graph = new TraceGraph(options.opset(), options.dynamicBatch(), stateKeys, () -> emitting);
    }

    /**
     * The scope segment of the module at {@code path}, as torch.onnx writes it: a module's name, or, inside
     * a container, the container's segment and the index ({@code layer1.0}).
     */
    private String segment(String path) {
        if (path.isEmpty()) {
            return "";
        }
        int dot = path.lastIndexOf('.');
        String name = path.substring(dot + 1);
        Module parent = dot < 0 ? root : root.getSubmodule(path.substring(0, dot));
        String parentSegment = segments.getOrDefault(parent, dot < 0 ? "" : segment(path.substring(0, dot)));
        boolean container = parent instanceof Sequential || parent instanceof ModuleList || parent instanceof ModuleDict;
        return container && !parentSegment.isEmpty() ? parentSegment + "." + name : name;
    }

    private String scope() {
        StringBuilder sb = new StringBuilder();
        for (var it = active.descendingIterator(); it.hasNext(); ) {
            String s = segments.getOrDefault(it.next(), "");
            if (!s.isEmpty()) {
                sb.append('/').append(s);
            }
        }
        return sb.toString();
    }

    GraphProto trace(List<Tensor> inputs) {
        List<String> inputNames = options.inputNames(inputs.size());
        List<ValueInfoProto> graphInputs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            bind(inputs.get(i), TraceValue.input(inputs.get(i), inputNames.get(i)));
            graphInputs.add(valueInfo(inputNames.get(i), inputs.get(i)));
        }
        List<RemovableHandle> hooks = new ArrayList<>();
        boolean training = root.isTraining();
        Object result;
        try (var noGrad = GradMode.noGrad()) {
            for (Module m : paths.keySet()) {
                hooks.add(m.registerForwardPreHook(this::enter));
                hooks.add(m.registerForwardHook(this::leave));
            }
            root.eval();
            try (RemovableHandle ops = OpTracer.register(this)) {
                result = root.call(inputs.toArray());
            }
        } finally {
            hooks.forEach(RemovableHandle::remove);
            root.train(training);
        }
        List<Tensor> outputs = tensors(result);
        List<TraceValue> outputValues = new ArrayList<>();
        for (Tensor t : outputs) {
            outputValues.add(resolve(t, true));
        }
        emit(outputValues);
        List<String> outputNames = options.outputNames(outputs.size());
        List<NodeProto> nodes = new ArrayList<>(graph.nodes());
        List<ValueInfoProto> graphOutputs = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String value = outputValues.get(i).name;
            String wanted = outputNames.get(i);
            if (nodes.stream().anyMatch(n -> n.getOutputList().contains(value)) && !inputNames.contains(value)
                    && !outputNames.contains(value) && outputValues.indexOf(outputValues.get(i)) == i) {
                nodes = renamed(nodes, value, wanted);
            } else {
                nodes.add(NodeProto.newBuilder().setName("/Identity_output_" + i).setOpType("Identity").addInput(value)
                        .addOutput(wanted).build());
            }
            graphOutputs.add(valueInfo(wanted, outputs.get(i)));
        }
        return GraphProto.newBuilder().setName("main_graph").addAllNode(nodes).addAllInput(graphInputs)
                .addAllOutput(graphOutputs).addAllInitializer(graph.initializers(root.stateDict().keySet())).build();
    }

    // ---------------------------------------------------------------- recording

    @Override
    public void onOp(OpCall call) {
        reported = call.index() + 1;
        drop(call.firstNested());
        if (layer != null) {
            return;
        }
        List<Object> args = new ArrayList<>(call.arguments().size());
        for (int i = 0; i < call.arguments().size(); i++) {
            Object a = call.arguments().get(i);
            args.add(switch (a) {
                case Tensor t -> resolve(t, !(call.inPlace() && i == 0));
                case List<?> list -> list.stream().map(o -> resolve((Tensor) o, true)).toList();
                case null, default -> a;
            });
        }
        TraceStep step = new TraceStep(call, null, call.index(), scope(), describe(active.peek()), args);
        step.folded = foldable(step);
        List<Tensor> inputs = call.inputs();
        for (int k = 0; k < call.outputs().size(); k++) {
            Tensor out = call.outputs().get(k);
            boolean written = call.inPlace() && k == 0;
            produce(step, out, written || inputs.stream().noneMatch(t -> t == out));
        }
        if (step.outputs.stream().anyMatch(v -> v != null)) {
            steps.add(step);
        }
    }

    private Object[] enter(Module m, Object[] args) {
        if (layer == null && LayerExports.isKnown(m) && args.length == 1 && args[0] instanceof Tensor x) {
            layer = new LayerCall(m, x, x.version(), reported);
        }
        active.push(m);
        return null;
    }

    private Object leave(Module m, Object[] args, Object output) {
        String scope = scope();
        active.pop();
        if (layer == null || layer.module() != m) {
            return null;
        }
        LayerCall call = layer;
        layer = null;
        drop(call.firstReport());
        if (!(output instanceof Tensor y)) {
            throw new OnnxException("cannot export module " + describe(m) + ": it returns " + output + ", not one tensor");
        }
        TraceValue in = resolve(call.input(), false);
        if (in.version != call.version()) {
            in = TraceValue.untraceable(call.input(), "it was changed in place before this layer by something the "
                    + "trace cannot follow");
        }
        boolean inPlace = y == call.input();
        if (inPlace && y.version() == call.version()) {
            return null; // the layer returned its input unchanged (Identity, Dropout in eval)
        }
        TraceStep step = new TraceStep(null, m, -1, scope, describe(m), List.of(in));
        produce(step, y, true);
        steps.add(step);
        return null;
    }

    /**
     * Whether a step computes only from constants (a mask made inside forward), so that its outputs are
     * constants too, as torch.onnx folds them; random ops are never folded.
     */
    private static boolean foldable(TraceStep step) {
        List<TraceValue> inputs = step.inputs();
        return !inputs.isEmpty() && inputs.stream().allMatch(v -> v.kind == TraceValue.Kind.CONSTANT)
                && !step.call.op().startsWith("rand") && !step.call.op().endsWith("dropout");
    }

    /** Makes {@code out} a new value of {@code step} (or records that it is an input passed through). */
    private void produce(TraceStep step, Tensor out, boolean isNew) {
        TraceValue v = !isNew ? null : step.folded ? TraceValue.constant(out, copy(out)) : TraceValue.output(out, step);
        step.outputs.add(v);
        step.replaced.add(v == null ? null : values.get(out));
        if (v != null) {
            bind(out, v);
        }
    }

    private void bind(Tensor t, TraceValue v) {
        values.put(t, v);
        List<Tensor> same = byStorage.computeIfAbsent(t.storage(), s -> new ArrayList<>(1));
        if (same.stream().noneMatch(o -> o == t)) {
            same.add(t);
        }
    }

    /** Drops the op steps reported from {@code firstIndex} on (they ran inside a later op or layer). */
    private void drop(long firstIndex) {
        while (!steps.isEmpty() && steps.getLast().call != null && steps.getLast().reportIndex >= firstIndex) {
            TraceStep s = steps.removeLast();
            for (int k = s.outputs.size() - 1; k >= 0; k--) {
                Tensor out = s.call.outputs().get(k);
                if (s.outputs.get(k) != null) {
                    if (s.replaced.get(k) == null) {
                        values.remove(out);
                    } else {
                        values.put(out, s.replaced.get(k));
                    }
                }
            }
        }
    }

    /** The value a tensor argument has now ({@code checked}: refusing one changed since, as an untraceable value). */
    private TraceValue resolve(Tensor t, boolean checked) {
        TraceValue v = values.get(t);
        if (v != null) {
            return !checked || v.version == t.version() ? v : TraceValue.untraceable(t, "it was changed in place by "
                    + "something the trace cannot follow (an in-place op on another view of its memory, or a write "
                    + "outside the engine's ops)");
        }
        String key = stateKeys.get(t);
        if (key != null) {
            TraceValue state = TraceValue.state(t, key);
            bind(t, state);
            return state;
        }
        for (Tensor other : byStorage.getOrDefault(t.storage(), List.of())) {
            TraceValue ov = values.get(other);
            if (ov != null) {
                boolean copy = other.dtype() == t.dtype() && other.offset() == t.offset()
                        && Arrays.equals(other.shape(), t.shape()) && Arrays.equals(other.strides(), t.strides());
                return copy && ov.version == t.version() ? ov : TraceValue.untraceable(t, "it views the memory of a "
                        + "traced tensor but was made outside the engine's ops");
            }
        }
        TraceValue constant = TraceValue.constant(t, copy(t));
        bind(t, constant);
        return constant;
    }

    /** A copy of a constant's value now, made without running (and reporting) an op. */
    private static Tensor copy(Tensor t) {
        Tensor out = Tensor.empty(t.dtype(), t.device(), t.shape());
        Backends.of(t.device()).copy(t, out);
        return out;
    }

    // ---------------------------------------------------------------- emission

    /** Writes the steps the outputs depend on, in the order they ran. */
    private void emit(List<TraceValue> outputs) {
        Set<TraceValue> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(outputs);
        for (int i = steps.size() - 1; i >= 0; i--) {
            TraceStep s = steps.get(i);
            if (s.outputs.stream().anyMatch(live::contains)) {
                s.live = true;
                s.used = new boolean[s.outputs.size()];
                for (int k = 0; k < s.used.length; k++) {
                    s.used[k] = live.contains(s.outputs.get(k));
                }
                live.addAll(s.inputs());
            }
        }
        for (TraceStep s : steps) {
            if (!s.live || s.folded) {
                continue;
            }
            emitting = s.scope;
            for (TraceValue v : s.inputs()) {
                name(v, s);
            }
            List<String> names = s.layer != null
                    ? List.of(LayerExports.emit(s.layer, paths.get(s.layer), s.inputs().getFirst().tensor, s.in(0), graph))
                    : OpExports.emit(s, graph);
            for (int k = 0; k < s.outputs.size(); k++) {
                if (s.outputs.get(k) != null) {
                    s.outputs.get(k).name = names.get(k);
                }
            }
        }
        emitting = "";
        for (TraceValue v : outputs) {
            name(v, null);
        }
    }

    /** Gives a value its ONNX name where it has none yet: an initializer or a constant node; refuses what cannot be. */
    private void name(TraceValue v, TraceStep user) {
        switch (v.kind) {
            case STATE -> graph.state(v.tensor, "'" + v.name + "'");
            case CONSTANT -> {
                if (v.name == null) {
                    v.name = graph.constant(v.tensor);
                }
            }
            case UNTRACEABLE -> throw new OnnxException("cannot export " + (user == null ? "the output of module "
                    + describe(null) : user.what() + " in module " + user.where) + ": an input of shape "
                    + Arrays.toString(v.tensor.shape()) + " cannot be traced: " + v.problem);
            case STEP -> {
                if (v.name == null) {
                    throw v.producer.refuse("its output " + v.producer.outputs.indexOf(v) + " is used, and the "
                            + "exporter writes only the others");
                }
            }
            case INPUT -> { }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The tensors of a forward's result: a tensor, or those in a list, an array or a record, in order (nulls left out). */
    private List<Tensor> tensors(Object output) {
        List<Tensor> out = new ArrayList<>();
        switch (output) {
            case Tensor t -> out.add(t);
            case List<?> list -> list.forEach(o -> out.addAll(parts(o)));
            case Object[] array -> Arrays.stream(array).forEach(o -> out.addAll(parts(o)));
            case Record r -> {
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        out.addAll(parts(c.getAccessor().invoke(r)));
                    } catch (ReflectiveOperationException e) {
                        throw new OnnxException("cannot read " + c.getName() + " of the output " + r.getClass()
                                .getSimpleName() + " of module " + describe(null) + ": " + e);
                    }
                }
            }
            case null, default -> throw new OnnxException("cannot export module " + describe(null) + ": it returns "
                    + output + ", not tensors");
        }
        return out;
    }

    private List<Tensor> parts(Object part) {
        return part == null ? List.of() : tensors(part);
    }

    /** {@code 'layer1.0' (BasicBlock)} for a module ({@code '<root>'} for the root or null). */
    private String describe(Module m) {
        Module module = m == null ? root : m;
        String path = paths.get(module);
        return "'" + (path == null || path.isEmpty() ? "<root>" : path) + "' (" + module.typeName() + ")";
    }

    private ValueInfoProto valueInfo(String name, Tensor t) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d = 0; d < t.dim(); d++) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d == 0 && options.dynamicBatch()) {
                dim.setDimParam("batch_size");
            } else {
                dim.setDimValue(t.size(d));
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(OnnxDataTypes.toOnnx(t.dtype())).setShape(shape))).build();
    }

    private static List<NodeProto> renamed(List<NodeProto> nodes, String from, String to) {
        List<NodeProto> out = new ArrayList<>(nodes.size());
        for (NodeProto n : nodes) {
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(from)) {
                    b.setInput(i, to);
                }
            }
            for (int i = 0; i < n.getOutputCount(); i++) {
                if (n.getOutput(i).equals(from)) {
                    b.setOutput(i, to);
                }
            }
            out.add(b.build());
        }
        return out;
    }
}
