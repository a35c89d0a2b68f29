package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the layer recognisers ask of a graph while they match patterns of several nodes: the node
 * that makes each value, the nodes that read it, each node's position, and the values known at import
 * (initializers and {@code Constant} nodes).
 */
final class GraphIndex {
    /** A dotted module path ({@code layer1.0.conv1.weight}), not an exporter's own name ({@code onnx::Conv_30}). */
    static final Pattern MODULE_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");
    private static final Pattern REPEATED_CALL = Pattern.compile("(.+)_\\d+");

    private final GraphProto graph;
    private final Map<String, Tensor> initializers;
    private final Map<String, NodeProto> producer = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<NodeProto, Integer> position = new IdentityHashMap<>();
    private final Map<String, Tensor> constantNodeValues = new HashMap<>();
    private final Set<String> scopes = new HashSet<>();
    private final Map<String, String> modulePaths = new HashMap<>();

    GraphIndex(GraphProto graph, Map<String, Tensor> initializers) {
        this.graph = graph;
        this.initializers = initializers;
        for (NodeProto n : graph.getNodeList()) {
            position.put(n, position.size());
            String scope = LayerRecognizer.scopePath(n.getName());
            if (scope != null) {
                scopes.add(scope);
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    producer.put(out, n);
                }
            }
        }
    }

    /** The graph's nodes in order. */
    List<NodeProto> nodes() {
        return graph.getNodeList();
    }

    /**
     * The layers {@code match} finds at each node of the default domain's {@code op}, in graph order; a
     * node it refuses (null, or an exception for an unexpected constant or shape) is left out.
     */
    List<ImportedLayer> matchEach(String op, Function<NodeProto, ImportedLayer> match) {
        List<ImportedLayer> layers = new ArrayList<>();
        for (NodeProto n : graph.getNodeList()) {
            if (n.getOpType().equals(op) && n.getDomain().isEmpty()) {
                try {
                    ImportedLayer layer = match.apply(n);
                    if (layer != null) {
                        layers.add(layer);
                    }
                } catch (RuntimeException e) {
                    // the node stays a graph node
                }
            }
        }
        return layers;
    }

    /** The node that computes a value, or null for inputs, initializers and unknown names. */
    NodeProto producer(String value) {
        return producer.get(value);
    }

    /** The nodes that read a value, in graph order. */
    List<NodeProto> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /**
     * True when the value is read, only by {@code nodes}, and is not a graph output: a pattern that
     * computes it can change how without anything else seeing.
     */
    boolean readOnlyBy(String value, Collection<NodeProto> nodes) {
        List<NodeProto> readers = consumers(value);
        return !readers.isEmpty() && readers.stream().allMatch(r -> nodes.stream().anyMatch(n -> n == r))
                && graph.getOutputList().stream().noneMatch(o -> o.getName().equals(value));
    }

    /** A node's position in the graph. */
    int position(NodeProto n) {
        return position.get(n);
    }

    /** The position of the first node that reads a value, or the node count when none does. */
    int firstUse(String value) {
        List<NodeProto> readers = consumers(value);
        return readers.isEmpty() ? position.size() : position(readers.getFirst());
    }

    /** The initializers by name (the map the importer keeps). */
    Map<String, Tensor> initializers() {
        return initializers;
    }

    /**
     * An initializer the exporter computed from parameters (constant folding), which has a name of its
     * own ({@code onnx::MatMul_434}) rather than a module path; null for other names.
     */
    Tensor folded(String name) {
        return MODULE_PATH.matcher(name).matches() ? null : initializers.get(name);
    }

    /**
     * The value of an initializer or of a {@code Constant} node's {@code value} tensor, or null when the
     * value is computed (or the constant is written another way).
     */
    Tensor constant(String value) {
        Tensor t = initializers.get(value);
        if (t != null) {
            return t;
        }
        NodeProto p = producer(value);
        if (p == null || !p.getOpType().equals("Constant") || !p.getDomain().isEmpty()) {
            return null;
        }
        return constantNodeValues.computeIfAbsent(value, k -> {
            Attributes a = new Attributes(p);
            if (!a.has("value")) {
                return null;
            }
            TensorProto proto = a.getTensor("value");
            try {
                return OnnxTensors.toTensor(proto, null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        });
    }

    /** The node if it is the default domain's {@code op} in the module {@code path}, else null. */
    NodeProto inScope(NodeProto n, String path, String op) {
        boolean match = n != null && n.getOpType().equals(op) && n.getDomain().isEmpty() && path.equals(modulePath(n));
        return match ? n : null;
    }

    /** The one node that reads a value, if it is {@code op} in the scope {@code path}; else null. */
    NodeProto onlyReader(String value, String path, String op) {
        List<NodeProto> readers = consumers(value);
        return readers.size() == 1 ? inScope(readers.getFirst(), path, op) : null;
    }

    /** The elements of a constant vector of integers (a shape, axes, repeats), or null for another value. */
    static long[] vector(Tensor t) {
        return t == null || t.dim() != 1 || t.dtype().isFloatingPoint() ? null : t.toLongArray();
    }

    /** True when every element of a (small, constant) tensor equals {@code v}. */
    static boolean filledWith(Tensor t, double v) {
        for (double x : t.toDoubleArray()) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    /**
     * The path of the module a node belongs to: the scope in its name ({@link LayerRecognizer#scopePath}),
     * except that the exporter scopes a later call of a module {@code fc} as {@code fc_1}; such a scope
     * is {@code fc} when {@code fc} is a scope of the graph too and no initializer is stored under
     * {@code fc_1}. Null for a node outside any module.
     */
    String modulePath(NodeProto n) {
        String scope = LayerRecognizer.scopePath(n.getName());
        return scope == null ? null : modulePaths.computeIfAbsent(scope, s -> {
            Matcher m = REPEATED_CALL.matcher(s);
            String prefix = s + ".";
            boolean stores = initializers.keySet().stream().anyMatch(k -> k.startsWith(prefix));
            return m.matches() && scopes.contains(m.group(1)) && !stores ? m.group(1) : s;
        });
    }

    /**
     * The value that {@code value} copies through Identity nodes (the exporter's way of reusing one
     * initializer under a second name), the Identity nodes passed added to {@code passed}.
     */
    String throughIdentity(String value, List<NodeProto> passed) {
        String v = value;
        for (NodeProto p = producer(v); p != null && p.getOpType().equals("Identity") && p.getDomain().isEmpty();
                p = producer(v)) {
            passed.add(p);
            v = p.getInput(0);
        }
        return v;
    }
}
