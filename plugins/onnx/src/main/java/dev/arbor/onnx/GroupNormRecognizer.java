package dev.arbor.onnx;

import dev.arbor.nn.GroupNorm;
import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the parameters). The nodes keep running and read the layer's {@code weight} and {@code bias}. A
 * GroupNorm without affine parameters stays graph nodes: its channel count is not in the graph.
 */
final class GroupNormRecognizer {
    private final GraphIndex graph;

    GroupNormRecognizer(GraphIndex graph) {
        this.graph = graph;
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
        Tensor shape = graph.constant(split.getInput(1));
        Tensor scale = graph.constant(norm.getInput(1));
        Tensor shift = graph.constant(norm.getInput(2));
        if (shape == null || shape.dim() != 1 || shape.size(0) != 3 || scale == null || shift == null) {
            return null;
        }
        long[] dims = Arrays.stream(shape.toDoubleArray()).mapToLong(d -> (long) d).toArray();
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
        Map<String, String> tensors = new LinkedHashMap<>();
        Map<String, String> foldedLeaves = new LinkedHashMap<>();
        String weight = other(mul, merge.getOutput(0));
        String bias = other(add, mul.getOutput(0));
        Tensor w = affine(path, "weight", weight, nodes, tensors, foldedLeaves);
        Tensor b = affine(path, "bias", bias, nodes, tensors, foldedLeaves);
        if (w == null || b == null || w.numel() != b.numel() || w.numel() % groups != 0) {
            return null;
        }
        double eps = LayerRecognizer.decimal(new Attributes(norm).getFloat("epsilon", 1e-5f));
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

    /** The input of a two-input node that is not {@code known}. */
    private static String other(NodeProto n, String known) {
        return n.getInput(0).equals(known) ? n.getInput(1) : n.getInput(0);
    }

}
