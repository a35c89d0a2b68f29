package dev.arbor.onnx;

import dev.arbor.nn.GroupNorm;
import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Recognises {@code nn.GroupNorm} in what {@code torch.onnx.export} writes for it (opset 17 has no
 * GroupNormalization): in the module's scope, {@code Reshape(x, [0, groups, -1])}, an
 * InstanceNormalization with constant ones and zeros, {@code Reshape} back to {@code Shape(x)}, then
 * {@code Mul} by the weight and {@code Add} of the bias, each unsqueezed to {@code [C, 1, ...]} (a
 * constant-folded export has those as initializers of their own, which become values computed from
 * the parameters). The nodes keep running and read the layer's {@code weight} and {@code bias}.
 *
 * <p>Without affine parameters the exporter multiplies by a constant 1 and adds a constant 0 (one
 * element each, possibly unsqueezed), so the graph holds no channel count: the layer is recognised
 * where {@link ChannelCounts} tells the input's, and stays graph nodes elsewhere.
 */
final class GroupNormRecognizer {
    private final GraphIndex graph;
    private final Map<String, Integer> ranks;
    private final Map<String, Long> channels;

    /**
     * @param graph    the graph to match in
     * @param ranks    the ranks of the graph's values where known ({@link Ranks#infer})
     * @param channels the channel counts of the graph's values where known ({@link ChannelCounts#infer})
     */
    GroupNormRecognizer(GraphIndex graph, Map<String, Integer> ranks, Map<String, Long> channels) {
        this.graph = graph;
        this.ranks = ranks;
        this.channels = channels;
    }

    /** Every GroupNorm call of the graph, one layer per call. */
    List<ImportedLayer> recognize() {
        return graph.matchEach("InstanceNormalization", this::layer);
    }

    private ImportedLayer layer(NodeProto norm) {
        String path = graph.modulePath(norm);
        if (path == null) {
            return null;
        }
        NodeProto split = graph.inScope(graph.producer(norm.getInput(0)), path, "Reshape");
        if (split == null || norm.getInputCount() != 3) {
            return null;
        }
        long[] dims = GraphIndex.vector(graph.constant(split.getInput(1)));
        Tensor scale = graph.constant(norm.getInput(1));
        Tensor shift = graph.constant(norm.getInput(2));
        if (dims == null || dims.length != 3 || scale == null || shift == null) {
            return null;
        }
        long groups = dims[1];
        if (dims[0] != 0 || dims[2] != -1 || scale.numel() != groups || shift.numel() != groups
                || !GraphIndex.filledWith(scale, 1) || !GraphIndex.filledWith(shift, 0)) {
            return null;
        }
        String x = split.getInput(0);
        NodeProto merge = graph.onlyReader(norm.getOutput(0), path, "Reshape");
        NodeProto shapeOf = merge == null ? null : graph.inScope(graph.producer(merge.getInput(1)), path, "Shape");
        if (shapeOf == null || !shapeOf.getInput(0).equals(x)) {
            return null;
        }
        NodeProto mul = graph.onlyReader(merge.getOutput(0), path, "Mul");
        NodeProto add = mul == null ? null : graph.onlyReader(mul.getOutput(0), path, "Add");
        if (add == null) {
            return null;
        }
        List<NodeProto> nodes = new ArrayList<>(List.of(split, norm, shapeOf, merge, mul, add));
        String weight = other(mul, merge.getOutput(0));
        String bias = other(add, mul.getOutput(0));
        double eps = LayerRecognizer.decimal(new Attributes(norm).getFloat("epsilon", 1e-5f));
        List<NodeProto> unsqueezes = new ArrayList<>();
        Integer rank = ranks.get(x);
        if (rank != null && constantOne(weight, 1, rank, path, unsqueezes)
                && constantOne(bias, 0, rank, path, unsqueezes)) {
            Long c = channels.get(x);
            if (c == null || c % groups != 0) {
                return null;
            }
            nodes.addAll(unsqueezes);
            return ImportedLayer.owner(nodes, path, new GroupNorm(groups, c, eps, false), Map.of(), Map.of());
        }
        Map<String, String> tensors = new LinkedHashMap<>();
        Map<String, String> foldedLeaves = new LinkedHashMap<>();
        Tensor w = affine(path, "weight", weight, nodes, tensors, foldedLeaves);
        Tensor b = affine(path, "bias", bias, nodes, tensors, foldedLeaves);
        if (w == null || b == null || w.numel() != b.numel() || w.numel() % groups != 0) {
            return null;
        }
        GroupNorm module = new GroupNorm(groups, w.numel(), eps, true);
        Map<String, Function<Module, Tensor>> folded = new LinkedHashMap<>();
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<String, String> e : foldedLeaves.entrySet()) {
                Tensor value = graph.initializers().get(e.getKey());
                String leaf = e.getValue();
                long[] foldedShape = value.shape();
                module.getParameter(leaf).setData(value.reshape(w.numel()).contiguous());
                folded.put(e.getKey(), m -> m.getParameter(leaf).reshape(foldedShape));
            }
        }
        return ImportedLayer.owner(nodes, path, module, tensors, folded);
    }

    /**
     * The weight or bias a Mul or Add reads: {@code Unsqueeze(path.leaf)} in the scope (the parameter is
     * bound), or a folded initializer of shape {@code [C, 1, ...]} (added to {@code foldedLeaves} with the
     * leaf it is made from); its value, or null.
     */
    private Tensor affine(String path, String leaf, String value, List<NodeProto> nodes, Map<String, String> tensors,
                          Map<String, String> foldedLeaves) {
        List<NodeProto> passed = new ArrayList<>();
        String source = graph.throughIdentity(value, passed);
        Tensor folded = graph.folded(source);
        if (folded != null) {
            nodes.addAll(passed);
            for (int d = 1; d < folded.dim(); d++) {
                if (folded.size(d) != 1) {
                    return null;
                }
            }
            foldedLeaves.put(source, leaf);
            return folded.dim() >= 1 ? folded : null;
        }
        NodeProto unsqueeze = graph.inScope(graph.producer(value), path, "Unsqueeze");
        String name = path + "." + leaf;
        Tensor param = graph.initializers().get(name);
        if (unsqueeze == null || !unsqueeze.getInput(0).equals(name) || param == null || param.dim() != 1) {
            return null;
        }
        nodes.add(unsqueeze);
        tensors.put(leaf, name);
        return param;
    }

    /**
     * True when a value is one element equal to {@code v}, of rank {@code rank} at most (so multiplying
     * the layer's input of that rank by it or adding it keeps the input as it is): a Constant node, or one
     * unsqueezed in the scope (that Unsqueeze added to {@code nodes}). Initializers are parameters here.
     */
    private boolean constantOne(String value, double v, int rank, String path, List<NodeProto> nodes) {
        Tensor t = constantNode(value);
        if (t != null) {
            return isOne(t, v, rank);
        }
        NodeProto unsqueeze = graph.inScope(graph.producer(value), path, "Unsqueeze");
        long[] axes = unsqueeze == null || unsqueeze.getInputCount() != 2 ? null
                : GraphIndex.vector(graph.constant(unsqueeze.getInput(1)));
        if (axes == null || !isOne(constantNode(unsqueeze.getInput(0)), v, rank - axes.length)) {
            return false;
        }
        nodes.add(unsqueeze);
        return true;
    }

    /** The value of a Constant node, or null (for initializers too). */
    private Tensor constantNode(String value) {
        return graph.initializers().containsKey(value) ? null : graph.constant(value);
    }

    /** True when {@code t} is one element equal to {@code v}, of rank {@code rank} at most. */
    private static boolean isOne(Tensor t, double v, int rank) {
        return t != null && t.numel() == 1 && t.dim() <= rank && GraphIndex.filledWith(t, v);
    }

    /** The input of a two-input node that is not {@code known}. */
    private static String other(NodeProto n, String known) {
        return n.getInput(0).equals(known) ? n.getInput(1) : n.getInput(0);
    }

}
