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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns single ONNX nodes back into the PyTorch layers they were exported from, when the node's
 * weights are initializers named {@code path.weight}, {@code path.bias}, ... and its attributes map onto
 * the layer's options exactly: Conv to Conv1d/2d/3d, ConvTranspose, Gemm to Linear,
 * BatchNormalization, LayerNormalization; and parameterless activations and pools to the modules at
 * their node's scope path ({@code /layer1/layer1.0/relu/Relu} is {@code layer1.0.relu}). Anything
 * else stays a graph node.
 */
final class LayerRecognizer {
    /** A node recognised as a layer at a module path, with the initializer behind each of its tensors. */
    record Layer(String path, Module module, Map<String, String> tensors) {}

    private final Map<String, Tensor> initializers;
    private final Map<String, Integer> ranks;

    LayerRecognizer(Map<String, Tensor> initializers, Map<String, Integer> ranks) {
        this.initializers = initializers;
        this.ranks = ranks;
    }

    /** The layer a node was exported from, or null. */
    Layer recognize(NodeProto n) {
        try {
            return switch (n.getOpType()) {
                case "Conv" -> conv(n, false);
                case "ConvTranspose" -> conv(n, true);
                case "Gemm" -> linear(n);
                case "BatchNormalization" -> batchNorm(n);
                case "LayerNormalization" -> layerNorm(n);
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

    private static boolean symmetricPads(Attributes a, int dims) {
        long[] pads = a.getInts("pads", new long[2 * dims]);
        return a.getString("auto_pad", "NOTSET").equals("NOTSET")
                && Arrays.equals(Arrays.copyOf(pads, dims), Arrays.copyOfRange(pads, dims, 2 * dims));
    }

    private Layer conv(NodeProto n, boolean transposed) {
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
        return new Layer(path, m, tensors(n, null, "weight", hasBias ? "bias" : null));
    }

    private Layer linear(NodeProto n) {
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
        return new Layer(path, new Linear(w.size(1), w.size(0), hasBias), tensors(n, null, "weight",
                hasBias ? "bias" : null));
    }

    private Layer batchNorm(NodeProto n) {
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
        double eps = a.getFloat("epsilon", 1e-5f);
        // ONNX's momentum weighs the running value; PyTorch's weighs the batch's
        double momentum = 1 - a.getFloat("momentum", 0.9f);
        Module m = switch (rank) {
            case 2, 3 -> BatchNorm1d.options(c).eps(eps).momentum(momentum).build();
            case 4 -> BatchNorm2d.options(c).eps(eps).momentum(momentum).build();
            default -> BatchNorm3d.options(c).eps(eps).momentum(momentum).build();
        };
        return new Layer(path, m, tensors(n, null, "weight", "bias", "running_mean", "running_var"));
    }

    private Layer layerNorm(NodeProto n) {
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
        return new Layer(path, new LayerNorm(shape, a.getFloat("epsilon", 1e-5f), true),
                tensors(n, null, "weight", "bias"));
    }

    private Layer maxPool(NodeProto n) {
        Attributes a = new Attributes(n);
        long[] kernel = a.getInts("kernel_shape", null);
        if (kernel == null || n.getOutputCount() > 1 || a.getInt("storage_order", 0) != 0) {
            return null;
        }
        int dims = kernel.length;
        if (dims < 1 || dims > 3 || !symmetricPads(a, dims)) {
            return null;
        }
        long[] stride = a.getInts("strides", filled(dims, 1));
        long[] padding = Arrays.copyOf(a.getInts("pads", new long[2 * dims]), dims);
        long[] dilation = a.getInts("dilations", filled(dims, 1));
        boolean ceil = a.getInt("ceil_mode", 0) != 0;
        Module m = switch (dims) {
            case 1 -> MaxPool1d.options(kernel).stride(stride).padding(padding).dilation(dilation).ceilMode(ceil).build();
            case 2 -> MaxPool2d.options(kernel).stride(stride).padding(padding).dilation(dilation).ceilMode(ceil).build();
            default -> MaxPool3d.options(kernel).stride(stride).padding(padding).dilation(dilation).ceilMode(ceil).build();
        };
        return scoped(n, m);
    }

    private Layer globalAveragePool(NodeProto n) {
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
    private Layer scoped(NodeProto n, Module m) {
        String path = scopePath(n.getName());
        return path == null ? null : new Layer(path, m, Map.of());
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

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
