package dev.arbor.onnx;

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
import dev.arbor.tensor.RemovableHandle;
import dev.arbor.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces a forward pass of a module tree at the module level: forward hooks on every module write the
 * nodes of each known layer ({@link LayerExports}) and follow the tensors between them by identity.
 * Containers and custom modules are exported through the layers they call; a module whose forward
 * computes with tensor ops of its own (a residual {@code add}, a {@code view}) is refused with an
 * error naming it, since those ops are not seen: its output, or a tensor it passes to a layer, is not
 * one a traced layer made, or was changed in place.
 */
final class ModuleTracer {
    private final Module root;
    private final OnnxExporter.Options options;
    private final Map<Module, String> paths = new IdentityHashMap<>();
    private final Map<Module, String> segments = new IdentityHashMap<>();
    private final Deque<Module> active = new ArrayDeque<>();
    /** Each tensor a traced layer or the caller made, to its value name and its version when named. */
    private final Map<Tensor, String> names = new IdentityHashMap<>();
    private final Map<Tensor, Integer> versions = new IdentityHashMap<>();
    private final TraceGraph graph;

    ModuleTracer(Module root, OnnxExporter.Options options) {
        this.root = root;
        this.options = options;
        Map<Tensor, String> stateKeys = new IdentityHashMap<>();
        root.namedParameters().forEach((k, p) -> stateKeys.put(p, k));
        root.namedBuffers().forEach((k, b) -> stateKeys.putIfAbsent(b, k));
        for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
            paths.put(e.getValue(), e.getKey());
        }
        for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
            segments.put(e.getValue(), segment(e.getKey()));
        }
        this.graph = new TraceGraph(options.opset(), stateKeys, this::scope);
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
            name(inputs.get(i), inputNames.get(i));
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
            result = root.call(inputs.toArray());
        } finally {
            hooks.forEach(RemovableHandle::remove);
            root.train(training);
        }
        List<Tensor> outputs = tensors(result);
        List<String> outputNames = options.outputNames(outputs.size());
        List<NodeProto> nodes = new ArrayList<>(graph.nodes());
        List<ValueInfoProto> graphOutputs = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String value = names.get(outputs.get(i));
            String wanted = outputNames.get(i);
            if (nodes.stream().anyMatch(n -> n.getOutputList().contains(value)) && !inputNames.contains(value)
                    && !outputNames.contains(value)) {
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

    private Object[] enter(Module m, Object[] args) {
        if (!insideLayer()) {
            if (LayerExports.isKnown(m)) {
                if (args.length != 1 || !(args[0] instanceof Tensor x) || !traced(x)) {
                    Module caller = active.peek();
                    throw refusal(caller == null ? m : caller, "passes " + describe(m) + " "
                            + (args.length == 1 && args[0] instanceof Tensor ? "a tensor made by tensor ops outside "
                            + "known layers (or changed in place)" : "arguments other than one tensor"));
                }
            }
        }
        active.push(m);
        return null;
    }

    private Object leave(Module m, Object[] args, Object output) {
        active.pop();
        if (insideLayer()) {
            return null;
        }
        if (LayerExports.isKnown(m)) {
            if (!(output instanceof Tensor y)) {
                throw refusal(m, "returns " + output + ", not one tensor");
            }
            active.push(m);
            String out;
            try {
                out = LayerExports.emit(m, paths.get(m), (Tensor) args[0], names.get((Tensor) args[0]), graph);
            } finally {
                active.pop();
            }
            name(y, out);
            return null;
        }
        for (Tensor t : tensors(output)) {
            if (!traced(t)) {
                throw refusal(m, "computes its output with tensor ops outside known layers");
            }
        }
        return null;
    }

    private boolean insideLayer() {
        return active.stream().anyMatch(LayerExports::isKnown);
    }

    private void name(Tensor t, String name) {
        names.put(t, name);
        versions.put(t, t.version());
    }

    private boolean traced(Tensor t) {
        return names.containsKey(t) && versions.get(t) == t.version();
    }

    private List<Tensor> tensors(Object output) {
        List<Tensor> out = new ArrayList<>();
        switch (output) {
            case Tensor t -> out.add(t);
            case List<?> list -> list.forEach(o -> out.addAll(tensors(o)));
            case Object[] array -> {
                for (Object o : array) {
                    out.addAll(tensors(o));
                }
            }
            case null, default -> throw refusal(root, "returns " + output + ", not tensors");
        }
        return out;
    }

    private String describe(Module m) {
        String path = paths.get(m);
        return "'" + (path == null || path.isEmpty() ? "<root>" : path) + "' (" + m.typeName() + ")";
    }

    private OnnxException refusal(Module m, String why) {
        return new OnnxException("cannot export module " + describe(m) + ": it " + why + ". The exporter traces "
                + "at the module level and sees only the layers it knows (" + LayerExports.KNOWN + ") and containers "
                + "or custom modules that only chain them; tensor ops in a custom forward are not traced yet");
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
