package dev.arbor.onnx;

import static dev.arbor.onnx.TraceGraph.floatAttr;
import static dev.arbor.onnx.TraceGraph.intAttr;

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
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX nodes of each layer the exporter writes whole from the module's own arguments, in eval
 * mode, as torch.onnx writes them: Linear to Gemm (MatMul and Add above two dimensions),
 * Conv1d/2d/3d and their transposes to Conv/ConvTranspose, BatchNorm1d/2d/3d to BatchNormalization,
 * LayerNorm to LayerNormalization (opset 17 on; the mean and variance written out before), ReLU,
 * LeakyReLU, ELU, Sigmoid, Tanh, GELU (Gelu from opset 20, the Erf form before), Softmax and
 * LogSoftmax, MaxPool1d/2d/3d, adaptive average pools (a global pool, or equal windows), Flatten, and
 * Dropout and Identity as Identity. A layer option ONNX cannot express is an error naming the module.
 * The node builders are shared with the functional forms ({@link NeuralExports}).
 */
final class LayerExports {
    private LayerExports() {}

    /** {@return whether {@link #emit} writes {@code m} (a call with one tensor)} */
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
            case LayerNorm ln -> layerNorm(ln, x, in, g, args, what);
            case ReLU _ -> g.node("Relu", List.of(in));
            case LeakyReLU _ -> g.node("LeakyRelu", List.of(in), floatAttr("alpha", args.number("negative_slope", 0.01)));
            case ELU _ -> g.node("Elu", List.of(in), floatAttr("alpha", args.number("alpha", 1.0)));
            case Sigmoid _ -> g.node("Sigmoid", List.of(in));
            case Tanh _ -> g.node("Tanh", List.of(in));
            case GELU _ -> ElementwiseExports.gelu(g, in, x.dtype(), args.text("approximate", "none"));
            case Softmax _ -> g.node("Softmax", List.of(in), intAttr("axis", dim(args, x, what)));
            case LogSoftmax _ -> g.node("LogSoftmax", List.of(in), intAttr("axis", dim(args, x, what)));
            case MaxPoolNd _ -> maxPool(in, g, args, x.dim() - 2);
            case AdaptiveAvgPoolNd _ -> NeuralExports.adaptivePool(g, in, x, x.dim() - 2,
                    args.ints("output_size", x.dim() - 2, 1), false, why -> new OnnxException("cannot export " + what
                    + ": " + why));
            case Flatten _ -> ShapeExports.flatten(g, in, x, (int) args.number("start_dim", 1),
                    (int) args.number("end_dim", -1));
            default -> g.node("Identity", List.of(in)); // Dropout in eval, Identity
        };
    }

    private static String linear(Linear l, Tensor x, String in, TraceGraph g, String what) {
        String w = g.state(l.weight(), what + " weight");
        String b = l.bias() == null ? null : g.state(l.bias(), what + " bias");
        return NeuralExports.linear(g, x.dim(), in, w, l.weight().dim(), b);
    }

    private static String conv(ConvNd c, String in, TraceGraph g, ReprArgs a, String what) {
        if (!a.text("padding_mode", "zeros").equals("zeros")) {
            throw new OnnxException("cannot export " + what + ": padding_mode=" + a.text("padding_mode", "")
                    + " has no ONNX Conv attribute (only zeros)");
        }
        long[] kernel = Arrays.copyOfRange(c.weight().shape(), 2, c.weight().dim());
        int dims = kernel.length;
        long[] dilation = a.ints("dilation", dims, 1);
        long[] before = new long[dims];
        long[] after = new long[dims];
        String padding = a.text("padding", "0");
        for (int i = 0; i < dims; i++) {
            if (padding.equals("same")) {
                long total = dilation[i] * (kernel[i] - 1);
                before[i] = total / 2;
                after[i] = total - total / 2;
            } else if (!padding.equals("valid")) {
                before[i] = after[i] = a.ints("padding", dims, 0)[i];
            }
        }
        String w = g.state(c.weight(), what + " weight");
        String b = c.bias() == null ? null : g.state(c.bias(), what + " bias");
        return NeuralExports.conv(g, in, w, b, kernel, a.ints("stride", dims, 1), before, after, dilation,
                (long) a.number("groups", 1), c instanceof ConvTransposeNd ? a.ints("output_padding", dims, 0) : null);
    }

    private static String batchNorm(BatchNormNd bn, String in, TraceGraph g, ReprArgs a, String what) {
        if (bn.runningMean() == null) {
            throw new OnnxException("cannot export " + what + ": without running statistics (track_running_stats="
                    + "False) it normalizes with batch statistics in eval mode, which BatchNormalization does not");
        }
        long c = bn.runningMean().size(0);
        DType dtype = bn.runningMean().dtype();
        String w = bn.weight() == null ? null : g.state(bn.weight(), what + " weight");
        String b = bn.bias() == null ? null : g.state(bn.bias(), what + " bias");
        String momentum = a.text("momentum", "None");
        return NeuralExports.batchNorm(g, in, NeuralExports.orConstant(g, w, 1, dtype, c),
                NeuralExports.orConstant(g, b, 0, dtype, c), g.state(bn.runningMean(), what + " running_mean"),
                g.state(bn.runningVar(), what + " running_var"), a.number("eps", 1e-5),
                momentum.equals("None") ? null : Double.parseDouble(momentum));
    }

    private static String layerNorm(LayerNorm ln, Tensor x, String in, TraceGraph g, ReprArgs a, String what) {
        String w = ln.weight() == null ? null : g.state(ln.weight(), what + " weight");
        String b = ln.bias() == null ? null : g.state(ln.bias(), what + " bias");
        return NeuralExports.layerNorm(g, in, x, w, b, a.positionalInts(0), a.number("eps", 1e-5));
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
        return NeuralExports.maxPool(g, in, kernel, a.has("stride") ? a.ints("stride", dims, 1) : kernel,
                a.ints("padding", dims, 0), a.ints("dilation", dims, 1), a.flag("ceil_mode", false));
    }
}
