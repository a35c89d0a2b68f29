package dev.arbor.onnx;

import static dev.arbor.onnx.ShapeExports.wrap;
import static dev.arbor.onnx.TraceGraph.floatAttr;
import static dev.arbor.onnx.TraceGraph.intAttr;
import static dev.arbor.onnx.TraceGraph.ints;
import static dev.arbor.onnx.TraceGraph.stringAttr;

import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The ONNX nodes of the traced functional forms of neural-network layers (linear maps and matrix
 * products, convolutions, pools, normalizations, embeddings, padding, resizing, top-k), and the node
 * builders {@link LayerExports} shares for the same layers met as modules.
 */
final class NeuralExports {
    private NeuralExports() {}

    /** The nodes of {@code s}, or null when it is not one of these ops. */
    static List<String> emit(TraceStep s, TraceGraph g) {
        var c = s.call;
        String one = switch (c.op()) {
            case "matmul" -> g.node("MatMul", List.of(s.in(0), s.in(1)));
            case "linear" -> linear(g, s.tensor(0).dim(), s.in(0), s.in(1), s.tensor(1).dim(), s.in(2));
            case "convolution" -> convolution(s, g);
            case "conv_transpose" -> convTranspose(s, g);
            case "max_pool" -> pool(s, g, true);
            case "avg_pool" -> pool(s, g, false);
            case "adaptive_avg_pool", "adaptive_max_pool" -> batched(s, g, 1, (int) c.integer(0), in -> adaptivePool(g,
                    in, s.tensor(1), (int) c.integer(0), c.longs(2), c.op().equals("adaptive_max_pool"), s::refuse));
            case "batch_norm" -> batchNorm(s, g);
            case "layer_norm" -> layerNorm(g, s.in(0), s.tensor(0), s.in(2), s.in(3), c.longs(1), c.number(4));
            case "group_norm" -> groupNorm(s, g);
            case "instance_norm" -> instanceNorm(s, g);
            case "local_response_norm" -> g.node("LRN", List.of(s.in(0)), intAttr("size", c.integer(1)),
                    floatAttr("alpha", c.number(2)), floatAttr("beta", c.number(3)), floatAttr("bias", c.number(4)));
            case "embedding" -> embedding(s, g);
            case "dropout", "feature_dropout", "alpha_dropout" -> throw s.refuse("dropout in training mode draws "
                    + "random masks; the exporter runs the module in eval mode, so pass training=false to the "
                    + "functional form");
            case "pad" -> pad(s, g);
            case "interpolate" -> interpolate(s, g);
            case "pixel_shuffle" -> g.node("DepthToSpace", List.of(s.in(0)), intAttr("blocksize", c.integer(1)),
                    stringAttr("mode", "CRD"));
            default -> null;
        };
        if (one != null) {
            return List.of(one);
        }
        return switch (c.op()) {
            case "max_pool_with_indices" -> {
                List<String> out = new ArrayList<>();
                out.add(pool(s, g, true));
                out.add(null); // ONNX MaxPool's indices count across the whole tensor, torch's within each plane
                yield out;
            }
            case "topk" -> g.nodes("TopK", List.of(s.in(0), g.longs(c.integer(1))), 2,
                    intAttr("axis", wrap(c.integer(2), s.tensor(0).dim())), intAttr("largest", c.flag(3) ? 1 : 0),
                    intAttr("sorted", 1));
            default -> null;
        };
    }

    /**
     * {@code x @ weight^T + bias} for an input of {@code inputRank} dimensions and a weight of
     * {@code weightRank} (2, or 1 for a vector): Gemm for a matrix input, MatMul (and Add) above.
     */
    static String linear(TraceGraph g, int inputRank, String in, String weight, int weightRank, String bias) {
        if (inputRank == 2 && weightRank == 2) {
            List<String> inputs = new ArrayList<>(List.of(in, weight));
            if (bias != null) {
                inputs.add(bias);
            }
            return g.node("Gemm", inputs, floatAttr("alpha", 1), floatAttr("beta", 1), intAttr("transB", 1));
        }
        String w = weightRank == 2 ? g.node("Transpose", List.of(weight), ints("perm", 1, 0)) : weight;
        String y = g.node("MatMul", List.of(in, w));
        return bias == null ? y : g.node("Add", List.of(y, bias));
    }

    /**
     * A Conv or ConvTranspose node. Every per-dimension array holds one value per spatial dimension;
     * {@code outputPadding} is null for a convolution.
     */
    static String conv(TraceGraph g, String in, String weight, String bias, long[] kernel, long[] strides,
                       long[] padBefore, long[] padAfter, long[] dilations, long groups, long[] outputPadding) {
        List<String> inputs = new ArrayList<>(List.of(in, weight));
        if (bias != null) {
            inputs.add(bias);
        }
        long[] pads = new long[2 * kernel.length];
        System.arraycopy(padBefore, 0, pads, 0, kernel.length);
        System.arraycopy(padAfter, 0, pads, kernel.length, kernel.length);
        List<AttributeProto> attrs = new ArrayList<>(List.of(ints("dilations", dilations), intAttr("group", groups),
                ints("kernel_shape", kernel), ints("pads", pads), ints("strides", strides)));
        if (outputPadding != null) {
            attrs.add(ints("output_padding", outputPadding));
        }
        return g.node(outputPadding == null ? "Conv" : "ConvTranspose", inputs, attrs.toArray(new AttributeProto[0]));
    }

    /** One value per dimension: {@code values} as given, or its single value repeated. */
    static long[] perDim(long[] values, int dims) {
        if (values.length == dims) {
            return values.clone();
        }
        long[] out = new long[dims];
        Arrays.fill(out, values[0]);
        return out;
    }

    private static String convolution(TraceStep s, TraceGraph g) {
        var c = s.call;
        Tensor w = s.tensor(1);
        int dims = w.dim() - 2;
        long[] kernel = Arrays.copyOfRange(w.shape(), 2, w.dim());
        return batched(s, g, 0, dims, in -> conv(g, in, s.in(1), s.in(2), kernel, perDim(c.longs(3), dims),
                c.longs(4), c.longs(5), perDim(c.longs(6), dims), c.integer(7), null));
    }

    private static String convTranspose(TraceStep s, TraceGraph g) {
        var c = s.call;
        int dims = (int) c.integer(0);
        Tensor w = s.tensor(2);
        long[] kernel = Arrays.copyOfRange(w.shape(), 2, w.dim());
        long[] pad = perDim(c.longs(5), dims);
        return batched(s, g, 1, dims, in -> conv(g, in, s.in(2), s.in(3), kernel, perDim(c.longs(4), dims), pad, pad,
                perDim(c.longs(8), dims), c.integer(7), perDim(c.longs(6), dims)));
    }

    /**
     * Runs {@code body} on tensor argument {@code arg} with a batch dimension: an input without one
     * (of {@code dims + 1} dimensions, as the functional forms accept) is unsqueezed first and the result
     * squeezed after.
     */
    private static String batched(TraceStep s, TraceGraph g, int arg, int dims,
                                  UnaryOperator<String> body) {
        if (s.tensor(arg).dim() != dims + 1) {
            return body.apply(s.in(arg));
        }
        return NodeForms.squeeze(g, body.apply(NodeForms.unsqueeze(g, s.in(arg), 0)), 0);
    }

    /** Max or average pooling, from the arguments of {@code max_pool} or {@code avg_pool}. */
    private static String pool(TraceStep s, TraceGraph g, boolean max) {
        var c = s.call;
        int dims = (int) c.integer(0);
        long[] kernel = perDim(c.longs(2), dims);
        long[] stride = c.longs(3) == null || c.longs(3).length == 0 ? kernel : perDim(c.longs(3), dims);
        long[] padding = perDim(c.longs(4), dims);
        if (max) {
            return batched(s, g, 1, dims, in -> maxPool(g, in, kernel, stride, padding, perDim(c.longs(5), dims),
                    c.flag(6)));
        }
        if (c.arguments().get(7) != null) {
            throw s.refuse("divisor_override has no ONNX AveragePool attribute");
        }
        return batched(s, g, 1, dims, in -> g.node("AveragePool", List.of(in), intAttr("ceil_mode", c.flag(5) ? 1 : 0),
                intAttr("count_include_pad", c.flag(6) ? 1 : 0), ints("kernel_shape", kernel),
                ints("pads", twice(padding)), ints("strides", stride)));
    }

    /** A MaxPool node; every array has one value per spatial dimension. */
    static String maxPool(TraceGraph g, String in, long[] kernel, long[] stride, long[] padding, long[] dilation,
                          boolean ceilMode) {
        return g.node("MaxPool", List.of(in), intAttr("ceil_mode", ceilMode ? 1 : 0), ints("dilations", dilation),
                ints("kernel_shape", kernel), ints("pads", twice(padding)), ints("strides", stride));
    }

    private static long[] twice(long[] padding) {
        long[] pads = new long[2 * padding.length];
        System.arraycopy(padding, 0, pads, 0, padding.length);
        System.arraycopy(padding, 0, pads, padding.length, padding.length);
        return pads;
    }

    /**
     * Adaptive pooling of {@code x} (named {@code in}) to {@code outputSize}: a global pool for size 1,
     * a pool with equal windows where each input size is a multiple of the output size; other sizes
     * have overlapping windows of varying size, which ONNX pools cannot express.
     */
    static String adaptivePool(TraceGraph g, String in, Tensor x, int dims, long[] outputSize, boolean max,
                               Function<String, OnnxException> refuse) {
        long[] out = perDim(outputSize, dims);
        long[] spatial = Arrays.copyOfRange(x.shape(), x.dim() - dims, x.dim());
        long[] kernel = new long[dims];
        boolean global = true;
        for (int i = 0; i < dims; i++) {
            long o = out[i] <= 0 ? spatial[i] : out[i];
            if (spatial[i] % o != 0) {
                throw refuse.apply("an input size " + spatial[i] + " that is not a multiple of the output size " + o
                        + " pools with overlapping windows, which ONNX pools cannot express");
            }
            kernel[i] = spatial[i] / o;
            global &= o == 1;
        }
        if (global) {
            return g.node(max ? "GlobalMaxPool" : "GlobalAveragePool", List.of(in));
        }
        long[] zero = new long[2 * dims];
        return g.node(max ? "MaxPool" : "AveragePool", List.of(in), ints("kernel_shape", kernel), ints("pads", zero),
                ints("strides", kernel));
    }

    /**
     * BatchNormalization in inference form, with ONNX's momentum (the weight of the running value,
     * {@code 1 - torchMomentum}, 0.9 when PyTorch's is None).
     */
    static String batchNorm(TraceGraph g, String in, String scale, String bias, String mean, String var, double eps,
                            Double torchMomentum) {
        return g.node("BatchNormalization", List.of(in, scale, bias, mean, var), floatAttr("epsilon", eps),
                floatAttr("momentum", torchMomentum == null ? 0.9 : 1 - torchMomentum));
    }

    private static String batchNorm(TraceStep s, TraceGraph g) {
        var c = s.call;
        Tensor x = s.tensor(0);
        if (c.flag(5) || c.tensor(1) == null) {
            throw s.refuse("batch_norm with batch statistics (training=true or no running statistics) normalizes "
                    + "each batch by itself, which BatchNormalization in inference form does not");
        }
        long channels = x.size(1);
        return batchNorm(g, s.in(0), orConstant(g, s.in(3), 1, x.dtype(), channels),
                orConstant(g, s.in(4), 0, x.dtype(), channels), s.in(1), s.in(2), c.number(7), c.number(6));
    }

    /** {@code name}, or a constant of {@code value} with {@code shape} when the optional tensor is absent. */
    static String orConstant(TraceGraph g, String name, double value, DType dtype, long... shape) {
        return name != null ? name : g.constant(Tensor.full(value, dtype, shape));
    }

    /**
     * Layer normalization over the last dimensions of {@code normalizedShape}: LayerNormalization from
     * opset 17, before it the mean and variance written out as torch.onnx does.
     */
    static String layerNorm(TraceGraph g, String in, Tensor x, String weight, String bias, long[] normalizedShape,
                            double eps) {
        DType dtype = x.dtype();
        if (g.opset() >= 17) {
            List<String> inputs = new ArrayList<>(List.of(in, orConstant(g, weight, 1, dtype, normalizedShape)));
            if (bias != null) {
                inputs.add(bias);
            }
            return g.node("LayerNormalization", inputs, intAttr("axis", -normalizedShape.length),
                    floatAttr("epsilon", eps));
        }
        long[] axes = new long[normalizedShape.length];
        Arrays.setAll(axes, i -> x.dim() - normalizedShape.length + i);
        String y = standardize(g, in, axes, eps, dtype);
        y = weight == null ? y : g.node("Mul", List.of(y, weight));
        return bias == null ? y : g.node("Add", List.of(y, bias));
    }

    /** {@code (x - mean) / sqrt(var + eps)} with the biased variance over {@code axes}. */
    private static String standardize(TraceGraph g, String in, long[] axes, double eps, DType dtype) {
        String centered = g.node("Sub", List.of(in, NodeForms.reduce(g, "ReduceMean", in, axes, true)));
        String var = NodeForms.reduce(g, "ReduceMean", g.node("Mul", List.of(centered, centered)), axes, true);
        String std = g.node("Sqrt", List.of(g.node("Add", List.of(var, g.scalar(eps, dtype)))));
        return g.node("Div", List.of(centered, std));
    }

    /** Group normalization: standardized per group of channels, then the per-channel affine map. */
    private static String groupNorm(TraceStep s, TraceGraph g) {
        var c = s.call;
        Tensor x = s.tensor(0);
        String grouped = g.node("Reshape", List.of(s.in(0), g.longs(0, c.integer(1), -1)));
        String normed = standardize(g, grouped, new long[] {2}, c.number(4), x.dtype());
        String y = g.node("Reshape", List.of(normed, g.node("Shape", List.of(s.in(0)))));
        return perChannel(g, y, x, s.in(2), s.in(3));
    }

    /** {@code y * weight + bias} with per-channel (dimension 1) weight and bias, each optional. */
    private static String perChannel(TraceGraph g, String y, Tensor x, String weight, String bias) {
        long[] shape = new long[x.dim() - 1];
        Arrays.fill(shape, 1);
        shape[0] = x.size(1);
        String out = y;
        if (weight != null) {
            out = g.node("Mul", List.of(out, g.node("Reshape", List.of(weight, g.longs(shape)))));
        }
        if (bias != null) {
            out = g.node("Add", List.of(out, g.node("Reshape", List.of(bias, g.longs(shape)))));
        }
        return out;
    }

    private static String instanceNorm(TraceStep s, TraceGraph g) {
        var c = s.call;
        Tensor x = s.tensor(0);
        long channels = x.size(1);
        String scale = orConstant(g, s.in(3), 1, x.dtype(), channels);
        String bias = orConstant(g, s.in(4), 0, x.dtype(), channels);
        if (!c.flag(5)) {
            return batchNorm(g, s.in(0), scale, bias, s.in(1), s.in(2), c.number(7), c.number(6));
        }
        return g.node("InstanceNormalization", List.of(s.in(0), scale, bias), floatAttr("epsilon", c.number(7)));
    }

    private static String embedding(TraceStep s, TraceGraph g) {
        if (s.call.arguments().get(3) != null) {
            throw s.refuse("max_norm renormalizes the weight in place while it looks rows up, which a Gather cannot");
        }
        return g.node("Gather", List.of(s.in(1), s.in(0)), intAttr("axis", 0));
    }

    /** torch's pad (pairs from the last dimension back) as Pad's begin-then-end list over all dimensions. */
    private static String pad(TraceStep s, TraceGraph g) {
        var c = s.call;
        Tensor x = s.tensor(0);
        long[] pad = c.longs(1);
        int rank = x.dim();
        long[] pads = new long[2 * rank];
        for (int i = 0; i < pad.length / 2; i++) {
            int d = rank - 1 - i;
            pads[d] = pad[2 * i];
            pads[d + rank] = pad[2 * i + 1];
        }
        String mode = (String) c.arguments().get(2);
        String onnxMode = switch (mode) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "replicate" -> "edge";
            case "circular" -> {
                if (g.opset() < 19) {
                    throw s.refuse("circular padding needs Pad's wrap mode, opset 19 or newer (exporting at "
                            + g.opset() + ")");
                }
                yield "wrap";
            }
            default -> throw s.refuse("padding mode '" + mode + "' has no ONNX Pad mode");
        };
        List<String> inputs = new ArrayList<>(List.of(s.in(0), g.longs(pads)));
        if (onnxMode.equals("constant")) {
            Object value = c.arguments().get(3);
            inputs.add(g.scalar(value == null ? 0 : ((Number) value).doubleValue(), x.dtype()));
        }
        return g.node("Pad", inputs, stringAttr("mode", onnxMode));
    }

    /**
     * interpolate as Resize: by the scale factors when given (and not recomputed), otherwise to the
     * output's spatial size after the input's batch and channel sizes, so a dynamic batch keeps working.
     */
    private static String interpolate(TraceStep s, TraceGraph g) {
        var c = s.call;
        Tensor x = s.tensor(0);
        Tensor y = s.out(0);
        String mode = (String) c.arguments().get(3);
        Boolean alignCorners = (Boolean) c.arguments().get(4);
        String coordinates = Boolean.TRUE.equals(alignCorners) ? "align_corners" : "pytorch_half_pixel";
        List<AttributeProto> attrs = new ArrayList<>();
        switch (mode) {
            case "nearest" -> {
                attrs.add(stringAttr("mode", "nearest"));
                attrs.add(stringAttr("coordinate_transformation_mode", "asymmetric"));
                attrs.add(stringAttr("nearest_mode", "floor"));
            }
            case "linear", "bilinear", "trilinear" -> {
                attrs.add(stringAttr("mode", "linear"));
                attrs.add(stringAttr("coordinate_transformation_mode", coordinates));
            }
            case "bicubic" -> {
                attrs.add(stringAttr("mode", "cubic"));
                attrs.add(stringAttr("coordinate_transformation_mode", coordinates));
                attrs.add(floatAttr("cubic_coeff_a", -0.75));
            }
            default -> throw s.refuse("interpolation mode '" + mode + "' has no ONNX Resize form the exporter writes");
        }
        double[] factors = (double[]) c.arguments().get(2);
        List<String> inputs = new ArrayList<>(List.of(s.in(0), ""));
        if (factors != null && !c.flag(5)) {
            int dims = x.dim() - 2;
            float[] scales = new float[x.dim()];
            Arrays.fill(scales, 1);
            for (int i = 0; i < dims; i++) {
                scales[2 + i] = (float) (factors.length == 1 ? factors[0] : factors[i]);
            }
            inputs.add(g.constant(Tensor.of(scales, scales.length)));
        } else {
            String leading = g.node("Slice", List.of(g.node("Shape", List.of(s.in(0))), g.longs(0), g.longs(2)));
            String sizes = g.node("Concat", List.of(leading, g.longs(Arrays.copyOfRange(y.shape(), 2, y.dim()))),
                    intAttr("axis", 0));
            inputs.add("");
            inputs.add(sizes);
        }
        return g.node("Resize", inputs, attrs.toArray(new AttributeProto[0]));
    }
}
