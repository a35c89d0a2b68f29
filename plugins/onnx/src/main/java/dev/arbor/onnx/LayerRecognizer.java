package dev.arbor.onnx;

import dev.arbor.nn.AdaptiveAvgPool1d;
import dev.arbor.nn.AdaptiveAvgPool2d;
import dev.arbor.nn.AdaptiveAvgPool3d;
import dev.arbor.nn.BatchNorm1d;
import dev.arbor.nn.BatchNorm2d;
import dev.arbor.nn.BatchNorm3d;
import dev.arbor.nn.Conv1d;
import dev.arbor.nn.Conv2d;
import dev.arbor.nn.Conv3d;
import dev.arbor.nn.ConvTranspose1d;
import dev.arbor.nn.ConvTranspose2d;
import dev.arbor.nn.ConvTranspose3d;
import dev.arbor.nn.Embedding;
import dev.arbor.nn.InstanceNorm1d;
import dev.arbor.nn.InstanceNorm2d;
import dev.arbor.nn.InstanceNorm3d;
import dev.arbor.nn.LayerNorm;
import dev.arbor.nn.Linear;
import dev.arbor.nn.MaxPool1d;
import dev.arbor.nn.MaxPool2d;
import dev.arbor.nn.MaxPool3d;
import dev.arbor.nn.Module;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sigmoid;
import dev.arbor.nn.Tanh;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.Tensor;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns single ONNX nodes back into the PyTorch layers they were exported from, when the node's
 * weights are initializers named {@code path.weight}, {@code path.bias}, ... and its attributes map onto
 * the layer's options exactly: Conv to Conv1d/2d/3d, ConvTranspose, Gemm to Linear,
 * BatchNormalization, LayerNormalization, InstanceNormalization to InstanceNorm1d/2d/3d (affine, or
 * with the exporter's constant ones and zeros), Gather from a float matrix {@code path.weight} in the
 * node's own scope to Embedding (the node keeps running, reading the layer's weight, so indices keep
 * ONNX's meaning); and parameterless activations and pools to the modules
 * at their node's scope path ({@code /layer1/layer1.0/relu/Relu} is {@code layer1.0.relu}). Anything
 * else stays a graph node.
 */
final class LayerRecognizer {
    private final GraphIndex graph;
    private final Map<String, Tensor> initializers;
    private final Map<String, Integer> ranks;

    LayerRecognizer(GraphIndex graph, Map<String, Integer> ranks) {
        this.graph = graph;
        this.initializers = graph.initializers();
        this.ranks = ranks;
    }

    /** The layer a node was exported from, or null. */
    ImportedLayer recognize(NodeProto n) {
        try {
            return switch (n.getOpType()) {
                case "Conv" -> conv(n, false);
                case "ConvTranspose" -> conv(n, true);
                case "Gemm" -> linear(n);
                case "BatchNormalization" -> batchNorm(n);
                case "LayerNormalization" -> layerNorm(n);
                case "InstanceNormalization" -> instanceNorm(n);
                case "Gather" -> embedding(n);
                case "Relu" -> scoped(n, new ReLU());
                case "Sigmoid" -> scoped(n, new Sigmoid());
                case "Tanh" -> scoped(n, new Tanh());
                case "MaxPool" -> maxPool(n);
                case "GlobalAveragePool" -> globalAveragePool(n);
                default -> null;
            };
        } catch (RuntimeException e) {
            // options the layer refuses (an exporter's unusual attribute): the node stays generic
            return null;
        }
    }

    /** The common module path of a node's initializer inputs {@code path.leaf}, leaves in order, or null. */
    private String ownerPath(NodeProto n, String... leaves) {
        String path = null;
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i] == null) {
                continue;
            }
            if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
                return null;
            }
            String name = n.getInput(i);
            if (!initializers.containsKey(name) || !name.endsWith("." + leaves[i])) {
                return null;
            }
            String p = name.substring(0, name.length() - leaves[i].length() - 1);
            if (path != null && !path.equals(p)) {
                return null;
            }
            path = p;
        }
        return path;
    }

    private Map<String, String> tensors(NodeProto n, String... leaves) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i] != null && i < n.getInputCount() && !n.getInput(i).isEmpty()) {
                m.put(leaves[i], n.getInput(i));
            }
        }
        return m;
    }

    private ImportedLayer embedding(NodeProto n) {
        String path = ownerPath(n, "weight");
        if (path == null || !path.equals(graph.modulePath(n)) || new Attributes(n).getInt("axis", 0) != 0) {
            return null;
        }
        Tensor w = initializers.get(n.getInput(0));
        if (w.dim() != 2 || !w.dtype().isFloatingPoint()) {
            return null;
        }
        return ImportedLayer.owner(List.of(n), path, new Embedding(w.size(0), w.size(1)),
                tensors(n, "weight"), Map.of());
    }

    private static boolean symmetricPads(Attributes a, int dims) {
        long[] pads = a.getInts("pads", new long[2 * dims]);
        return a.getString("auto_pad", "NOTSET").equals("NOTSET")
                && Arrays.equals(Arrays.copyOf(pads, dims), Arrays.copyOfRange(pads, dims, 2 * dims));
    }

    private ImportedLayer conv(NodeProto n, boolean transposed) {
        boolean hasBias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        String path = ownerPath(n, null, "weight", hasBias ? "bias" : null);
        Attributes a = new Attributes(n);
        if (path == null) {
            return null;
        }
        Tensor w = initializers.get(n.getInput(1));
        int dims = w.dim() - 2;
        if (dims < 1 || dims > 3 || !symmetricPads(a, dims) || a.has("output_shape")) {
            return null;
        }
        long[] kernel = Arrays.copyOfRange(w.shape(), 2, w.dim());
        long groups = a.getInt("group", 1);
        long in = transposed ? w.size(0) : w.size(1) * groups;
        long out = transposed ? w.size(1) * groups : w.size(0);
        long[] stride = a.getInts("strides", filled(dims, 1));
        long[] dilation = a.getInts("dilations", filled(dims, 1));
        long[] padding = Arrays.copyOf(a.getInts("pads", new long[2 * dims]), dims);
        Module m;
        if (transposed) {
            long[] outPad = a.getInts("output_padding", new long[dims]);
            m = switch (dims) {
                case 1 -> ConvTranspose1d.options(in, out, kernel).stride(stride).padding(padding).outputPadding(outPad)
                        .dilation(dilation).groups(groups).bias(hasBias).build();
                case 2 -> ConvTranspose2d.options(in, out, kernel).stride(stride).padding(padding).outputPadding(outPad)
                        .dilation(dilation).groups(groups).bias(hasBias).build();
                default -> ConvTranspose3d.options(in, out, kernel).stride(stride).padding(padding).outputPadding(outPad)
                        .dilation(dilation).groups(groups).bias(hasBias).build();
            };
        } else {
            m = switch (dims) {
                case 1 -> Conv1d.options(in, out, kernel).stride(stride).padding(padding).dilation(dilation)
                        .groups(groups).bias(hasBias).build();
                case 2 -> Conv2d.options(in, out, kernel).stride(stride).padding(padding).dilation(dilation)
                        .groups(groups).bias(hasBias).build();
                default -> Conv3d.options(in, out, kernel).stride(stride).padding(padding).dilation(dilation)
                        .groups(groups).bias(hasBias).build();
            };
        }
        return ImportedLayer.node(n, path, m, tensors(n, null, "weight", hasBias ? "bias" : null));
    }

    private ImportedLayer linear(NodeProto n) {
        Attributes a = new Attributes(n);
        boolean hasBias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        if (a.getInt("transA", 0) != 0 || a.getInt("transB", 0) != 1 || a.getFloat("alpha", 1f) != 1f
                || a.getFloat("beta", 1f) != 1f) {
            return null;
        }
        String path = ownerPath(n, null, "weight", hasBias ? "bias" : null);
        if (path == null) {
            return null;
        }
        Tensor w = initializers.get(n.getInput(1));
        if (hasBias && initializers.get(n.getInput(2)).dim() != 1) {
            return null;
        }
        return ImportedLayer.node(n, path, new Linear(w.size(1), w.size(0), hasBias), tensors(n, null, "weight",
                hasBias ? "bias" : null));
    }

    private ImportedLayer batchNorm(NodeProto n) {
        Attributes a = new Attributes(n);
        if (n.getOutputCount() > 1 || a.getInt("training_mode", 0) != 0) {
            return null;
        }
        String path = ownerPath(n, null, "weight", "bias", "running_mean", "running_var");
        Integer rank = ranks.get(n.getInput(0));
        if (path == null || rank == null || rank < 2 || rank > 5) {
            return null;
        }
        long c = initializers.get(n.getInput(1)).size(0);
        double eps = decimal(a.getFloat("epsilon", 1e-5f));
        double momentum = torchMomentum(a);
        Module m = switch (rank) {
            case 2, 3 -> BatchNorm1d.options(c).eps(eps).momentum(momentum).build();
            case 4 -> BatchNorm2d.options(c).eps(eps).momentum(momentum).build();
            default -> BatchNorm3d.options(c).eps(eps).momentum(momentum).build();
        };
        return ImportedLayer.node(n, path, m, tensors(n, null, "weight", "bias", "running_mean", "running_var"));
    }

    private ImportedLayer layerNorm(NodeProto n) {
        Attributes a = new Attributes(n);
        boolean hasBias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        String path = ownerPath(n, null, "weight", hasBias ? "bias" : null);
        Integer rank = ranks.get(n.getInput(0));
        if (path == null || !hasBias || n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
            return null;
        }
        long[] shape = initializers.get(n.getInput(1)).shape();
        long axis = a.getInt("axis", -1);
        if (!(axis == -shape.length || (rank != null && axis == rank - shape.length))) {
            return null;
        }
        return ImportedLayer.node(n, path, new LayerNorm(shape, decimal(a.getFloat("epsilon", 1e-5f)), true),
                tensors(n, null, "weight", "bias"));
    }

    /**
     * InstanceNorm1d/2d/3d by the input's rank: affine when scale and bias are the layer's
     * {@code weight} and {@code bias}, not affine when they are constant ones and zeros at a scope path
     * (the exporter writes those for {@code affine=False}), unless the input is reshaped in that scope:
     * that is a GroupNorm's groups ({@link GroupNormRecognizer}), which must not pass for an InstanceNorm.
     */
    private ImportedLayer instanceNorm(NodeProto n) {
        Integer rank = ranks.get(n.getInput(0));
        if (rank == null || rank < 3 || rank > 5 || n.getInputCount() != 3) {
            return null;
        }
        double eps = decimal(new Attributes(n).getFloat("epsilon", 1e-5f));
        String path = ownerPath(n, null, "weight", "bias");
        boolean affine = path != null;
        Tensor scale = affine ? initializers.get(n.getInput(1)) : graph.constant(n.getInput(1));
        Tensor shift = affine ? initializers.get(n.getInput(2)) : graph.constant(n.getInput(2));
        if (scale == null || shift == null || scale.dim() != 1 || !Arrays.equals(scale.shape(), shift.shape())
                || !scale.dtype().isFloatingPoint()) {
            return null;
        }
        if (!affine && !(GraphIndex.filledWith(scale, 1) && GraphIndex.filledWith(shift, 0))) {
            return null;
        }
        String scope = graph.modulePath(n);
        if (!affine && scope != null && graph.inScope(graph.producer(n.getInput(0)), scope, "Reshape") != null) {
            return null;
        }
        long c = scale.size(0);
        Module m = switch (rank) {
            case 3 -> InstanceNorm1d.options(c).eps(eps).affine(affine).build();
            case 4 -> InstanceNorm2d.options(c).eps(eps).affine(affine).build();
            default -> InstanceNorm3d.options(c).eps(eps).affine(affine).build();
        };
        return affine ? ImportedLayer.node(n, path, m, tensors(n, null, "weight", "bias")) : scoped(n, m);
    }

    /**
     * PyTorch's {@code momentum} of a norm from a BatchNormalization's: ONNX's weighs the running value,
     * PyTorch's the batch's ({@code 0.9} is {@code 0.1}, computed in decimal as PyTorch's argument was).
     */
    static double torchMomentum(Attributes a) {
        return BigDecimal.ONE.subtract(new BigDecimal(Float.toString(a.getFloat("momentum", 0.9f)))).doubleValue();
    }

    /**
     * A float attribute as the decimal that PyTorch's argument was: the exporter wrote {@code 1e-05}
     * as a float, which widens to {@code 9.999999747378752e-06}; its shortest decimal is {@code 1e-05}.
     */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private ImportedLayer maxPool(NodeProto n) {
        Attributes a = new Attributes(n);
        long[] kernel = a.getInts("kernel_shape", null);
        if (kernel == null || n.getOutputCount() > 1 || a.getInt("storage_order", 0) != 0) {
            return null;
        }
        int dims = kernel.length;
        if (dims < 1 || dims > 3 || !symmetricPads(a, dims)) {
            return null;
        }
        // one value where all dimensions agree, as PyTorch users write (and its repr shows) MaxPool2d(2)
        kernel = asGiven(kernel);
        long[] stride = asGiven(a.getInts("strides", filled(dims, 1)));
        long[] padding = asGiven(Arrays.copyOf(a.getInts("pads", new long[2 * dims]), dims));
        long[] dilation = asGiven(a.getInts("dilations", filled(dims, 1)));
        boolean ceil = a.getInt("ceil_mode", 0) != 0;
        Module m = switch (dims) {
            case 1 -> MaxPool1d.options(kernel).stride(stride).padding(padding).dilation(dilation).ceilMode(ceil).build();
            case 2 -> MaxPool2d.options(kernel).stride(stride).padding(padding).dilation(dilation).ceilMode(ceil).build();
            default -> MaxPool3d.options(kernel).stride(stride).padding(padding).dilation(dilation).ceilMode(ceil).build();
        };
        return scoped(n, m);
    }

    private ImportedLayer globalAveragePool(NodeProto n) {
        Integer rank = ranks.get(n.getInput(0));
        if (rank == null || rank < 3 || rank > 5) {
            return null;
        }
        Module m = switch (rank) {
            case 3 -> new AdaptiveAvgPool1d(1);
            case 4 -> new AdaptiveAvgPool2d(1);
            default -> new AdaptiveAvgPool3d(1);
        };
        return scoped(n, m);
    }

    /** A parameterless module at the node's scope path, or null for nodes outside any module. */
    private ImportedLayer scoped(NodeProto n, Module m) {
        String path = graph.modulePath(n);
        return path == null ? null : ImportedLayer.node(n, path, m, Map.of());
    }

    /**
     * The module path in a node name that PyTorch's exporter wrote: {@code /layer1/layer1.0/relu/Relu}
     * is {@code layer1.0.relu} (each segment is the full name of a module or its name inside the
     * previous one), or null for a node at the top level or named otherwise.
     */
    static String scopePath(String nodeName) {
        if (!nodeName.startsWith("/")) {
            return null;
        }
        String[] segments = nodeName.substring(1).split("/");
        String path = "";
        for (int i = 0; i < segments.length - 1; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                return null;
            }
            path = !path.isEmpty() && s.startsWith(path + ".") ? s : path.isEmpty() ? s : path + "." + s;
        }
        return path.isEmpty() ? null : path;
    }

    /** The values, or the first alone when all are equal. */
    private static long[] asGiven(long[] values) {
        return Arrays.stream(values).allMatch(v -> v == values[0]) ? new long[] {values[0]} : values;
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
