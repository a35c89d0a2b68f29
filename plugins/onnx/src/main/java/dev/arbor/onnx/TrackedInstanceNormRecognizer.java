package dev.arbor.onnx;

import dev.arbor.nn.InstanceNorm1d;
import dev.arbor.nn.InstanceNorm2d;
import dev.arbor.nn.InstanceNorm3d;
import dev.arbor.nn.InstanceNormNd;
import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises {@code nn.InstanceNorm1d/2d/3d} with {@code track_running_stats=True} in what
 * {@code torch.onnx.export} writes for it in eval mode, which is PyTorch's own way of computing it spelled
 * out: in the module's scope, {@code Reshape(x, [1, N*C, *])}, an inference-mode BatchNormalization whose
 * scale, bias, mean and variance are {@code Tile(Expand(t, [1]), [N])} of the layer's {@code weight} and
 * {@code bias} (constant ones and zeros when not affine), {@code running_mean} and {@code running_var},
 * then {@code Reshape} to {@code [N, C, *]}. The nodes keep running and read the layer's tensors, so the
 * statistics of a loaded state dict are used; the layer brings {@code num_batches_tracked}, which the graph
 * drops.
 *
 * <p>The graph is eval mode's computation for the batch size and spatial size of the export (both are
 * constants in it; torch 1.13 cannot export this layer in train mode at all). So that train mode
 * normalises each instance and updates the running statistics as PyTorch does, the BatchNormalization
 * node runs as a call of the layer ({@link #normNodeOp}) on its input viewed as {@code [N, C, *]}.
 */
final class TrackedInstanceNormRecognizer {
    private static final String[] LEAVES = {"weight", "bias", "running_mean", "running_var"};

    private final GraphIndex graph;

    TrackedInstanceNormRecognizer(GraphIndex graph) {
        this.graph = graph;
    }

    /**
     * {@return the op of the pattern's BatchNormalization node: the layer called on the node's input
     * {@code [1, N * C, *]} viewed as {@code [N, C, *]}, its output viewed back}
     *
     * @param norm the recognised layer
     */
    static OnnxOp normNodeOp(InstanceNormNd norm) {
        return (ctx, in) -> {
            Tensor flat = ctx.tensor(in, 0);
            long[] shape = flat.shape();
            shape[1] = norm.numFeatures();
            shape[0] = flat.size(1) / shape[1];
            Tensor y = norm.call(flat.reshape(shape));
            return List.of(y.reshape(flat.shape()));
        };
    }

    /** Every such layer call of the graph, one layer per call. */
    List<ImportedLayer> recognize() {
        return graph.matchEach("BatchNormalization", this::layer);
    }

    private ImportedLayer layer(NodeProto norm) {
        String path = graph.modulePath(norm);
        Attributes a = new Attributes(norm);
        if (path == null || norm.getInputCount() != 5 || norm.getOutputCount() != 1
                || a.getInt("training_mode", 0) != 0) {
            return null;
        }
        NodeProto split = graph.inScope(graph.producer(norm.getInput(0)), path, "Reshape");
        NodeProto merge = graph.onlyReader(norm.getOutput(0), path, "Reshape");
        long[] flat = split == null ? null : GraphIndex.vector(graph.constant(split.getInput(1)));
        long[] shape = merge == null ? null : GraphIndex.vector(graph.constant(merge.getInput(1)));
        if (flat == null || shape == null || shape.length < 3 || shape.length > 5 || flat.length != shape.length) {
            return null;
        }
        long batch = shape[0];
        long c = shape[1];
        if (batch <= 0 || c <= 0 || flat[0] != 1 || flat[1] != batch * c
                || !Arrays.equals(flat, 2, flat.length, shape, 2, shape.length)) {
            return null;
        }
        List<NodeProto> nodes = new ArrayList<>(List.of(split, norm, merge));
        Map<String, String> tensors = new LinkedHashMap<>();
        boolean affine = false;
        for (int i = 0; i < LEAVES.length; i++) {
            String source = untiled(norm.getInput(i + 1), path, batch, nodes);
            if (source == null) {
                return null;
            }
            String name = path + "." + LEAVES[i];
            Tensor value = graph.initializers().get(source);
            if (source.equals(name) && value != null && value.dim() == 1 && value.size(0) == c) {
                tensors.put(LEAVES[i], name);
                affine |= i < 2;
            } else if (i >= 2 || !constantFilled(source, i == 0 ? 1 : 0, c)) {
                return null;
            }
        }
        if (affine != (tensors.containsKey("weight") && tensors.containsKey("bias"))) {
            return null;
        }
        double eps = LayerRecognizer.decimal(a.getFloat("epsilon", 1e-5f));
        double momentum = LayerRecognizer.torchMomentum(a);
        Module m = switch (shape.length) {
            case 3 -> InstanceNorm1d.options(c).eps(eps).momentum(momentum).affine(affine).trackRunningStats(true).build();
            case 4 -> InstanceNorm2d.options(c).eps(eps).momentum(momentum).affine(affine).trackRunningStats(true).build();
            default -> InstanceNorm3d.options(c).eps(eps).momentum(momentum).affine(affine).trackRunningStats(true)
                    .build();
        };
        return ImportedLayer.owner(nodes, path, m, tensors, Map.of());
    }

    /**
     * The value that {@code Tile(Expand(value, [1]), [batch])} in the scope repeats, those nodes added to
     * {@code nodes}; null for anything else.
     */
    private String untiled(String value, String path, long batch, List<NodeProto> nodes) {
        NodeProto tile = graph.inScope(graph.producer(value), path, "Tile");
        NodeProto expand = tile == null ? null : graph.inScope(graph.producer(tile.getInput(0)), path, "Expand");
        if (expand == null || !Arrays.equals(GraphIndex.vector(graph.constant(tile.getInput(1))), new long[] {batch})
                || !keepsVector(expand.getInput(1), path, nodes)) {
            return null;
        }
        nodes.add(tile);
        nodes.add(expand);
        return expand.getInput(0);
    }

    /**
     * True when an Expand's target shape is {@code []} or {@code [1]}, so expanding a vector leaves it as it
     * is: a constant, or {@code ConstantOfShape} of ones over a constant shape or the {@code Shape} of a
     * constant (the exporter writes both); the nodes that make it are added to {@code nodes}.
     */
    private boolean keepsVector(String target, String path, List<NodeProto> nodes) {
        long[] constant = GraphIndex.vector(graph.constant(target));
        if (constant != null) {
            return constant.length <= 1 && Arrays.stream(constant).allMatch(d -> d == 1);
        }
        NodeProto fill = graph.inScope(graph.producer(target), path, "ConstantOfShape");
        if (fill == null || !ones(new Attributes(fill))) {
            return false;
        }
        // ConstantOfShape(s) is a tensor of shape s: as a target shape, s[0] ones
        long[] s = GraphIndex.vector(graph.constant(fill.getInput(0)));
        NodeProto shapeOf = s != null ? null : graph.inScope(graph.producer(fill.getInput(0)), path, "Shape");
        if (shapeOf != null && shapeOf.getAttributeCount() == 0) {
            Tensor of = graph.constant(shapeOf.getInput(0));
            s = of == null ? null : of.shape();
            nodes.add(shapeOf);
        }
        if (s == null || s.length != 1 || s[0] > 1) {
            return false;
        }
        nodes.add(fill);
        return true;
    }

    /** True when a ConstantOfShape's {@code value} is a one (its default is a zero). */
    private static boolean ones(Attributes a) {
        try {
            return a.has("value") && GraphIndex.filledWith(OnnxTensors.toTensor(a.getTensor("value"), null), 1);
        } catch (IOException e) {
            return false;
        }
    }

    /** True when a value is a constant vector of {@code c} elements equal to {@code v}, not an initializer. */
    private boolean constantFilled(String value, double v, long c) {
        Tensor t = graph.initializers().containsKey(value) ? null : graph.constant(value);
        return t != null && t.dim() == 1 && t.size(0) == c && t.dtype().isFloatingPoint()
                && GraphIndex.filledWith(t, v);
    }
}
