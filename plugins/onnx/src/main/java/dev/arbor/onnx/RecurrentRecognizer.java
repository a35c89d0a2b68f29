package dev.arbor.onnx;

import dev.arbor.nn.GRU;
import dev.arbor.nn.LSTM;
import dev.arbor.nn.Module;
import dev.arbor.nn.RNN;
import dev.arbor.nn.RNNBase;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Recognises {@code nn.LSTM}, {@code nn.GRU} and {@code nn.RNN} in the ONNX nodes that
 * {@code torch.onnx.export} writes for them: one LSTM/GRU/RNN node per layer, in the module's scope
 * ({@code /encoder/lstm/LSTM_1}), chained through the Squeeze (or Transpose and Reshape when
 * bidirectional) between layers, with a Transpose before the first for {@code batch_first}.
 *
 * <p>The nodes keep running; the layer owns the parameters under PyTorch's names and shapes
 * ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code _reverse}
 * for the backward direction). An export that kept parameter names has those initializers, which the
 * graph reorders with Slice and Concat nodes; a constant-folded export has ONNX's {@code W}, {@code R}
 * and {@code B} instead ({@code [directions, gates * hidden, input]}, gates in ONNX's order iofc for
 * LSTM and zrh for GRU where PyTorch's are ifgo and rzn, {@code B} the input and hidden biases one
 * after the other), which become values computed from the parameters. Anything else (peepholes, clip,
 * other activations, a reverse-only direction, GRU without {@code linear_before_reset}) stays graph
 * nodes.
 */
final class RecurrentRecognizer {
    /** ONNX's gate blocks as PyTorch's block indices, per op. */
    private static final Map<String, int[]> ONNX_GATES = Map.of("LSTM", new int[] {0, 3, 1, 2},
            "GRU", new int[] {1, 0, 2}, "RNN", new int[] {0});
    /** The ops between two layers' nodes and before the first (batch_first). */
    private static final Set<String> GLUE = Set.of("Squeeze", "Transpose", "Reshape");

    private final GraphIndex graph;

    RecurrentRecognizer(GraphIndex graph) {
        this.graph = graph;
    }

    /** The recurrent layers of the graph, one per scope whose nodes form one. */
    List<ImportedLayer> recognize() {
        Map<String, List<NodeProto>> byScope = new LinkedHashMap<>();
        for (NodeProto n : graph.nodes()) {
            String scope = graph.modulePath(n);
            if (ONNX_GATES.containsKey(n.getOpType()) && n.getDomain().isEmpty() && scope != null) {
                byScope.computeIfAbsent(scope, k -> new ArrayList<>()).add(n);
            }
        }
        List<ImportedLayer> layers = new ArrayList<>();
        for (Map.Entry<String, List<NodeProto>> e : byScope.entrySet()) {
            try {
                ImportedLayer layer = layer(e.getKey(), e.getValue());
                if (layer != null) {
                    layers.add(layer);
                }
            } catch (RuntimeException ex) {
                // options the layer refuses, or tensors of unexpected shapes: the nodes stay generic
            }
        }
        return layers;
    }

    private ImportedLayer layer(String path, List<NodeProto> nodes) {
        String op = nodes.getFirst().getOpType();
        if (nodes.stream().anyMatch(n -> !n.getOpType().equals(op))) {
            return null;
        }
        List<List<NodeProto>> calls = calls(path, nodes);
        if (calls == null) {
            return null;
        }
        List<NodeProto> first = calls.getFirst();
        Attributes a = new Attributes(first.getFirst());
        long hidden = a.getInt("hidden_size", 0);
        String direction = a.getString("direction", "forward");
        String nonlinearity = nonlinearity(op, a, direction);
        if (hidden <= 0 || nonlinearity == null || !direction.equals("forward") && !direction.equals("bidirectional")) {
            return null;
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        for (NodeProto n : nodes) {
            if (!supported(n, op, a)) {
                return null;
            }
        }
        NodeProto head = first.getFirst();
        NodeProto input = graph.producer(head.getInput(0));
        boolean batchFirst = input != null && path.equals(graph.modulePath(input));
        if (batchFirst && !(input.getOpType().equals("Transpose")
                && Arrays.equals(new Attributes(input).getInts("perm", null), new long[] {1, 0, 2}))) {
            return null;
        }
        boolean bias = hasBias(head);
        Tensor w0 = weight(path, head, 1, 0, dirs);
        if (w0 == null) {
            return null;
        }
        long gates = ONNX_GATES.get(op).length;
        long inputSize = w0.size(-1);
        RNNBase module = build(op, inputSize, hidden, first.size(), bias, batchFirst, dirs == 2, nonlinearity);
        Map<String, String> tensors = new LinkedHashMap<>();
        Map<String, Function<Module, Tensor>> folded = new LinkedHashMap<>();
        List<NodeProto> passed = new ArrayList<>();
        for (int layer = 0; layer < first.size(); layer++) {
            for (List<NodeProto> call : calls) {
                NodeProto n = call.get(layer);
                if (hasBias(n) != bias) {
                    return null;
                }
                if (!bind(path, module, n, layer, dirs, gates * hidden, tensors, folded, op, passed)) {
                    return null;
                }
            }
        }
        List<NodeProto> all = new ArrayList<>(passed);
        calls.forEach(all::addAll);
        return ImportedLayer.owner(all, path, module, tensors, folded);
    }

    private static boolean hasBias(NodeProto n) {
        return n.getInputCount() > 3 && !n.getInput(3).isEmpty();
    }

    /**
     * The module's calls: each a chain of one node per layer, the next layer reading the previous one's
     * output through Squeeze, Transpose and Reshape nodes of the scope; null when the calls differ in
     * depth.
     */
    private List<List<NodeProto>> calls(String path, List<NodeProto> nodes) {
        List<List<NodeProto>> calls = new ArrayList<>();
        for (NodeProto n : nodes) {
            NodeProto previous = previousLayer(path, n.getInput(0));
            List<NodeProto> chain = null;
            for (List<NodeProto> c : calls) {
                if (c.getLast() == previous) {
                    chain = c;
                }
            }
            if (previous != null && chain == null) {
                return null;
            }
            if (chain == null) {
                calls.add(chain = new ArrayList<>());
            }
            chain.add(n);
        }
        int depth = calls.getFirst().size();
        return calls.stream().allMatch(c -> c.size() == depth) ? calls : null;
    }

    /** The recurrent node of the scope whose output a value is, through at most three glue nodes; or null. */
    private NodeProto previousLayer(String path, String value) {
        String v = value;
        for (int step = 0; step < 4; step++) {
            NodeProto p = graph.producer(v);
            if (p == null || !path.equals(graph.modulePath(p))) {
                return null;
            }
            if (ONNX_GATES.containsKey(p.getOpType())) {
                return p.getOutput(0).equals(v) ? p : null;
            }
            if (!GLUE.contains(p.getOpType())) {
                return null;
            }
            v = p.getInput(0);
        }
        return null;
    }

    /** PyTorch's nonlinearity for an RNN node ("tanh" for LSTM and GRU, whose activations are fixed), or null. */
    private static String nonlinearity(String op, Attributes a, String direction) {
        List<String> activations = a.getStrings("activations", List.of());
        if (!op.equals("RNN")) {
            return activations.isEmpty() ? "tanh" : null;
        }
        List<String> acts = activations.isEmpty() ? List.of("Tanh") : activations;
        String f = acts.getFirst();
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (acts.size() != (activations.isEmpty() ? 1 : dirs) || acts.stream().anyMatch(x -> !x.equals(f))) {
            return null;
        }
        return switch (f) {
            case "Tanh" -> "tanh";
            case "Relu" -> "relu";
            default -> null;
        };
    }

    /** True when a node computes what PyTorch's layer does with the first node's attributes. */
    private static boolean supported(NodeProto n, String op, Attributes first) {
        Attributes a = new Attributes(n);
        if (a.has("clip") || a.getInt("layout", 0) != 0 || a.getInt("input_forget", 0) != 0
                || a.getInt("hidden_size", 0) != first.getInt("hidden_size", 0)
                || !a.getString("direction", "forward").equals(first.getString("direction", "forward"))
                || !a.getStrings("activations", List.of()).equals(first.getStrings("activations", List.of()))) {
            return false;
        }
        if (op.equals("GRU") && a.getInt("linear_before_reset", 0) != 1) {
            return false;
        }
        // sequence_lens (packed sequences) and LSTM peepholes have no PyTorch layer option
        return !(n.getInputCount() > 4 && !n.getInput(4).isEmpty())
                && !(op.equals("LSTM") && n.getInputCount() > 7 && !n.getInput(7).isEmpty());
    }

    private static RNNBase build(String op, long inputSize, long hidden, int layers, boolean bias, boolean batchFirst,
                                 boolean bidirectional, String nonlinearity) {
        return switch (op) {
            case "LSTM" -> LSTM.options(inputSize, hidden).numLayers(layers).bias(bias).batchFirst(batchFirst)
                    .bidirectional(bidirectional).build();
            case "GRU" -> GRU.options(inputSize, hidden).numLayers(layers).bias(bias).batchFirst(batchFirst)
                    .bidirectional(bidirectional).build();
            default -> RNN.options(inputSize, hidden).numLayers(layers).nonlinearity(nonlinearity).bias(bias)
                    .batchFirst(batchFirst).bidirectional(bidirectional).build();
        };
    }

    /**
     * The layer's {@code weight_ih} of one direction as the node reads it, to size the module: the folded
     * {@code W} initializer's slice, or the named parameter; null when it is neither.
     */
    private Tensor weight(String path, NodeProto n, int input, int layer, int dirs) {
        Tensor folded = graph.folded(graph.throughIdentity(n.getInput(input), new ArrayList<>()));
        if (folded != null) {
            return folded.dim() == 3 && folded.size(0) == dirs ? folded.select(0, 0) : null;
        }
        return graph.initializers().get(path + ".weight_ih_l" + layer);
    }

    /**
     * Connects one node's W, R and B to the layer's parameters of {@code layer}: named initializers reached
     * through the scope's nodes become the parameters; folded ones become values computed from them (the
     * parameters are set from them here; Identity nodes passed on the way to them are added to {@code passed}).
     *
     * @return false when the node's inputs are neither
     */
    private boolean bind(String path, RNNBase module, NodeProto n, int layer, int dirs, long gateRows,
                         Map<String, String> tensors, Map<String, Function<Module, Tensor>> folded, String op,
                         List<NodeProto> passed) {
        String[] kinds = {"weight_ih", "weight_hh", "bias"};
        for (int i = 0; i < kinds.length; i++) {
            if (i == 2 && !hasBias(n)) {
                continue;
            }
            String input = n.getInput(i + 1);
            List<String> leaves = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                if (i == 2) {
                    leaves.add("bias_ih" + suffix);
                    leaves.add("bias_hh" + suffix);
                } else {
                    leaves.add(kinds[i] + suffix);
                }
            }
            String source = graph.throughIdentity(input, passed);
            Tensor value = graph.folded(source);
            if (value != null) {
                if (!setFromOnnx(module, value, leaves, dirs, gateRows, op)) {
                    return false;
                }
                List<String> order = List.copyOf(leaves);
                folded.put(source, m -> toOnnx(m, order, dirs, op));
                continue;
            }
            Set<String> sources = initializerSources(path, input);
            Set<String> expected = new LinkedHashSet<>(leaves.stream().map(l -> path + "." + l).toList());
            if (sources == null || !sources.equals(expected)) {
                return false;
            }
            for (String leaf : leaves) {
                String name = path + "." + leaf;
                if (!Arrays.equals(module.getParameter(leaf).shape(), graph.initializers().get(name).shape())) {
                    return false;
                }
                tensors.put(leaf, name);
            }
        }
        return true;
    }

    /**
     * The initializers a value is computed from by nodes of the scope alone (Slice, Concat, Unsqueeze and
     * constants), or null when it also depends on anything else.
     */
    private Set<String> initializerSources(String path, String value) {
        Set<String> found = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(value));
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String v = todo.removeLast();
            if (v.isEmpty() || !seen.add(v)) {
                continue;
            }
            if (graph.initializers().containsKey(v)) {
                if (graph.initializers().get(v).dtype().isFloatingPoint()) {
                    found.add(v);
                }
                continue;
            }
            NodeProto p = graph.producer(v);
            if (p != null && p.getOpType().equals("Constant")) {
                continue;
            }
            if (p == null || !path.equals(graph.modulePath(p)) || ONNX_GATES.containsKey(p.getOpType())) {
                return null;
            }
            todo.addAll(p.getInputList());
        }
        return found;
    }

    /**
     * Sets parameters from an ONNX tensor {@code [dirs, gates * hidden, k]} (W, R) or
     * {@code [dirs, 2 * gates * hidden]} (B, the input bias then the hidden one).
     */
    private static boolean setFromOnnx(RNNBase module, Tensor value, List<String> leaves, int dirs, long gateRows,
                                       String op) {
        int perDir = leaves.size() / dirs;
        if (value.dim() < 2 || value.size(0) != dirs || value.size(1) != perDir * gateRows) {
            return false;
        }
        try (var scope = GradMode.noGrad()) {
            for (int d = 0; d < dirs; d++) {
                for (int j = 0; j < perDir; j++) {
                    Tensor onnx = value.select(0, d).narrow(0, j * gateRows, gateRows);
                    Tensor target = module.getParameter(leaves.get(d * perDir + j));
                    if (!Arrays.equals(target.shape(), onnx.shape())) {
                        return false;
                    }
                    target.setData(permuteGates(onnx, op, true).contiguous());
                }
            }
        }
        return true;
    }

    /** The ONNX tensor a layer's parameters make (the inverse of {@link #setFromOnnx}), with autograd. */
    private static Tensor toOnnx(Module m, List<String> leaves, int dirs, String op) {
        int perDir = leaves.size() / dirs;
        List<Tensor> directions = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            List<Tensor> parts = new ArrayList<>();
            for (int j = 0; j < perDir; j++) {
                parts.add(permuteGates(m.getParameter(leaves.get(d * perDir + j)), op, false));
            }
            directions.add(parts.size() == 1 ? parts.getFirst() : Tensor.cat(parts, 0));
        }
        return Tensor.stack(directions, 0);
    }

    /** Reorders the gate blocks of dimension 0: ONNX's order to PyTorch's ({@code toTorch}) or back. */
    static Tensor permuteGates(Tensor t, String op, boolean toTorch) {
        int[] onnxBlocks = ONNX_GATES.get(op);
        if (onnxBlocks.length == 1) {
            return t;
        }
        List<Tensor> blocks = t.chunk(onnxBlocks.length, 0);
        List<Tensor> out = new ArrayList<>(blocks);
        for (int i = 0; i < onnxBlocks.length; i++) {
            if (toTorch) {
                out.set(onnxBlocks[i], blocks.get(i));
            } else {
                out.set(i, blocks.get(onnxBlocks[i]));
            }
        }
        return Tensor.cat(out, 0);
    }
}
