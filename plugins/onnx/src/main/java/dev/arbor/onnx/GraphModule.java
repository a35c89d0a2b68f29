package dev.arbor.onnx;

import dev.arbor.nn.Module;
import dev.arbor.nn.Parameter;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * An ONNX model imported as a module tree, as torch.fx's {@code GraphModule}: initializers become
 * parameters (floating point, trainable) and buffers (the rest, and running statistics), nested in
 * child modules by their dotted names, so {@link #stateDict()} has the keys of the PyTorch model that
 * was exported with its parameter names; {@link #forward(Object...)} runs the graph's nodes in order
 * with autograd, so the imported model trains. Initializers whose names are not module paths (the
 * exporter's folded constants, such as {@code onnx::Conv_30}) are kept as constants outside the
 * state dict, and move with {@link #to}.
 */
public final class GraphModule extends Module {
    private static final Pattern MODULE_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");
    private static final Set<String> BUFFER_NAMES = Set.of("running_mean", "running_var", "num_batches_tracked");

    private final OnnxModel model;
    private final GraphRunner runner;
    /** Initializer name to the parameter, buffer or constant holding it (identity is stable across moves). */
    private final Map<String, Tensor> initializerValues = new LinkedHashMap<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();

    private final GraphProto graph;

    private GraphModule(OnnxModel model) {
        this.model = model;
        Map<NodeProto, OnnxOp> layerOps = new IdentityHashMap<>();
        this.runner = new GraphRunner(model.opsets(), model.baseDir(), layerOps::get);
        Map<String, Tensor> initializers = new LinkedHashMap<>(model.loadInitializers());
        this.graph = materializeAliases(model.graph(), initializers);
        Map<String, LayerRecognizer.Layer> layerOfTensor = new LinkedHashMap<>();
        List<LayerRecognizer.Layer> scopedLayers = new ArrayList<>();
        recognizeLayers(initializers, layerOps, layerOfTensor, scopedLayers);
        for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
            String name = e.getKey();
            Tensor value = e.getValue();
            LayerRecognizer.Layer layer = layerOfTensor.get(name);
            if (layer != null) {
                Module owner = place(layer.path(), layer.module());
                String leaf = name.substring(name.lastIndexOf('.') + 1);
                Tensor target = owner.namedParameters("", false, true).containsKey(leaf) ? owner.getParameter(leaf)
                        : owner.getBuffer(leaf);
                try (var scope = GradMode.noGrad()) {
                    target.setData(value);
                }
                initializerValues.put(name, target);
                continue;
            }
            if (!MODULE_PATH.matcher(name).matches()) {
                constants.put(name, value);
                initializerValues.put(name, value);
                continue;
            }
            int dot = name.lastIndexOf('.');
            Module owner = dot < 0 ? this : scope(name.substring(0, dot));
            String leaf = name.substring(dot + 1);
            if (value.dtype().isFloatingPoint() && !BUFFER_NAMES.contains(leaf)) {
                initializerValues.put(name, owner.registerParameter(leaf, new Parameter(value)));
            } else {
                initializerValues.put(name, owner.registerBuffer(leaf, value));
            }
        }
        for (LayerRecognizer.Layer layer : scopedLayers) {
            place(layer.path(), layer.module());
        }
        runner.setTraining(isTraining());
    }

    /**
     * Finds the nodes that are layers ({@link LayerRecognizer}) and makes each run through its module.
     * A path keeps one module: a second node at the same path (a module called twice) uses it again
     * when it is the same kind of layer over the same tensors; otherwise, or when the path also holds
     * other initializers, the nodes stay generic.
     */
    private void recognizeLayers(Map<String, Tensor> initializers, Map<NodeProto, OnnxOp> layerOps,
                                 Map<String, LayerRecognizer.Layer> layerOfTensor,
                                 List<LayerRecognizer.Layer> scopedLayers) {
        LayerRecognizer recognizer = new LayerRecognizer(initializers, Ranks.infer(graph));
        Map<String, LayerRecognizer.Layer> byPath = new LinkedHashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            LayerRecognizer.Layer found = recognizer.recognize(n);
            if (found == null || n.getOutputCount() != 1) {
                continue;
            }
            LayerRecognizer.Layer existing = byPath.get(found.path());
            if (existing != null) {
                if (existing.module().getClass() != found.module().getClass()
                        || !existing.tensors().equals(found.tensors())) {
                    continue;
                }
                found = existing;
            } else if (!ownsOnly(found, initializers.keySet())) {
                continue;
            } else {
                byPath.put(found.path(), found);
                if (found.tensors().isEmpty()) {
                    scopedLayers.add(found);
                }
                for (String t : found.tensors().values()) {
                    layerOfTensor.put(t, found);
                }
            }
            Module m = found.module();
            layerOps.put(n, (ctx, in) -> List.of(m.call(ctx.tensor(in, 0))));
        }
    }

    /** True when no initializer lies under the layer's path except the layer's own tensors. */
    private static boolean ownsOnly(LayerRecognizer.Layer layer, Set<String> initializerNames) {
        String prefix = layer.path() + ".";
        for (String name : initializerNames) {
            if (name.startsWith(prefix) && !layer.tensors().containsValue(name)) {
                return false;
            }
        }
        return true;
    }

    /** Registers {@code module} at a dotted path (parents made as needed) unless one is there already. */
    private Module place(String path, Module module) {
        int dot = path.lastIndexOf('.');
        Module parent = dot < 0 ? this : scope(path.substring(0, dot));
        String name = path.substring(dot + 1);
        Module existing = parent.namedChildren().get(name);
        return existing != null ? existing : parent.register(name, module);
    }

    /**
     * The exporter merges initializers with equal values (fresh BatchNorm or LayerNorm weights, the
     * deep-copied layers of a TransformerEncoder) into one, and recreates the others with Identity
     * nodes; each such alias with a parameter name becomes an initializer of its own again, placed in
     * the state-dict order by {@link AliasOrder}.
     *
     * @return the graph without those Identity nodes
     */
    private static GraphProto materializeAliases(GraphProto g, Map<String, Tensor> initializers) {
        List<NodeProto> kept = new ArrayList<>();
        Map<String, Tensor> added = new LinkedHashMap<>();
        for (NodeProto n : g.getNodeList()) {
            String out = n.getOutputCount() == 1 ? n.getOutput(0) : "";
            String in = n.getInputCount() == 1 ? n.getInput(0) : "";
            Tensor source = initializers.containsKey(in) ? initializers.get(in) : added.get(in);
            if (n.getOpType().equals("Identity") && source != null && MODULE_PATH.matcher(out).matches()) {
                added.put(out, source.clone());
            } else {
                kept.add(n);
            }
        }
        if (added.isEmpty()) {
            return g;
        }
        Map<String, Tensor> merged = new LinkedHashMap<>();
        for (String name : AliasOrder.place(new ArrayList<>(initializers.keySet()), added.keySet())) {
            merged.put(name, initializers.containsKey(name) ? initializers.get(name) : added.get(name));
        }
        initializers.clear();
        initializers.putAll(merged);
        return g.toBuilder().clearNode().addAllNode(kept).build();
    }

    /**
     * Imports a model file.
     *
     * @param path the {@code .onnx} file; external data is read relative to its folder
     * @return the model as a trainable module tree
     * @throws IOException when the file cannot be read or is not a valid ONNX model
     */
    public static GraphModule load(Path path) throws IOException {
        return new GraphModule(OnnxModel.load(path));
    }

    /**
     * Imports a parsed model.
     *
     * @param model the parsed and checked model
     * @return the model as a trainable module tree
     */
    public static GraphModule of(OnnxModel model) {
        return new GraphModule(model);
    }

    /** {@return the model this module runs, as it was imported} */
    public OnnxModel model() {
        return model;
    }

    /** The module at a dotted path, made (as a {@link ScopeModule}) where missing. */
    private Module scope(String path) {
        Module m = this;
        for (String part : path.split("\\.")) {
            Module child = m.namedChildren().get(part);
            if (child == null) {
                child = m.register(part, new ScopeModule());
            }
            m = child;
        }
        return m;
    }

    /** The graph as it runs (exporter aliases made initializers again), for {@link OnnxExporter}. */
    GraphProto runGraph() {
        return graph;
    }

    /** Each initializer of {@link #runGraph()} by name, as the tensor that holds its current value. */
    Map<String, Tensor> initializerValues() {
        return java.util.Collections.unmodifiableMap(initializerValues);
    }

    /** {@return the names of the inputs {@link #forward} takes, in order} */
    public List<String> inputNames() {
        return model.feedInputs().stream().map(ValueInfoProto::getName).toList();
    }

    /** {@return the names of the graph's outputs, in order} */
    public List<String> outputNames() {
        return model.graph().getOutputList().stream().map(ValueInfoProto::getName).toList();
    }

    /**
     * Runs the graph on its inputs, by position (tensors, or lists for sequence inputs).
     *
     * @return the output tensor when the graph has one output, else a {@code List} of the outputs in order
     */
    @Override
    public Object forward(Object... inputs) {
        List<ValueInfoProto> feeds = model.feedInputs();
        if (inputs.length != feeds.size()) {
            throw new IllegalArgumentException("the model takes " + feeds.size() + " input(s) " + inputNames()
                    + ", got " + inputs.length);
        }
        Map<String, Object> values = new LinkedHashMap<>(initializerValues);
        for (int i = 0; i < inputs.length; i++) {
            values.put(feeds.get(i).getName(), inputs[i]);
        }
        List<Object> outputs = runner.run(graph, values);
        return outputs.size() == 1 ? outputs.getFirst() : new ArrayList<>(outputs);
    }

    @Override
    public Tensor forward(Tensor input) {
        Object out = forward(new Object[] {input});
        if (out instanceof Tensor t) {
            return t;
        }
        throw new IllegalStateException("the model has " + outputNames().size() + " outputs; call it with "
                + "call((Object) input) to get them all");
    }

    @Override
    public Module train(boolean mode) {
        super.train(mode);
        runner.setTraining(mode);
        return this;
    }

    @Override
    protected Module applyToTensors(UnaryOperator<Tensor> fn) {
        super.applyToTensors(fn);
        for (Tensor c : constants.values()) {
            Tensor moved = fn.apply(c);
            if (moved != c) {
                c.setData(moved);
            }
        }
        return this;
    }
}
