package dev.arbor.onnx;

import static dev.arbor.onnx.TraceGraph.floatAttr;
import static dev.arbor.onnx.TraceGraph.intAttr;
import static dev.arbor.onnx.TraceGraph.ints;
import static dev.arbor.onnx.TraceGraph.stringAttr;

import dev.arbor.nn.AdaptiveAvgPoolNd;
import dev.arbor.nn.BatchNormNd;
import dev.arbor.nn.ConvNd;
import dev.arbor.nn.ConvTransposeNd;
import dev.arbor.nn.DropoutNd;
import dev.arbor.nn.ELU;
import dev.arbor.nn.Flatten;
import dev.arbor.nn.GELU;
import dev.arbor.nn.Identity;
import dev.arbor.nn.LayerNorm;
import dev.arbor.nn.LeakyReLU;
import dev.arbor.nn.Linear;
import dev.arbor.nn.LogSoftmax;
import dev.arbor.nn.MaxPoolNd;
import dev.arbor.nn.Module;
import dev.arbor.nn.ReLU;
import dev.arbor.nn.Sigmoid;
import dev.arbor.nn.Softmax;
import dev.arbor.nn.Tanh;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX nodes of each layer the module-level exporter knows, in eval mode, as torch.onnx writes
 * them: Linear to Gemm (MatMul and Add above two dimensions), Conv1d/2d/3d and their transposes to
 * Conv/ConvTranspose, BatchNorm1d/2d/3d to BatchNormalization, LayerNorm to LayerNormalization (opset
 * 17+), ReLU, LeakyReLU, ELU, Sigmoid, Tanh, GELU (Gelu from opset 20, the Erf form before), Softmax and
 * LogSoftmax, MaxPool1d/2d/3d, adaptive average pools to size 1 as GlobalAveragePool, Flatten, and
 * Dropout and Identity as Identity. A layer option ONNX cannot express is an error naming the module.
 */
final class LayerExports {
    private LayerExports() {}

    /** The kinds of layer {@link #emit} writes, for messages. */
    static final String KNOWN = "Linear, Conv1d/2d/3d, ConvTranspose1d/2d/3d, BatchNorm1d/2d/3d, LayerNorm, ReLU, "
            + "LeakyReLU, ELU, Sigmoid, Tanh, GELU, Softmax, LogSoftmax, MaxPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d(1), "
            + "Flatten, Dropout*, Identity";

    static boolean isKnown(Module m) {
        return m instanceof Linear || m instanceof ConvNd || m instanceof BatchNormNd || m instanceof LayerNorm
                || m instanceof ReLU || m instanceof LeakyReLU || m instanceof ELU || m instanceof Sigmoid
                || m instanceof Tanh || m instanceof GELU || m instanceof Softmax || m instanceof LogSoftmax
                || m instanceof MaxPoolNd || m instanceof AdaptiveAvgPoolNd || m instanceof Flatten
                || m instanceof DropoutNd || m instanceof Identity;
    }

    /**
     * Writes the nodes of layer {@code m} (at {@code path}) applied to {@code x} (named {@code in}).
     *
     * @return the name of the layer's output
     */
    static String emit(Module m, String path, Tensor x, String in, TraceGraph g) {
        String what = "'" + path + "' (" + m.typeName() + ")";
        ReprArgs args = new ReprArgs(m);
        return switch (m) {
            case Linear l -> linear(l, x, in, g, what);
            case ConvNd c -> conv(c, in, g, args, what);
            case BatchNormNd bn -> batchNorm(bn, in, g, args, what);
            case LayerNorm ln -> layerNorm(ln, in, g, args, what);
            case ReLU _ -> g.node("Relu", List.of(in));
            case LeakyReLU _ -> g.node("LeakyRelu", List.of(in), floatAttr("alpha", args.number("negative_slope", 0.01)));
            case ELU _ -> g.node("Elu", List.of(in), floatAttr("alpha", args.number("alpha", 1.0)));
            case Sigmoid _ -> g.node("Sigmoid", List.of(in));
            case Tanh _ -> g.node("Tanh", List.of(in));
            case GELU _ -> gelu(in, x.dtype(), g, args.text("approximate", "none"));
            case Softmax _ -> g.node("Softmax", List.of(in), intAttr("axis", dim(args, x, what)));
            case LogSoftmax _ -> g.node("LogSoftmax", List.of(in), intAttr("axis", dim(args, x, what)));
            case MaxPoolNd _ -> maxPool(in, g, args, x.dim() - 2);
            case AdaptiveAvgPoolNd _ -> adaptiveAvgPool(in, g, args, x.dim() - 2, what);
            case Flatten _ -> flatten(x, in, g, args);
            default -> g.node("Identity", List.of(in)); // Dropout in eval, Identity
        };
    }

    private static String linear(Linear l, Tensor x, String in, TraceGraph g, String what) {
        String w = g.state(l.weight(), what + " weight");
        String b = l.bias() == null ? null : g.state(l.bias(), what + " bias");
        if (x.dim() == 2) {
            List<String> inputs = new ArrayList<>(List.of(in, w));
            if (b != null) {
                inputs.add(b);
            }
            return g.node("Gemm", inputs, floatAttr("alpha", 1), floatAttr("beta", 1), intAttr("transB", 1));
        }
        String wt = g.node("Transpose", List.of(w), ints("perm", 1, 0));
        String y = g.node("MatMul", List.of(in, wt));
        return b == null ? y : g.node("Add", List.of(y, b));
    }

    private static String conv(ConvNd c, String in, TraceGraph g, ReprArgs a, String what) {
        if (!a.text("padding_mode", "zeros").equals("zeros")) {
            throw new OnnxException("cannot export " + what + ": padding_mode=" + a.text("padding_mode", "")
                    + " has no ONNX Conv attribute (only zeros)");
        }
        long[] kernel = Arrays.copyOfRange(c.weight().shape(), 2, c.weight().dim());
        int dims = kernel.length;
        long[] dilation = a.ints("dilation", dims, 1);
        long[] pads = new long[2 * dims];
        String padding = a.text("padding", "0");
        for (int i = 0; i < dims; i++) {
            if (padding.equals("same")) {
                long total = dilation[i] * (kernel[i] - 1);
                pads[i] = total / 2;
                pads[i + dims] = total - total / 2;
            } else if (!padding.equals("valid")) {
                pads[i] = pads[i + dims] = a.ints("padding", dims, 0)[i];
            }
        }
        List<String> inputs = new ArrayList<>(List.of(in, g.state(c.weight(), what + " weight")));
        if (c.bias() != null) {
            inputs.add(g.state(c.bias(), what + " bias"));
        }
        var common = List.of(ints("dilations", dilation), intAttr("group", (long) a.number("groups", 1)),
                ints("kernel_shape", kernel), ints("pads", pads), ints("strides", a.ints("stride", dims, 1)));
        if (c instanceof ConvTransposeNd) {
            var attrs = new ArrayList<>(common);
            attrs.add(ints("output_padding", a.ints("output_padding", dims, 0)));
            return g.node("ConvTranspose", inputs, attrs.toArray(new dev.arbor.onnx.proto.OnnxProto.AttributeProto[0]));
        }
        return g.node("Conv", inputs, common.toArray(new dev.arbor.onnx.proto.OnnxProto.AttributeProto[0]));
    }

    private static String batchNorm(BatchNormNd bn, String in, TraceGraph g, ReprArgs a, String what) {
        if (bn.runningMean() == null) {
            throw new OnnxException("cannot export " + what + ": without running statistics (track_running_stats="
                    + "False) it normalizes with batch statistics in eval mode, which BatchNormalization does not");
        }
        long c = bn.runningMean().size(0);
        String w = bn.weight() == null ? g.constant(Tensor.ones(bn.runningMean().dtype(), c)) : g.state(bn.weight(), what + " weight");
        String b = bn.bias() == null ? g.constant(Tensor.zeros(bn.runningMean().dtype(), c)) : g.state(bn.bias(), what + " bias");
        String momentum = a.text("momentum", "None");
        return g.node("BatchNormalization", List.of(in, w, b, g.state(bn.runningMean(), what + " running_mean"),
                        g.state(bn.runningVar(), what + " running_var")), floatAttr("epsilon", a.number("eps", 1e-5)),
                // ONNX's momentum weighs the running value; PyTorch's weighs the batch's
                floatAttr("momentum", momentum.equals("None") ? 0.9 : 1 - Double.parseDouble(momentum)));
    }

    private static String layerNorm(LayerNorm ln, String in, TraceGraph g, ReprArgs a, String what) {
        if (g.opset() < 17) {
            throw new OnnxException("cannot export " + what + " at opset " + g.opset()
                    + ": LayerNormalization needs opset 17 or newer");
        }
        long[] shape = a.positionalInts(0);
        var dtype = ln.weight() != null ? ln.weight().dtype() : dev.arbor.tensor.DType.FLOAT32;
        String w = ln.weight() == null ? g.constant(Tensor.ones(dtype, shape)) : g.state(ln.weight(), what + " weight");
        String b = ln.bias() == null ? g.constant(Tensor.zeros(dtype, shape)) : g.state(ln.bias(), what + " bias");
        return g.node("LayerNormalization", List.of(in, w, b), intAttr("axis", -shape.length),
                floatAttr("epsilon", a.number("eps", 1e-5)));
    }

    private static String gelu(String in, dev.arbor.tensor.DType dtype, TraceGraph g, String approximate) {
        if (g.opset() >= 20) {
            return g.node("Gelu", List.of(in), stringAttr("approximate", approximate));
        }
        if (!approximate.equals("none")) {
            throw new OnnxException("cannot export GELU(approximate='" + approximate + "') below opset 20");
        }
        // x * 0.5 * (1 + erf(x / sqrt(2))), as torch.onnx writes GELU before opset 20
        String scaled = g.node("Div", List.of(in, g.constant(Tensor.scalar(Math.sqrt(2), dtype))));
        String erf = g.node("Erf", List.of(scaled));
        String plus = g.node("Add", List.of(erf, g.constant(Tensor.scalar(1, dtype))));
        String times = g.node("Mul", List.of(in, plus));
        return g.node("Mul", List.of(times, g.constant(Tensor.scalar(0.5, dtype))));
    }

    private static long dim(ReprArgs a, Tensor x, String what) {
        String d = a.text("dim", "None");
        if (d.equals("None")) {
            throw new OnnxException("cannot export " + what + ": dim=None (the implicit dimension is deprecated); "
                    + "give the layer a dim");
        }
        long v = Long.parseLong(d);
        return v < 0 ? v + x.dim() : v;
    }

    private static String maxPool(String in, TraceGraph g, ReprArgs a, int dims) {
        long[] kernel = a.ints("kernel_size", dims, 1);
        long[] padding = a.ints("padding", dims, 0);
        long[] pads = new long[2 * dims];
        for (int i = 0; i < dims; i++) {
            pads[i] = pads[i + dims] = padding[i];
        }
        return g.node("MaxPool", List.of(in), intAttr("ceil_mode", a.flag("ceil_mode", false) ? 1 : 0),
                ints("dilations", a.ints("dilation", dims, 1)), ints("kernel_shape", kernel), ints("pads", pads),
                ints("strides", a.has("stride") ? a.ints("stride", dims, 1) : kernel));
    }

    private static String adaptiveAvgPool(String in, TraceGraph g, ReprArgs a, int dims, String what) {
        for (long s : a.ints("output_size", dims, 1)) {
            if (s != 1) {
                throw new OnnxException("cannot export " + what + ": only output size 1 (GlobalAveragePool) is supported");
            }
        }
        return g.node("GlobalAveragePool", List.of(in));
    }

    private static String flatten(Tensor x, String in, TraceGraph g, ReprArgs a) {
        int rank = Math.max(x.dim(), 1);
        int start = (int) a.number("start_dim", 1);
        int end = (int) a.number("end_dim", -1);
        start = start < 0 ? start + rank : start;
        end = end < 0 ? end + rank : end;
        if (start == 1 && end == rank - 1) {
            return g.node("Flatten", List.of(in), intAttr("axis", 1));
        }
        // leading dimensions copied (0), the flattened run inferred (-1), trailing ones as traced
        long[] shape = new long[start + 1 + (rank - 1 - end)];
        shape[start] = -1;
        for (int i = end + 1; i < rank; i++) {
            shape[start + 1 + i - end - 1] = x.size(i);
        }
        return g.node("Reshape", List.of(in, g.constant(Tensor.of(shape, shape.length))));
    }
}
