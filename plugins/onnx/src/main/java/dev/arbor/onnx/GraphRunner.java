package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs ONNX graphs node by node: resolves each node's op once (per graph), keeps values in nested
 * scopes (a subgraph sees its enclosing graphs' names), and drops each intermediate value after its
 * last use so large models run in bounded memory. Without gradients, a run also hands the memory of
 * each intermediate back at its last use, and of each op's temporaries when the op returns (a
 * {@link MemoryScope}), so the next node reuses it at once instead of waiting for the collector.
 */
public final class GraphRunner {
    private final Map<String, Integer> opsets;
    private final Path baseDir;
    private final Function<NodeProto, OnnxOp> override;
    private final Map<GraphProto, Plan> plans = Collections.synchronizedMap(new IdentityHashMap<>());
    private final DeviceCopies deviceCopies = new DeviceCopies();
    private volatile boolean training;

    /**
     * A runner for one model's graphs.
     *
     * @param opsets   the model's opset imports, domain to version ("" for the default domain)
     * @param baseDir  the folder external data is relative to (may be null)
     * @param override a node's replacement op (a layer module of a GraphModule), or null for the registry's
     */
    public GraphRunner(Map<String, Integer> opsets, Path baseDir, Function<NodeProto, OnnxOp> override) {
        this.opsets = Map.copyOf(opsets);
        this.baseDir = baseDir;
        this.override = override;
    }

    /**
     * Sets training mode, which Dropout and BatchNormalization nodes read.
     *
     * @param training true for training mode, false for inference (the default)
     */
    public void setTraining(boolean training) {
        this.training = training;
    }

    boolean training() {
        return training;
    }

    DeviceCopies deviceCopies() {
        return deviceCopies;
    }

    /**
     * {@return the opset version a node of {@code domain} runs under}
     *
     * @param domain the node's domain; empty, null or {@code ai.onnx} for the default domain
     * @throws OnnxException when the model imports no opset for the domain
     */
    public int opset(String domain) {
        String d = domain == null || domain.equals("ai.onnx") ? "" : domain;
        Integer v = opsets.get(d);
        if (v == null) {
            throw new OnnxException("the model does not import an opset for domain '" + d + "'");
        }
        return v;
    }

    /**
     * Runs a top-level graph.
     *
     * @param graph the graph to run
     * @param values the graph's inputs and its initializers by name (the caller owns the initializers:
     *               a {@link GraphModule} passes its parameters); subgraphs load their own
     * @return the graph's outputs, in order
     */
    public List<Object> run(GraphProto graph, Map<String, ?> values) {
        return run(graph, values, true);
    }

    /**
     * Runs a top-level graph.
     *
     * @param releaseEarly whether memory may be released at last use (when no gradients are recorded):
     *                     false where something outside the runner may keep an intermediate (a hook)
     */
    List<Object> run(GraphProto graph, Map<String, ?> values, boolean releaseEarly) {
        try (MemoryScope memory = releaseEarly ? MemoryScope.open() : MemoryScope.suspend()) {
            Scope scope = new Scope(null, memory.isTracking() ? memory : null);
            values.forEach(scope::put);
            return execute(graph, scope, false);
        }
    }

    List<Object> runSubgraph(GraphProto graph, List<Object> inputs, Map<String, Object> outer) {
        Scope parent = (Scope) outer;
        Scope scope = new Scope(parent, parent.memory);
        if (inputs.size() > graph.getInputCount()) {
            throw new OnnxException("subgraph '" + graph.getName() + "' takes " + graph.getInputCount() + " inputs, got "
                    + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            scope.put(graph.getInput(i).getName(), inputs.get(i));
        }
        return execute(graph, scope, true);
    }

    private List<Object> execute(GraphProto graph, Scope scope, boolean ownInitializers) {
        Plan plan = plans.computeIfAbsent(graph, g -> plan(g, ownInitializers));
        plan.initializers.forEach(scope::put);
        FoldedValues.Run folding = plan.folding.begin(scope::get);
        IntermediateMemory memory = scope.memory == null ? null : new IntermediateMemory(scope.memory);
        for (int n = 0; n < plan.nodes.size(); n++) {
            if (folding.skips(n)) {
                // its values were kept by an earlier run and never die
                folding.handOver(n, scope::put);
                continue;
            }
            NodeProto node = plan.nodes.get(n);
            int index = n;
            int mark = memory == null ? 0 : memory.mark();
            List<Object> outputs = folding.outputs(n, scope::get, () -> run(plan, index, scope));
            for (int i = 0; i < node.getOutputCount(); i++) {
                String name = node.getOutput(i);
                if (!name.isEmpty() && i < outputs.size()) {
                    scope.put(name, outputs.get(i));
                }
            }
            if (memory != null) {
                memory.nodeDone(mark, outputs, folding.kept(n));
            }
            for (String dead : plan.freeAfter.get(n)) {
                Object value = scope.remove(dead);
                if (memory != null) {
                    memory.dead(value);
                }
            }
        }
        List<Object> out = new ArrayList<>(graph.getOutputCount());
        for (int i = 0; i < graph.getOutputCount(); i++) {
            String name = graph.getOutput(i).getName();
            if (!scope.has(name)) {
                throw new OnnxException("graph output '" + name + "' is never computed");
            }
            Object value = scope.get(name);
            // a caller that changes an output in place must not change a value the next run reuses
            int producer = plan.outputProducers[i];
            out.add(value instanceof Tensor t && producer >= 0 && folding.kept(producer) ? t.clone() : value);
        }
        folding.finish();
        return out;
    }

    /** Runs node {@code n} of a plan on its inputs from the scope. */
    private List<Object> run(Plan plan, int n, Scope scope) {
        NodeProto node = plan.nodes.get(n);
        List<Object> inputs = new ArrayList<>(node.getInputCount());
        for (String name : node.getInputList()) {
            if (name.isEmpty()) {
                inputs.add(null);
            } else if (!scope.has(name)) {
                throw new OnnxException("node '" + node.getName() + "' (" + node.getOpType() + ") reads '" + name
                        + "', which no earlier node, input or initializer defines");
            } else {
                inputs.add(scope.get(name));
            }
        }
        OpContext ctx = new OpContext(node, plan.attributes.get(n), plan.opsets[n], this, scope);
        try {
            return plan.ops.get(n).run(ctx, Collections.unmodifiableList(inputs));
        } catch (OnnxException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OnnxException(ctx.describe() + " failed on inputs " + describe(inputs) + ": " + e.getMessage(), e);
        }
    }

    /** Shapes and kinds of runtime values, for error messages. */
    static String describe(List<Object> values) {
        List<String> parts = new ArrayList<>();
        for (Object v : values) {
            parts.add(switch (v) {
                case null -> "none";
                case Tensor t -> t.dtype() + Shapes.str(t.shape());
                case List<?> l -> "sequence(" + l.size() + ")";
                default -> v.getClass().getSimpleName();
            });
        }
        return parts.toString();
    }

    /**
     * A graph prepared to run: its nodes' ops, attributes and opsets, its initializers, the values it
     * folds ({@link FoldedValues}), which node computes each graph output, and when each value can be
     * dropped.
     */
    private static final class Plan {
        final List<NodeProto> nodes;
        final List<OnnxOp> ops = new ArrayList<>();
        final List<Attributes> attributes = new ArrayList<>();
        final int[] opsets;
        final Map<String, Tensor> initializers = new HashMap<>();
        FoldedValues folding;
        /** For each graph output, the index of the node that computes it, or -1. */
        int[] outputProducers;
        final List<List<String>> freeAfter = new ArrayList<>();

        Plan(List<NodeProto> nodes) {
            this.nodes = nodes;
            this.opsets = new int[nodes.size()];
        }
    }

    private Plan plan(GraphProto graph, boolean loadInitializers) {
        Plan plan = new Plan(graph.getNodeList());
        if (loadInitializers) {
            plan.initializers.putAll(initializers(graph, baseDir));
        }
        Set<String> localValues = new HashSet<>();
        Map<String, Integer> lastUse = new HashMap<>();
        boolean[] registryOp = new boolean[plan.nodes.size()];
        // a top-level graph's initializers come with its inputs (a GraphModule's parameters): every name that
        // no node computes and that is not a graph input
        Set<String> initializerNames = new HashSet<>();
        graph.getInitializerList().forEach(t -> initializerNames.add(t.getName()));
        Set<String> graphInputs = new HashSet<>();
        graph.getInputList().forEach(v -> graphInputs.add(v.getName()));
        for (int n = 0; n < plan.nodes.size(); n++) {
            NodeProto node = plan.nodes.get(n);
            if (!loadInitializers) {
                for (String in : node.getInputList()) {
                    if (!in.isEmpty() && !localValues.contains(in) && !graphInputs.contains(in)) {
                        initializerNames.add(in);
                    }
                }
            }
            OnnxOp op = override == null ? null : override.apply(node);
            registryOp[n] = op == null;
            if (op == null) {
                op = OnnxOps.find(node.getDomain(), node.getOpType(), opset(node.getDomain()));
            }
            if (op == null) {
                throw new OnnxException("node '" + node.getName() + "': op " + qualified(node) + " (opset "
                        + opset(node.getDomain()) + ") is not supported");
            }
            plan.ops.add(op);
            plan.attributes.add(new Attributes(node));
            plan.opsets[n] = opset(node.getDomain());
            for (String in : referencedNames(node)) {
                lastUse.put(in, n);
            }
            localValues.addAll(node.getOutputList());
        }
        plan.folding = new FoldedValues(plan.nodes, registryOp, initializerNames,
                graph.getOutputList().stream().map(ValueInfoProto::getName).collect(Collectors.toSet()));
        Map<String, Integer> producer = new HashMap<>();
        for (int n = 0; n < plan.nodes.size(); n++) {
            for (String out : plan.nodes.get(n).getOutputList()) {
                producer.put(out, n);
            }
        }
        plan.outputProducers = graph.getOutputList().stream()
                .mapToInt(o -> producer.getOrDefault(o.getName(), -1)).toArray();
        Set<String> keep = new HashSet<>();
        graph.getOutputList().forEach(o -> keep.add(o.getName()));
        for (int n = 0; n < plan.nodes.size(); n++) {
            plan.freeAfter.add(new ArrayList<>());
        }
        lastUse.forEach((name, n) -> {
            if (localValues.contains(name) && !keep.contains(name)) {
                plan.freeAfter.get(n).add(name);
            }
        });
        // an output that nothing reads is dead as soon as its node ran
        for (int n = 0; n < plan.nodes.size(); n++) {
            for (String out : plan.nodes.get(n).getOutputList()) {
                if (!out.isEmpty() && !lastUse.containsKey(out) && !keep.contains(out)) {
                    plan.freeAfter.get(n).add(out);
                }
            }
        }
        return plan;
    }

    /** A graph's initializers as tensors, by name, in the graph's order. */
    static Map<String, Tensor> initializers(GraphProto graph, Path baseDir) {
        return initializers(graph, baseDir, null);
    }

    /**
     * A graph's initializers as tensors, by name, in the graph's order.
     *
     * @param file the mapped file the graph was parsed from, whose tensor bytes are read from the file; or null
     */
    static Map<String, Tensor> initializers(GraphProto graph, Path baseDir, MappedModelFile file) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        try (MappedModelFile.Reader reader = file == null ? null : file.reader()) {
            for (TensorProto init : graph.getInitializerList()) {
                try {
                    out.put(init.getName(), OnnxTensors.toTensor(init, baseDir, reader));
                } catch (IOException e) {
                    throw new OnnxException("initializer '" + init.getName() + "': " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new OnnxException("the model file cannot be read again for its tensors: " + e.getMessage(), e);
        }
        return out;
    }

    /** The names a node reads: its inputs, and every name from outside that its subgraphs read. */
    static Set<String> referencedNames(NodeProto node) {
        Set<String> names = new HashSet<>(node.getInputList());
        names.remove("");
        for (AttributeProto a : node.getAttributeList()) {
            List<GraphProto> graphs = new ArrayList<>(a.getGraphsList());
            if (a.hasG()) {
                graphs.add(a.getG());
            }
            for (GraphProto g : graphs) {
                names.addAll(outerNames(g));
            }
        }
        return names;
    }

    /** The names a subgraph reads that it does not define itself. */
    static Set<String> outerNames(GraphProto g) {
        Set<String> own = new HashSet<>();
        g.getInputList().forEach(v -> own.add(v.getName()));
        g.getInitializerList().forEach(t -> own.add(t.getName()));
        Set<String> read = new HashSet<>();
        for (NodeProto inner : g.getNodeList()) {
            read.addAll(referencedNames(inner));
            own.addAll(inner.getOutputList());
        }
        g.getOutputList().forEach(v -> read.add(v.getName()));
        read.removeAll(own);
        read.remove("");
        return read;
    }

    static String qualified(NodeProto node) {
        String d = node.getDomain();
        return d.isEmpty() || d.equals("ai.onnx") ? node.getOpType() : d + ":" + node.getOpType();
    }

    /** Values by name, with the enclosing graph's scope behind. */
    private static final class Scope extends java.util.AbstractMap<String, Object> {
        private final Scope parent;
        private final Map<String, Object> own = new HashMap<>();
        /** The memory scope of the run, when it releases memory early; else null. */
        final MemoryScope memory;

        Scope(Scope parent, MemoryScope memory) {
            this.parent = parent;
            this.memory = memory;
        }

        boolean has(String name) {
            return own.containsKey(name) || (parent != null && parent.has(name));
        }

        Object get(String name) {
            if (own.containsKey(name)) {
                return own.get(name);
            }
            return parent == null ? null : parent.get(name);
        }

        @Override
        public Object put(String name, Object value) {
            return own.put(name, value);
        }

        Object remove(String name) {
            return own.remove(name);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return own.entrySet();
        }
    }
}
