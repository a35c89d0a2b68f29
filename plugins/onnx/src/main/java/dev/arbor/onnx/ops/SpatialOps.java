package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.as;
import static dev.arbor.onnx.ops.Values.longs;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.nn.functional.F;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Convolution, pooling and padding ops. ONNX allows asymmetric padding, SAME auto-padding and N
 * spatial dimensions; the engine's functional ops take symmetric padding for 1 to 3 dimensions, so
 * asymmetric padding is applied explicitly first. Average and Lp pooling run as depthwise
 * convolutions with a window of ones, which covers dilation, ceil mode and both divisor rules.
 */
final class SpatialOps {
    private SpatialOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("Conv", 1, SpatialOps::conv);
        r.add("ConvTranspose", 1, SpatialOps::convTranspose);
        r.add("MaxPool", 1, SpatialOps::maxPool);
        r.add("AveragePool", 1, (ctx, in) -> one(windowSum(ctx, ctx.tensor(in, 0), 0)));
        r.add("LpPool", 1, (ctx, in) -> one(windowSum(ctx, ctx.tensor(in, 0), ctx.attributes().getInt("p", 2))));
        r.add("GlobalAveragePool", 1, (ctx, in) -> one(ctx.tensor(in, 0).mean(spatialDims(ctx.tensor(in, 0)), true)));
        r.add("GlobalMaxPool", 1, (ctx, in) -> one(ctx.tensor(in, 0).amax(spatialDims(ctx.tensor(in, 0)), true)));
        r.add("GlobalLpPool", 2, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            double p = ctx.attributes().getInt("p", 2);
            return one(x.abs().pow(p).sum(spatialDims(x), true).pow(1 / p));
        });
        r.add("Pad", 1, SpatialOps::pad);
        r.add("DepthToSpace", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long b = ctx.attributes().getInt("blocksize");
            long n = x.size(0);
            long c = x.size(1);
            long h = x.size(2);
            long w = x.size(3);
            boolean crd = ctx.attributes().getString("mode", "DCR").equals("CRD");
            Tensor y = crd ? x.reshape(n, c / (b * b), b, b, h, w).permute(0, 1, 4, 2, 5, 3)
                    : x.reshape(n, b, b, c / (b * b), h, w).permute(0, 3, 4, 1, 5, 2);
            return one(y.reshape(n, c / (b * b), h * b, w * b));
        });
        r.add("SpaceToDepth", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long b = ctx.attributes().getInt("blocksize");
            long n = x.size(0);
            long c = x.size(1);
            long h = x.size(2);
            long w = x.size(3);
            return one(x.reshape(n, c, h / b, b, w / b, b).permute(0, 3, 5, 1, 2, 4).reshape(n, c * b * b, h / b, w / b));
        });
    }

    private static int[] spatialDims(Tensor x) {
        int[] d = new int[x.dim() - 2];
        Arrays.setAll(d, i -> i + 2);
        return d;
    }

    /** Strides, dilations and begin/end padding of a window op, auto_pad resolved. */
    private record Window(long[] kernel, long[] stride, long[] dilation, long[] padBegin, long[] padEnd) {
        boolean symmetric() {
            return Arrays.equals(padBegin, padEnd);
        }

        static Window of(OpContext ctx, long[] inputSpatial, long[] kernel) {
            int n = kernel.length;
            var a = ctx.attributes();
            long[] stride = a.getInts("strides", filled(n, 1));
            long[] dilation = a.getInts("dilations", filled(n, 1));
            long[] pads = a.getInts("pads", new long[2 * n]);
            long[] begin = Arrays.copyOfRange(pads, 0, n);
            long[] end = Arrays.copyOfRange(pads, n, 2 * n);
            String auto = a.getString("auto_pad", "NOTSET");
            if (auto.equals("VALID")) {
                Arrays.fill(begin, 0);
                Arrays.fill(end, 0);
            } else if (auto.startsWith("SAME")) {
                for (int i = 0; i < n; i++) {
                    long out = Math.ceilDiv(inputSpatial[i], stride[i]);
                    long total = Math.max(0, (out - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - inputSpatial[i]);
                    begin[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    end[i] = total - begin[i];
                }
            } else if (!auto.equals("NOTSET")) {
                throw ctx.error("unknown auto_pad '" + auto + "'");
            }
            return new Window(kernel, stride, dilation, begin, end);
        }
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private static long[] spatial(Tensor x) {
        return Arrays.copyOfRange(x.shape(), 2, x.dim());
    }

    private static Tensor padExplicit(Tensor x, long[] begin, long[] end, double value) {
        Tensor y = x;
        for (int i = 0; i < begin.length; i++) {
            y = Padding.pad(y, i + 2, begin[i], end[i], "constant", value);
        }
        return y;
    }

    private static void checkRank(OpContext ctx, int n) {
        if (n < 1 || n > 3) {
            throw new UnsupportedOperationException(ctx.describe() + ": " + n + " spatial dimensions are not supported "
                    + "(1 to 3 are)");
        }
    }

    private static Tensor convNd(int n, Tensor x, Tensor w, Tensor b, long[] stride, long[] pad, long[] dilation,
                                 long groups) {
        return switch (n) {
            case 1 -> F.conv1d(x, w, b, stride, pad, dilation, groups);
            case 2 -> F.conv2d(x, w, b, stride, pad, dilation, groups);
            default -> F.conv3d(x, w, b, stride, pad, dilation, groups);
        };
    }

    private static List<Object> conv(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        Tensor w = ctx.tensor(in, 1);
        Tensor b = ctx.optionalTensor(in, 2);
        int n = x.dim() - 2;
        checkRank(ctx, n);
        long[] kernel = ctx.attributes().getInts("kernel_shape", Arrays.copyOfRange(w.shape(), 2, w.dim()));
        Window win = Window.of(ctx, spatial(x), kernel);
        long groups = ctx.attributes().getInt("group", 1);
        if (win.symmetric()) {
            return one(convNd(n, x, w, b, win.stride(), win.padBegin(), win.dilation(), groups));
        }
        Tensor padded = padExplicit(x, win.padBegin(), win.padEnd(), 0);
        return one(convNd(n, padded, w, b, win.stride(), new long[n], win.dilation(), groups));
    }

    private static List<Object> convTranspose(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        Tensor w = ctx.tensor(in, 1);
        Tensor b = ctx.optionalTensor(in, 2);
        int n = x.dim() - 2;
        checkRank(ctx, n);
        var a = ctx.attributes();
        long[] kernel = a.getInts("kernel_shape", Arrays.copyOfRange(w.shape(), 2, w.dim()));
        long[] stride = a.getInts("strides", filled(n, 1));
        long[] dilation = a.getInts("dilations", filled(n, 1));
        long[] outPad = a.getInts("output_padding", new long[n]);
        long[] pads = a.getInts("pads", new long[2 * n]);
        long[] outputShape = a.getInts("output_shape", null);
        String auto = a.getString("auto_pad", "NOTSET");
        long groups = a.getInt("group", 1);
        long[] inSp = spatial(x);
        long[] begin = Arrays.copyOfRange(pads, 0, n);
        long[] end = Arrays.copyOfRange(pads, n, 2 * n);
        long[] full = new long[n];
        for (int i = 0; i < n; i++) {
            full[i] = stride[i] * (inSp[i] - 1) + outPad[i] + (kernel[i] - 1) * dilation[i] + 1;
        }
        if (outputShape != null || auto.startsWith("SAME")) {
            for (int i = 0; i < n; i++) {
                long target = outputShape != null ? outputShape[outputShape.length - n + i] : inSp[i] * stride[i];
                long total = full[i] - target;
                if (total < 0) {
                    // a larger output than the convolution covers: zeros after it
                    begin[i] = 0;
                } else {
                    begin[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                }
                end[i] = total - begin[i];
            }
        }
        // the full transposed convolution, then output_padding zeros and the crop of the pads
        Tensor y = switch (n) {
            case 1 -> F.convTranspose1d(x, w, null, stride, new long[n], new long[n], groups, dilation);
            case 2 -> F.convTranspose2d(x, w, null, stride, new long[n], new long[n], groups, dilation);
            default -> F.convTranspose3d(x, w, null, stride, new long[n], new long[n], groups, dilation);
        };
        for (int i = 0; i < n; i++) {
            y = Padding.pad(y, i + 2, -begin[i], outPad[i] - end[i], "constant", 0);
        }
        if (b != null) {
            long[] shape = filled(y.dim(), 1);
            shape[1] = b.size(0);
            y = y.add(b.reshape(shape));
        }
        return one(y);
    }

    private static List<Object> maxPool(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        int n = x.dim() - 2;
        checkRank(ctx, n);
        long[] kernel = ctx.attributes().getInts("kernel_shape", null);
        if (kernel == null) {
            throw ctx.error("kernel_shape is required");
        }
        Window win = Window.of(ctx, spatial(x), kernel);
        boolean ceil = ctx.attributes().getInt("ceil_mode", 0) != 0;
        boolean wantIndices = ctx.node().getOutputCount() > 1 && !ctx.node().getOutput(1).isEmpty();
        boolean fits = win.symmetric();
        for (int i = 0; i < n && fits; i++) {
            fits = win.padBegin()[i] * 2 <= (kernel[i] - 1) * win.dilation()[i] + 1;
        }
        Tensor src = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT64);
        long[] pad = win.padBegin();
        if (!fits) {
            if (wantIndices) {
                throw new UnsupportedOperationException(ctx.describe() + ": indices with asymmetric padding");
            }
            src = padExplicit(src, win.padBegin(), win.padEnd(), Double.NEGATIVE_INFINITY);
            pad = new long[n];
        }
        if (!wantIndices) {
            Tensor y = switch (n) {
                case 1 -> F.maxPool1d(src, kernel, win.stride(), pad, win.dilation(), ceil);
                case 2 -> F.maxPool2d(src, kernel, win.stride(), pad, win.dilation(), ceil);
                default -> F.maxPool3d(src, kernel, win.stride(), pad, win.dilation(), ceil);
            };
            return one(as(y, x.dtype()));
        }
        Tensor.ValuesIndices r = switch (n) {
            case 1 -> F.maxPool1dWithIndices(src, kernel, win.stride(), pad, win.dilation(), ceil);
            case 2 -> F.maxPool2dWithIndices(src, kernel, win.stride(), pad, win.dilation(), ceil);
            default -> F.maxPool3dWithIndices(src, kernel, win.stride(), pad, win.dilation(), ceil);
        };
        return List.of(as(r.values(), x.dtype()), onnxIndices(ctx, x, r.indices()));
    }

    /** Per-plane indices made flat over the whole input, in row- or column-major order (storage_order). */
    private static Tensor onnxIndices(OpContext ctx, Tensor x, Tensor planeIdx) {
        long[] sp = spatial(x);
        long plane = Arrays.stream(sp).reduce(1, (p, q) -> p * q);
        Tensor idx = planeIdx;
        if (ctx.attributes().getInt("storage_order", 0) == 1) {
            if (sp.length != 2) {
                throw new UnsupportedOperationException(ctx.describe() + ": column-major indices need 2 spatial dims");
            }
            Tensor h = idx.floorDivide(Tensor.scalar(sp[1], DType.INT64));
            Tensor w = idx.sub(h.mul(Tensor.scalar(sp[1], DType.INT64)));
            idx = w.mul(Tensor.scalar(sp[0], DType.INT64)).add(h);
        }
        long[] planeShape = {x.size(0), x.size(1)};
        Tensor planes = Tensor.arange(planeShape[0] * planeShape[1]).reshape(planeShape[0], planeShape[1]);
        long[] bshape = filled(idx.dim(), 1);
        bshape[0] = planeShape[0];
        bshape[1] = planeShape[1];
        return idx.add(planes.reshape(bshape).mul(Tensor.scalar(plane, DType.INT64)));
    }

    /**
     * Average pooling ({@code p == 0}) or Lp pooling: sums over each window by a depthwise convolution
     * with ones, divided by the count of elements the divisor rule includes (average), or raised to
     * {@code 1/p} (Lp).
     */
    private static Tensor windowSum(OpContext ctx, Tensor x, long p) {
        int n = x.dim() - 2;
        checkRank(ctx, n);
        long[] kernel = ctx.attributes().getInts("kernel_shape", null);
        if (kernel == null) {
            throw ctx.error("kernel_shape is required");
        }
        long[] sp = spatial(x);
        Window win = Window.of(ctx, sp, kernel);
        boolean ceil = ctx.attributes().getInt("ceil_mode", 0) != 0;
        boolean includePad = ctx.attributes().getInt("count_include_pad", 0) != 0;
        long[] extra = new long[n];
        for (int i = 0; i < n; i++) {
            long ek = (kernel[i] - 1) * win.dilation()[i] + 1;
            long span = sp[i] + win.padBegin()[i] + win.padEnd()[i] - ek;
            long out = (ceil ? Math.ceilDiv(span, win.stride()[i]) : Math.floorDiv(span, win.stride()[i])) + 1;
            if (ceil && (out - 1) * win.stride()[i] >= sp[i] + win.padBegin()[i]) {
                out--;
            }
            extra[i] = Math.max(0, (out - 1) * win.stride()[i] + ek - (sp[i] + win.padBegin()[i] + win.padEnd()[i]));
        }
        long channels = x.size(1);
        Tensor src = p == 0 ? x : x.abs().pow((double) p);
        long[] endTotal = new long[n];
        for (int i = 0; i < n; i++) {
            endTotal[i] = win.padEnd()[i] + extra[i];
        }
        Tensor padded = padExplicit(src, win.padBegin(), endTotal, 0);
        long[] wshape = new long[n + 2];
        wshape[0] = channels;
        wshape[1] = 1;
        System.arraycopy(kernel, 0, wshape, 2, n);
        Tensor ones = Tensor.ones(x.dtype(), wshape).to(x.device());
        Tensor sum = convNd(n, padded, ones, null, win.stride(), new long[n], win.dilation(), channels);
        if (p != 0) {
            return sum.pow(1.0 / p);
        }
        // the divisor: ones where counted (the input, and the declared pads when they count), zeros elsewhere
        long[] maskShape = new long[n + 2];
        maskShape[0] = 1;
        maskShape[1] = 1;
        System.arraycopy(sp, 0, maskShape, 2, n);
        Tensor mask = Tensor.ones(x.dtype(), maskShape).to(x.device());
        if (includePad) {
            mask = padExplicit(mask, win.padBegin(), win.padEnd(), 1);
            mask = padExplicit(mask, new long[n], extra, 0);
        } else {
            mask = padExplicit(mask, win.padBegin(), endTotal, 0);
        }
        wshape[0] = 1;
        Tensor count = convNd(n, mask, Tensor.ones(x.dtype(), wshape).to(x.device()), null, win.stride(), new long[n],
                win.dilation(), 1);
        return sum.div(count);
    }

    private static List<Object> pad(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        String mode = ctx.attributes().getString("mode", "constant");
        long[] pads;
        double value;
        long[] axes = null;
        if (ctx.opset() >= 11) {
            pads = longs(ctx, in, 1);
            Tensor v = ctx.optionalHostTensor(in, 2);
            value = v == null ? 0 : v.item();
            if (in.size() > 3 && in.get(3) != null) {
                axes = longs(ctx, in, 3);
            }
        } else {
            pads = ctx.attributes().getInts("pads", ctx.attributes().getInts("paddings", new long[0]));
            value = ctx.attributes().getFloat("value", 0f);
        }
        int k = axes == null ? x.dim() : axes.length;
        if (pads.length != 2 * k) {
            throw ctx.error("pads has " + pads.length + " values, expected " + 2 * k);
        }
        Tensor y = x;
        for (int i = 0; i < k; i++) {
            int axis = axes == null ? i : Values.axis(ctx, axes[i], x.dim());
            y = Padding.pad(y, axis, pads[i], pads[i + k], mode, value);
        }
        return one(y);
    }
}
