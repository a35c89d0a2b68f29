package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Resize (and the older Upsample): separable interpolation, one axis at a time, as a matrix of
 * weights [out, in] applied with a matrix product, so every mode is differentiable. Coordinates,
 * neighbours and weights follow the ONNX reference implementation: edge values beyond the borders,
 * nearest-rounding modes, linear and cubic (with exclude_outside) kernels, and antialiasing that
 * widens the kernel when shrinking.
 */
final class ResizeOps {
    private ResizeOps() {}

    /** How one resize is done. */
    private record Mode(String mode, String coordinates, String nearest, double cubicA, boolean excludeOutside,
                        boolean antialias) {}

    static void register(OnnxOps.Registrar r) {
        r.add("Resize", 10, ResizeOps::resize);
        r.add("Upsample", 7, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            float[] scales = ctx.opset() >= 9 ? ctx.hostTensor(in, 1).toFloatArray()
                    : ctx.attributes().getFloats("scales", null);
            String mode = ctx.attributes().getString("mode", "nearest");
            Mode m = new Mode(mode.equals("bilinear") ? "linear" : mode, "asymmetric", "floor", -0.75, false, false);
            double[] s = new double[scales.length];
            long[] out = new long[scales.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = scales[i];
                out[i] = (long) Math.floor(x.size(i) * s[i]);
            }
            return one(apply(ctx, x, m, s, out, null, 0));
        });
    }

    private static List<Object> resize(OpContext ctx, List<Object> in) {
        var a = ctx.attributes();
        Tensor x = ctx.tensor(in, 0);
        int rank = x.dim();
        Mode m = new Mode(a.getString("mode", "nearest"),
                ctx.opset() < 11 ? "asymmetric" : a.getString("coordinate_transformation_mode", "half_pixel"),
                ctx.opset() < 11 ? "round_prefer_floor" : a.getString("nearest_mode", "round_prefer_floor"),
                a.getFloat("cubic_coeff_a", -0.75f), a.getInt("exclude_outside", 0) != 0, a.getInt("antialias", 0) != 0);
        Tensor roi = ctx.opset() >= 11 ? ctx.optionalHostTensor(in, 1) : null;
        Tensor scalesT = ctx.opset() >= 11 ? ctx.optionalHostTensor(in, 2) : ctx.hostTensor(in, 1);
        Tensor sizesT = ctx.opset() >= 11 ? ctx.optionalHostTensor(in, 3) : null;
        long[] axesAttr = a.getInts("axes", null);
        int[] axes = new int[axesAttr == null ? rank : axesAttr.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axesAttr == null ? i : Values.axis(ctx, axesAttr[i], rank);
        }
        double[] scales = new double[rank];
        long[] out = x.shape();
        Arrays.fill(scales, 1);
        if (sizesT != null && sizesT.numel() > 0) {
            long[] sizes = sizesT.toLongArray();
            String policy = a.getString("keep_aspect_ratio_policy", "stretch");
            double common = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
            for (int i = 0; i < axes.length; i++) {
                double s = (double) sizes[i] / x.size(axes[i]);
                common = policy.equals("not_larger") ? Math.min(common, s) : Math.max(common, s);
            }
            for (int i = 0; i < axes.length; i++) {
                int ax = axes[i];
                if (policy.equals("stretch")) {
                    scales[ax] = (double) sizes[i] / x.size(ax);
                    out[ax] = sizes[i];
                } else {
                    scales[ax] = common;
                    out[ax] = Math.round(common * x.size(ax));
                }
            }
        } else if (scalesT != null && scalesT.numel() > 0) {
            float[] s = scalesT.toFloatArray();
            for (int i = 0; i < axes.length; i++) {
                scales[axes[i]] = s[i];
                out[axes[i]] = (long) Math.floor(x.size(axes[i]) * (double) s[i]);
            }
        } else {
            throw ctx.error("one of scales and sizes must be given");
        }
        double[] roiValues = null;
        if (roi != null && roi.numel() > 0) {
            double[] given = roi.toDoubleArray();
            roiValues = new double[2 * rank];
            for (int i = 0; i < rank; i++) {
                roiValues[i] = 0;
                roiValues[rank + i] = 1;
            }
            for (int i = 0; i < axes.length; i++) {
                roiValues[axes[i]] = given[i];
                roiValues[rank + axes[i]] = given[axes.length + i];
            }
        }
        return one(apply(ctx, x, m, scales, out, roiValues, a.getFloat("extrapolation_value", 0f)));
    }

    private static Tensor apply(OpContext ctx, Tensor x, Mode m, double[] scales, long[] out, double[] roi,
                                double extrapolation) {
        DType dtype = x.dtype();
        Tensor y = dtype.isFloatingPoint() ? x : x.to(DType.FLOAT32);
        Tensor valid = null;
        for (int ax = 0; ax < x.dim(); ax++) {
            long in = x.size(ax);
            if (out[ax] == in && scales[ax] == 1 && roi == null) {
                continue;
            }
            boolean[] inside = new boolean[(int) out[ax]];
            Tensor w = weights(ctx, m, in, out[ax], scales[ax], roi == null ? null
                    : new double[] {roi[ax], roi[x.dim() + ax]}, inside).to(y.dtype()).to(y.device());
            y = y.movedim(ax, -1).matmul(w.t()).movedim(-1, ax);
            if (m.coordinates().equals("tf_crop_and_resize")) {
                long[] shape = new long[x.dim()];
                Arrays.fill(shape, 1);
                shape[ax] = out[ax];
                Tensor mask = Tensor.of(inside).reshape(shape).to(y.device());
                valid = valid == null ? mask : valid.logicalAnd(mask);
            }
        }
        if (valid != null) {
            y = Tensor.where(valid, y, Tensor.full(extrapolation, y.dtype(), y.device()));
        }
        if (!dtype.isFloatingPoint()) {
            y = y.round().to(dtype);
        }
        return y;
    }

    /** The [out, in] interpolation matrix of one axis; {@code inside} marks outputs within the roi crop. */
    private static Tensor weights(OpContext ctx, Mode m, long in, long out, double scale, double[] roi, boolean[] inside) {
        double[] w = new double[(int) (out * in)];
        for (int o = 0; o < out; o++) {
            double xo = original(ctx, m.coordinates(), o, in, out, scale, roi);
            inside[o] = xo >= 0 && xo <= in - 1;
            double[] coeffs = coefficients(m, xo, scale);
            int n = coeffs.length;
            long[] idx = neighbours(xo, n);
            if (m.excludeOutside()) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    if (idx[k] < 0 || idx[k] >= in) {
                        coeffs[k] = 0;
                    }
                    sum += coeffs[k];
                }
                for (int k = 0; k < n; k++) {
                    coeffs[k] = sum == 0 ? 0 : coeffs[k] / sum;
                }
            }
            for (int k = 0; k < n; k++) {
                long i = Math.min(Math.max(idx[k], 0), in - 1);
                w[(int) (o * in + i)] += coeffs[k];
            }
        }
        return Tensor.of(w, DType.FLOAT64, out, in);
    }

    /**
     * The input coordinate an output position maps to. As in the reference, align_corners and
     * crop-and-resize use the unrounded output width {@code scale * in}.
     */
    private static double original(OpContext ctx, String mode, long x, long in, long out, double scale, double[] roi) {
        double width = scale * in;
        return switch (mode) {
            case "half_pixel" -> (x + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> {
                double adjustment = out / width;
                double offset = in / 2.0 * (1 - adjustment);
                yield offset + (x + 0.5) / scale - 0.5;
            }
            case "pytorch_half_pixel" -> out > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> width == 1 ? 0 : x * (in - 1.0) / (width - 1.0);
            case "asymmetric" -> x / scale;
            case "tf_half_pixel_for_nn" -> (x + 0.5) / scale;
            case "tf_crop_and_resize" -> {
                double start = roi == null ? 0 : roi[0];
                double end = roi == null ? 1 : roi[1];
                yield width > 1 ? start * (in - 1) + x * (end - start) * (in - 1) / (width - 1.0)
                        : 0.5 * (start + end) * (in - 1);
            }
            default -> throw ctx.error("unknown coordinate_transformation_mode '" + mode + "'");
        };
    }

    /** Interpolation weights for the neighbours of {@code xo}, as the ONNX reference computes them. */
    private static double[] coefficients(Mode m, double xo, double scale) {
        double ratio = xo == Math.floor(xo) ? 1 : xo - Math.floor(xo);
        return switch (m.mode()) {
            case "nearest" -> {
                boolean right = switch (m.nearest()) {
                    case "round_prefer_ceil" -> ratio >= 0.5;
                    case "floor" -> ratio == 1;
                    case "ceil" -> ratio > 0;
                    default -> ratio > 0.5;
                };
                yield right ? new double[] {0, 1} : new double[] {1, 0};
            }
            case "linear" -> m.antialias() && scale < 1 ? antialiased(ratio, scale, false, m.cubicA())
                    : new double[] {1 - ratio, ratio};
            case "cubic" -> m.antialias() && scale < 1 ? antialiased(ratio, scale, true, m.cubicA())
                    : cubic(ratio, m.cubicA());
            default -> throw new UnsupportedOperationException("resize mode '" + m.mode() + "' is not supported");
        };
    }

    private static double[] cubic(double r, double a) {
        return new double[] {cubicKernel(r + 1, a), cubicKernel(r, a), cubicKernel(1 - r, a), cubicKernel(2 - r, a)};
    }

    private static double cubicKernel(double x, double a) {
        double t = Math.abs(x);
        if (t <= 1) {
            return ((a + 2) * t - (a + 3)) * t * t + 1;
        }
        if (t < 2) {
            return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
        }
        return 0;
    }

    /** Widened kernels when shrinking: the footprint grows by 1/scale and the weights are normalised. */
    private static double[] antialiased(double ratio, double scale, boolean cubic, double a) {
        int start = (int) Math.floor(-(cubic ? 2 : 1) / scale) + 1;
        int footprint = 2 - 2 * start;
        double[] c = new double[footprint];
        double sum = 0;
        for (int i = 0; i < footprint; i++) {
            double arg = (start + i - ratio) * scale;
            c[i] = cubic ? cubicKernel(arg, a) : Math.max(0, 1 - Math.abs(arg));
            sum += c[i];
        }
        for (int i = 0; i < footprint; i++) {
            c[i] /= sum;
        }
        return c;
    }

    /** The {@code n} integer positions nearest to {@code x} (ties to the lower), in increasing order. */
    private static long[] neighbours(double x, int n) {
        long base = (long) Math.floor(x);
        // for a fractional x the window is centred between floor(x) and floor(x)+1; an integer x
        // counts as the right end of its left interval, as the reference's ratio = 1 convention
        long first = x == Math.floor(x) ? base - n / 2 : base - (n / 2 - 1);
        long[] idx = new long[n];
        for (int k = 0; k < n; k++) {
            idx[k] = first + k;
        }
        return idx;
    }
}
