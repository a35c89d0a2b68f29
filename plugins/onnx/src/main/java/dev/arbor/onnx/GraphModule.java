package dev.arbor.onnx;

import dev.arbor.nn.Init;
import dev.arbor.nn.InstanceNormNd;
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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An ONNX model imported as a module tree, as torch.fx's {@code GraphModule}: initializers become
 * parameters (floating point, trainable) and buffers (the rest, and running statistics), nested in
 * child modules by their dotted names, so {@link #stateDict()} has the keys of the PyTorch model that
 * was exported with its parameter names; {@link #forward(Object...)} runs the graph's nodes in order
 * with autograd, so the imported model trains. Initializers whose names are not module paths (the
 * exporter's folded constants, such as {@code onnx::Conv_30}) are kept as constants outside the
 * state dict, and move with {@link #to}.
 *
 * <p>Where the graph holds a PyTorch layer ({@link LayerFinder}: Conv, Linear, the norms, LSTM/GRU/RNN,
 * Embedding, activations and pools), the child at its path is that layer, so {@link #toString()} reads
 * like the PyTorch model's repr and the layer brings the buffers the graph dropped
 * ({@code num_batches_tracked}). A layer of one node runs as a call of the layer; the nodes of a larger
 * pattern keep running and read the layer's parameters, also where the exporter folded them into
 * tensors of its own (LSTM gates in ONNX's order, a transposed Linear weight), which are then computed
 * from the parameters at each call.
 */
public final class GraphModule extends Module {
    private static final Set<String> BUFFER_NAMES = Set.of("running_mean", "running_var", "num_batches_tracked");

    private final OnnxModel model;
    private final GraphRunner runner;
    /**
     * Initializer name to its value: the parameter, buffer or constant holding it (identity is stable
     * across moves), or a value computed from a layer's parameters where the exporter folded them.
     */
    private final Map<String, Supplier<Tensor>> initializerValues = new LinkedHashMap<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();

    private final GraphProto graph;

    private GraphModule(OnnxModel model) {
        this.model = model;
        Map<NodeProto, OnnxOp> layerOps = new IdentityHashMap<>();
        this.runner = new GraphRunner(model.opsets(), model.baseDir(), layerOps::get);
        Map<String, Tensor> initializers = new LinkedHashMap<>(model.loadInitializers());
        this.graph = materializeAliases(model.graph(), initializers);
        GraphIndex index = new GraphIndex(graph, initializers);
        List<ImportedLayer> layers;
        // the recognisers set every layer tensor from an initializer: drawing random values first is waste
        try (var skip = Init.skipRandom()) {
            layers = LayerFinder.find(graph, index);
        }
        Map<String, ImportedLayer> layerOfTensor = new LinkedHashMap<>();
        Map<String, ImportedLayer> layerOfFolded = new LinkedHashMap<>();
        List<ImportedLayer> unplaced = new ArrayList<>();
        Map<NodeProto, Module> nodeLayers = new IdentityHashMap<>();
        for (ImportedLayer layer : layers) {
            layer.tensors().values().forEach(t -> layerOfTensor.put(t, layer));
            layer.folded().keySet().forEach(t -> layerOfFolded.put(t, layer));
            if (layer.tensors().isEmpty()) {
                unplaced.add(layer);
            }
            if (layer.runsNode()) {
                Module m = layer.module();
                layer.nodes().forEach(n -> {
                    layerOps.put(n, (ctx, in) -> List.of(m.call(ctx.tensor(in, 0))));
                    nodeLayers.put(n, m);
                });
            } else if (layer.module() instanceof InstanceNormNd norm && norm.trackRunningStats()) {
                layer.nodes().stream().filter(n -> n.getOpType().equals("BatchNormalization"))
                        .forEach(n -> layerOps.put(n, TrackedInstanceNormRecognizer.normNodeOp(norm)));
            }
        }
        ConvInferenceFold.install(index, layerOps, nodeLayers);
        for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
            String name = e.getKey();
            Tensor value = e.getValue();
            placeUpTo(unplaced, index, index.firstUse(name));
            ImportedLayer layer = layerOfTensor.get(name);
            ImportedLayer folding = layerOfFolded.get(name);
            if (layer != null) {
                Module owner = place(layer.path(), layer.module());
                String leaf = name.substring(name.lastIndexOf('.') + 1);
                Tensor target = owner.namedParameters("", false, true).containsKey(leaf) ? owner.getParameter(leaf)
                        : owner.getBuffer(leaf);
                try (var scope = GradMode.noGrad()) {
                    target.setData(value);
                }
                initializerValues.put(name, () -> target);
            } else if (folding != null) {
                Module owner = place(folding.path(), folding.module());
                Function<Module, Tensor> compute = folding.folded().get(name);
                initializerValues.put(name, () -> compute.apply(owner));
            } else if (!GraphIndex.MODULE_PATH.matcher(name).matches()) {
                constants.put(name, value);
                initializerValues.put(name, () -> value);
            } else {
                int dot = name.lastIndexOf('.');
                Module owner = dot < 0 ? this : scope(name.substring(0, dot));
                String leaf = name.substring(dot + 1);
                Tensor registered = value.dtype().isFloatingPoint() && !BUFFER_NAMES.contains(leaf)
                        ? owner.registerParameter(leaf, new Parameter(value)) : owner.registerBuffer(leaf, value);
                initializerValues.put(name, () -> registered);
            }
        }
        placeUpTo(unplaced, index, Integer.MAX_VALUE);
        runner.setTraining(isTraining());
    }

    /**
     * Registers the layers that no initializer places (parameterless ones, and those whose tensors are
     * all folded) whose first node comes before {@code position}: PyTorch lists a module's children in
     * the order its constructor made them, which the graph's order follows more often than not.
     */
    private void placeUpTo(List<ImportedLayer> unplaced, GraphIndex index, int position) {
        while (!unplaced.isEmpty() && LayerFinder.firstPosition(index, unplaced.getFirst()) < position) {
            ImportedLayer layer = unplaced.removeFirst();
            place(layer.path(), layer.module());
        }
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
            if (n.getOpType().equals("Identity") && source != null && GraphIndex.MODULE_PATH.matcher(out).matches()) {
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

    /** Each initializer of {@link #runGraph()} by name, with its current value. */
    Map<String, Tensor> initializerValues() {
        Map<String, Tensor> values = new LinkedHashMap<>();
        try (var scope = GradMode.noGrad()) {
            initializerValues.forEach((name, value) -> values.put(name, value.get()));
        }
        return values;
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
        Map<String, Object> values = new LinkedHashMap<>();
        initializerValues.forEach((name, value) -> values.put(name, value.get()));
        for (int i = 0; i < inputs.length; i++) {
            values.put(feeds.get(i).getName(), inputs[i]);
        }
        List<Object> outputs = runner.run(graph, values, intermediatesStayInside());
        return outputs.size() == 1 ? outputs.getFirst() : new ArrayList<>(outputs);
    }

    /**
     * Whether nothing outside the graph can keep an intermediate value, so a run may release each at
     * its last use: no module in the tree has hooks, and every one is Arbor's own (a user's module put
     * in the tree may keep what it is given).
     */
    private boolean intermediatesStayInside() {
        for (Module m : modules()) {
            if (m.hasHooks() || !m.getClass().getPackageName().startsWith("dev.arbor.")) {
                return false;
            }
        }
        return true;
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
