package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Resizing, as {@code torch.nn.functional.interpolate} (modes {@code nearest}, {@code nearest-exact},
 * {@code linear}, {@code bilinear}, {@code bicubic}, {@code trilinear} and {@code area}), and
 * {@code pixel_shuffle}/{@code pixel_unshuffle}.
 *
 * <p>Every interpolation mode is separable: the result is the input resampled along each spatial
 * dimension in turn, each output position a weighted sum of a few gathered input positions (one for
 * nearest, two for linear, four for cubic). Indices and weights follow PyTorch 1.13's CPU kernels,
 * computed in float for float32, float16 and bfloat16 inputs and in double for float64, so the
 * positions chosen agree with PyTorch's; the backward is that of the gathers (index_add).
 */
public final class Resampling {
    /** The cubic convolution coefficient PyTorch uses (Keys' kernel with a = -0.75). */
    private static final double CUBIC_A = -0.75;

    private Resampling() {}

    /**
     * Resizes the spatial dimensions of {@code x} {@code [N, C, *spatial]} (1 to 3 of them).
     *
     * @param size                 the output spatial size (one value for all dimensions allowed), or null
     * @param scaleFactor          the scale per dimension (one value for all allowed), or null; exactly one of
     *                             {@code size} and {@code scaleFactor} is given
     * @param mode                 {@code nearest}, {@code nearest-exact}, {@code linear} (3-d input),
     *                             {@code bilinear} or {@code bicubic} (4-d), {@code trilinear} (5-d), {@code area}
     * @param alignCorners         for the linear and cubic modes: whether the corner pixels' centres of input and
     *                             output align; null means false, and must be null for the other modes
     * @param recomputeScaleFactor when true, positions are computed from the output size alone even when
     *                             {@code scaleFactor} is given
     */
    public static Tensor interpolate(Tensor x, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
                                     boolean recomputeScaleFactor) {
        long trace = OpTraces.begin();
        Tensor out = computeInterpolate(x, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
        return trace < 0 ? out : OpTraces.end(trace, "interpolate", out,
                x, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    private static Tensor computeInterpolate(Tensor x, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
                                             boolean recomputeScaleFactor) {
        String m = mode.toLowerCase(Locale.ROOT);
        int dims = x.dim() - 2;
        boolean known = switch (m) {
            case "nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area" -> true;
            default -> false;
        };
        if (dims < 1 || dims > 3 || !known || (m.equals("bicubic") && dims != 2)) {
            throw new UnsupportedOperationException("Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                    + x.dim() + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | "
                    + "nearest-exact (got " + mode + ")");
        }
        int needed = switch (m) {
            case "linear" -> 1;
            case "bilinear" -> 2;
            case "trilinear" -> 3;
            default -> dims;
        };
        if (needed != dims) {
            throw new UnsupportedOperationException("Got " + x.dim() + "D input, but " + m + " mode needs "
                    + (needed + 2) + "D input");
        }
        boolean interpolating = m.equals("linear") || m.equals("bilinear") || m.equals("bicubic")
                || m.equals("trilinear");
        if (alignCorners != null && !interpolating) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | bicubic | trilinear");
        }
        long[] in = WindowArgs.spatial(x.shape(), dims);
        long[] out = outputSize(x, dims, size, scaleFactor);
        boolean corners = alignCorners != null && alignCorners;
        double[] scales = scaleFactor == null || recomputeScaleFactor ? null
                : expandScales(scaleFactor, dims);
        if (m.equals("area")) {
            return Pooling.adaptiveAvgPool(dims, x, out);
        }
        boolean nearest = m.startsWith("nearest");
        if (nearest && x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"upsample_" + m + "\" not implemented for 'Bool'");
        }
        DType dtype = x.dtype();
        Tensor y = nearest ? x : x.to(WindowArgs.computeType("upsample_" + m, x));
        boolean single = dtype != DType.FLOAT64;
        for (int d = 0; d < dims; d++) {
            Double scale = scales == null ? null : scales[d];
            int dim = 2 + d;
            y = switch (m) {
                case "nearest" -> y.indexSelect(dim, index(x, nearestIndices(in[d], out[d], scale, false)));
                case "nearest-exact" -> y.indexSelect(dim, index(x, nearestIndices(in[d], out[d], scale, true)));
                case "bicubic" -> cubic(y, dim, in[d], out[d], corners, scale, single);
                default -> linear(y, dim, in[d], out[d], corners, scale, single);
            };
        }
        return y.to(dtype);
    }

    private static long[] outputSize(Tensor x, int dims, long[] size, double[] scaleFactor) {
        if (size != null && scaleFactor != null) {
            throw new IllegalArgumentException("only one of size or scale_factor should be defined");
        }
        if (size == null && scaleFactor == null) {
            throw new IllegalArgumentException("either size or scale_factor should be defined");
        }
        long[] in = WindowArgs.spatial(x.shape(), dims);
        long[] out;
        if (size != null) {
            if (size.length != 1 && size.length != dims) {
                throw new IllegalArgumentException("Input and output must have the same number of spatial dimensions, but "
                        + "got input with spatial dimensions of " + Arrays.toString(in) + " and output size of "
                        + Arrays.toString(size) + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                        + "output size in (o1, o2, ...,oK) format.");
            }
            out = WindowArgs.expand("interpolate", "size", size, dims);
        } else {
            double[] s = expandScales(scaleFactor, dims);
            out = new long[dims];
            for (int d = 0; d < dims; d++) {
                out[d] = (long) Math.floor(in[d] * s[d]);
            }
        }
        for (int d = 0; d < dims; d++) {
            if (in[d] <= 0 || out[d] <= 0) {
                throw new IllegalArgumentException("Input and output sizes should be greater than 0, but got input "
                        + Arrays.toString(in) + " output " + Arrays.toString(out) + " (input of shape "
                        + Shapes.str(x.shape()) + ")");
            }
        }
        return out;
    }

    private static double[] expandScales(double[] scaleFactor, int dims) {
        if (scaleFactor.length != 1 && scaleFactor.length != dims) {
            throw new IllegalArgumentException("Input and scale_factor must have the same number of spatial dimensions, "
                    + "but got " + dims + " spatial dimensions and scale_factor of shape " + Arrays.toString(scaleFactor)
                    + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) "
                    + "format.");
        }
        double[] out = new double[dims];
        Arrays.fill(out, scaleFactor[0]);
        return scaleFactor.length == dims ? scaleFactor.clone() : out;
    }

    private static Tensor index(Tensor like, long[] values) {
        return Tensor.of(values).to(like.device());
    }

    /** PyTorch's {@code nearest_idx} and {@code nearest_exact_idx}, in float as PyTorch computes them. */
    private static long[] nearestIndices(long in, long out, Double scale, boolean exact) {
        float ratio = scale != null && scale > 0 ? (float) (1.0 / scale) : (float) in / out;
        long[] idx = new long[Math.toIntExact(out)];
        for (int o = 0; o < out; o++) {
            long src;
            if (exact) {
                src = (long) Math.floor((float) ((o + 0.5) * ratio));
            } else if (out == in) {
                src = o;
            } else if (out == 2 * in) {
                src = o >> 1;
            } else {
                src = (long) Math.floor((float) o * ratio);
            }
            idx[o] = Math.min(src, in - 1);
        }
        return idx;
    }

    /**
     * PyTorch's {@code area_pixel_compute_scale}: the input distance between neighbouring output
     * positions.
     */
    private static double sourceScale(long in, long out, boolean alignCorners, Double scale, boolean single) {
        if (alignCorners) {
            return out <= 1 ? 0 : single ? (float) (in - 1) / (float) (out - 1) : (double) (in - 1) / (out - 1);
        }
        if (scale != null && scale > 0) {
            return narrow(1.0 / scale, single);
        }
        return single ? (float) in / out : (double) in / out;
    }

    /** PyTorch's {@code area_pixel_compute_source_index}: the real input position of output {@code o}. */
    private static double sourceIndex(double scale, long o, boolean alignCorners, boolean cubic, boolean single) {
        if (alignCorners) {
            return narrow(scale * o, single);
        }
        double src = single ? (float) scale * ((float) o + 0.5f) - 0.5f : scale * (o + 0.5) - 0.5;
        return !cubic && src < 0 ? 0 : src;
    }

    private static double narrow(double v, boolean single) {
        return single ? (float) v : v;
    }

    /** Linear interpolation along {@code dim}: two gathers and their lambda-weighted sum. */
    private static Tensor linear(Tensor y, int dim, long in, long out, boolean alignCorners, Double scale,
                                 boolean single) {
        if (in == out && (alignCorners || scale == null)) {
            return y;
        }
        double ratio = sourceScale(in, out, alignCorners, scale, single);
        long[] i0 = new long[Math.toIntExact(out)];
        long[] i1 = new long[i0.length];
        double[] w0 = new double[i0.length];
        double[] w1 = new double[i0.length];
        for (int o = 0; o < out; o++) {
            double real = sourceIndex(ratio, o, alignCorners, false, single);
            long lower = Math.min((long) Math.floor(real), in - 1);
            double lambda = narrow(Math.min(Math.max(real - lower, 0), 1), single);
            i0[o] = lower;
            i1[o] = lower + (lower < in - 1 ? 1 : 0);
            w0[o] = narrow(1 - lambda, single);
            w1[o] = lambda;
        }
        return y.indexSelect(dim, index(y, i0)).mul(weights(y, dim, w0))
                .add(y.indexSelect(dim, index(y, i1)).mul(weights(y, dim, w1)));
    }

    /** Cubic convolution along {@code dim}: four clamped gathers weighted by Keys' kernel. */
    private static Tensor cubic(Tensor y, int dim, long in, long out, boolean alignCorners, Double scale,
                                boolean single) {
        double ratio = sourceScale(in, out, alignCorners, scale, single);
        long[][] idx = new long[4][Math.toIntExact(out)];
        double[][] w = new double[4][Math.toIntExact(out)];
        for (int o = 0; o < out; o++) {
            double real = sourceIndex(ratio, o, alignCorners, true, single);
            long floor = (long) Math.floor(real);
            double t = narrow(real - floor, single);
            double[] coefficients = {
                cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
            for (int j = 0; j < 4; j++) {
                idx[j][o] = Math.min(Math.max(floor - 1 + j, 0), in - 1);
                w[j][o] = narrow(coefficients[j], single);
            }
        }
        Tensor sum = null;
        for (int j = 0; j < 4; j++) {
            Tensor term = y.indexSelect(dim, index(y, idx[j])).mul(weights(y, dim, w[j]));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** Keys' cubic kernel for a distance in [0, 1]. */
    private static double cubicNear(double x) {
        return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
    }

    /** Keys' cubic kernel for a distance in [1, 2]. */
    private static double cubicFar(double x) {
        return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
    }

    /** Per-position weights shaped to broadcast along {@code dim} of {@code y}. */
    private static Tensor weights(Tensor y, int dim, double[] w) {
        long[] shape = new long[y.dim()];
        Arrays.fill(shape, 1);
        shape[dim] = w.length;
        return Tensor.of(w, shape).to(y.dtype()).to(y.device());
    }

    /**
     * Rearranges {@code [*, C * r^2, H, W]} into {@code [*, C, H * r, W * r]}, as {@code pixel_shuffle}.
     */
    public static Tensor pixelShuffle(Tensor x, long upscaleFactor) {
        long trace = OpTraces.begin();
        Tensor out = computePixelShuffle(x, upscaleFactor);
        return trace < 0 ? out : OpTraces.end(trace, "pixel_shuffle", out, x, upscaleFactor);
    }

    private static Tensor computePixelShuffle(Tensor x, long upscaleFactor) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("pixel_shuffle expects input to have at least 3 dimensions, but got input "
                    + "with " + x.dim() + " dimension(s)");
        }
        if (upscaleFactor <= 0) {
            throw new IllegalArgumentException("pixel_shuffle expects a positive upscale_factor, but got " + upscaleFactor);
        }
        long r = upscaleFactor;
        long c = x.size(-3);
        if (c % (r * r) != 0) {
            throw new IllegalArgumentException("pixel_shuffle expects its input's 'channel' dimension to be divisible by "
                    + "the square of upscale_factor, but input.size(-3)=" + c + " is not divisible by " + r * r);
        }
        long h = x.size(-2);
        long w = x.size(-1);
        int lead = x.dim() - 3;
        // [*, C, r, r, H, W] -> [*, C, H, r, W, r]
        Tensor split = x.reshape(concat(x.shape(), lead, c / (r * r), r, r, h, w));
        return split.permute(order(lead, 0, 3, 1, 4, 2)).reshape(concat(x.shape(), lead, c / (r * r), h * r, w * r));
    }

    /**
     * Rearranges {@code [*, C, H * r, W * r]} into {@code [*, C * r^2, H, W]}, as {@code pixel_unshuffle}.
     */
    public static Tensor pixelUnshuffle(Tensor x, long downscaleFactor) {
        long trace = OpTraces.begin();
        Tensor out = computePixelUnshuffle(x, downscaleFactor);
        return trace < 0 ? out : OpTraces.end(trace, "pixel_unshuffle", out, x, downscaleFactor);
    }

    private static Tensor computePixelUnshuffle(Tensor x, long downscaleFactor) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("pixel_unshuffle expects input to have at least 3 dimensions, but got "
                    + "input with " + x.dim() + " dimension(s)");
        }
        if (downscaleFactor <= 0) {
            throw new IllegalArgumentException("pixel_unshuffle expects a positive downscale_factor, but got "
                    + downscaleFactor);
        }
        long r = downscaleFactor;
        long c = x.size(-3);
        long h = x.size(-2);
        long w = x.size(-1);
        if (h % r != 0) {
            throw new IllegalArgumentException("pixel_unshuffle expects height to be divisible by downscale_factor, but "
                    + "input.size(-2)=" + h + " is not divisible by " + r);
        }
        if (w % r != 0) {
            throw new IllegalArgumentException("pixel_unshuffle expects width to be divisible by downscale_factor, but "
                    + "input.size(-1)=" + w + " is not divisible by " + r);
        }
        int lead = x.dim() - 3;
        // [*, C, H, r, W, r] -> [*, C, r, r, H, W]
        Tensor split = x.reshape(concat(x.shape(), lead, c, h / r, r, w / r, r));
        return split.permute(order(lead, 0, 2, 4, 1, 3)).reshape(concat(x.shape(), lead, c * r * r, h / r, w / r));
    }

    /** The first {@code lead} sizes of {@code shape} followed by {@code tail}. */
    private static long[] concat(long[] shape, int lead, long... tail) {
        long[] out = Arrays.copyOf(shape, lead + tail.length);
        System.arraycopy(tail, 0, out, lead, tail.length);
        return out;
    }

    /** The identity on {@code lead} dimensions followed by {@code tail} shifted past them. */
    private static int[] order(int lead, int... tail) {
        int[] out = new int[lead + tail.length];
        for (int i = 0; i < lead; i++) {
            out[i] = i;
        }
        for (int i = 0; i < tail.length; i++) {
            out[lead + i] = lead + tail[i];
        }
        return out;
    }
}
