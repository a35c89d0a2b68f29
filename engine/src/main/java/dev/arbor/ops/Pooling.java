package dev.arbor.ops;

import dev.arbor.backend.Window;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * Pooling over 1, 2 or 3 spatial dimensions, as {@code torch.nn.functional}: max pooling (with
 * indices, dilation and ceil mode), average pooling (with {@code count_include_pad} and
 * {@code divisor_override}), adaptive average and max pooling, power-average (LP) pooling and max
 * unpooling. Inputs are {@code [N, C, *spatial]} or unbatched {@code [C, *spatial]}; indices are flat
 * positions within each input plane, as PyTorch's.
 */
public final class Pooling {
    private Pooling() {}

    /**
     * Max pooling, as {@code max_pool1d..3d(..., return_indices=True)}.
     *
     * @param stride null or empty for the kernel size (PyTorch's default)
     */
    public static Tensor.ValuesIndices maxPoolWithIndices(int dims, Tensor x, long[] kernel, long[] stride,
                                                          long[] padding, long[] dilation, boolean ceilMode) {
        long trace = OpTraces.begin();
        Tensor.ValuesIndices out = computeMaxPoolWithIndices(dims, x, kernel, stride, padding, dilation, ceilMode);
        return trace < 0 ? out : OpTraces.end(trace, "max_pool_with_indices", out,
                dims, x, kernel, stride, padding, dilation, ceilMode);
    }

    private static Tensor.ValuesIndices computeMaxPoolWithIndices(int dims, Tensor x, long[] kernel, long[] stride,
                                                                  long[] padding, long[] dilation, boolean ceilMode) {
        String op = "max_pool" + dims + "d";
        Tensor input = batchedNonEmpty(op, x, dims);
        DType dtype = x.dtype();
        DType compute = WindowArgs.computeType(op, x);
        Window w = window(op, dims, input, kernel, stride, padding, dilation, ceilMode);
        Tensor.ValuesIndices pooled = SlidingWindows.maxPool(input.detach().to(compute), w);
        Tensor values = recordMaxPool("MaxPool" + dims + "DWithIndicesBackward0", pooled.values().to(dtype), input,
                pooled.indices());
        return new Tensor.ValuesIndices(WindowArgs.unbatched(values, x, dims),
                WindowArgs.unbatched(pooled.indices(), x, dims));
    }

    /** Max pooling without the positions, which only a gradient needs (as PyTorch skips them too). */
    private static Tensor maxPoolValues(int dims, Tensor x, long[] kernel, long[] stride, long[] padding,
                                        long[] dilation, boolean ceilMode) {
        String op = "max_pool" + dims + "d";
        Tensor input = batchedNonEmpty(op, x, dims);
        Window w = window(op, dims, input, kernel, stride, padding, dilation, ceilMode);
        Tensor values = SlidingWindows.maxPoolValues(input.to(WindowArgs.computeType(op, x)), w);
        return WindowArgs.unbatched(values.to(x.dtype()), x, dims);
    }

    /** Max pooling, as {@code max_pool1d..3d}; see {@link #maxPoolWithIndices}. */
    public static Tensor maxPool(int dims, Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation,
                                 boolean ceilMode) {
        long trace = OpTraces.begin();
        Tensor out = Autograd.needsGrad(x) ? maxPoolWithIndices(dims, x, kernel, stride, padding, dilation, ceilMode)
                .values() : maxPoolValues(dims, x, kernel, stride, padding, dilation, ceilMode);
        return trace < 0 ? out : OpTraces.end(trace, "max_pool", out,
                dims, x, kernel, stride, padding, dilation, ceilMode);
    }

    /**
     * Average pooling, as {@code avg_pool1d..3d}. Integer inputs are averaged in float64 and truncated
     * back, as PyTorch's integer division does.
     *
     * @param stride          null or empty for the kernel size
     * @param countIncludePad whether zero padding counts in the divisor
     * @param divisorOverride the divisor to use instead of the window size, or null
     */
    public static Tensor avgPool(int dims, Tensor x, long[] kernel, long[] stride, long[] padding, boolean ceilMode,
                                 boolean countIncludePad, Long divisorOverride) {
        long trace = OpTraces.begin();
        Tensor out = computeAvgPool(dims, x, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
        return trace < 0 ? out : OpTraces.end(trace, "avg_pool", out,
                dims, x, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    private static Tensor computeAvgPool(int dims, Tensor x, long[] kernel, long[] stride, long[] padding, boolean ceilMode,
                                         boolean countIncludePad, Long divisorOverride) {
        String op = "avg_pool" + dims + "d";
        Tensor input = batchedNonEmpty(op, x, dims);
        if (divisorOverride != null && divisorOverride == 0) {
            throw new IllegalArgumentException("divisor must be not zero (" + op + ")");
        }
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"" + op + "\" not implemented for 'Bool'");
        }
        DType dtype = x.dtype();
        DType compute = dtype.isFloatingPoint() ? ArgChecks.computeType(dtype) : DType.FLOAT64;
        Window w = window(op, dims, input, kernel, stride, padding, new long[] {1}, ceilMode);
        long divisor = divisorOverride == null ? 0 : divisorOverride;
        Tensor out = averageOp(dims, input.to(compute), w, countIncludePad, divisor).to(dtype);
        return WindowArgs.unbatched(out, x, dims);
    }

    /** Adaptive average pooling to {@code outputSize}, as {@code adaptive_avg_pool1d..3d}. */
    public static Tensor adaptiveAvgPool(int dims, Tensor x, long[] outputSize) {
        long trace = OpTraces.begin();
        Tensor out = computeAdaptiveAvgPool(dims, x, outputSize);
        return trace < 0 ? out : OpTraces.end(trace, "adaptive_avg_pool", out, dims, x, outputSize);
    }

    private static Tensor computeAdaptiveAvgPool(int dims, Tensor x, long[] outputSize) {
        String op = "adaptive_avg_pool" + dims + "d";
        long[] out = adaptiveOutput(op, dims, x, outputSize);
        Tensor input = WindowArgs.batched(op, x, dims);
        DType dtype = x.dtype();
        Tensor y = input.to(WindowArgs.computeType(op, x));
        if (Arrays.stream(out).allMatch(size -> size == 1) && y.numel() > 0) {
            // one output per plane (global average pooling): a mean over the spatial dimensions, as PyTorch does
            return WindowArgs.unbatched(y.mean(WindowArgs.spatialDims(y, dims), true).to(dtype), x, dims);
        }
        // an average over a box is the average along each dimension in turn: one matrix product each
        for (int d = 0; d < dims; d++) {
            long in = y.size(2 + d);
            if (in == out[d]) {
                continue;
            }
            double[] average = new double[Math.toIntExact(in * out[d])];
            for (long o = 0; o < out[d]; o++) {
                long start = adaptiveStart(o, in, out[d]);
                long end = adaptiveEnd(o, in, out[d]);
                for (long i = start; i < end; i++) {
                    average[(int) (i * out[d] + o)] = 1.0 / (end - start);
                }
            }
            Tensor matrix = Tensor.of(average, in, out[d]).to(y.dtype()).to(y.device());
            y = y.movedim(2 + d, -1).matmul(matrix).movedim(-1, 2 + d);
        }
        return WindowArgs.unbatched(y.contiguous().to(dtype), x, dims);
    }

    /** Adaptive max pooling to {@code outputSize} with indices, as {@code adaptive_max_pool1d..3d}. */
    public static Tensor.ValuesIndices adaptiveMaxPoolWithIndices(int dims, Tensor x, long[] outputSize) {
        long trace = OpTraces.begin();
        Tensor.ValuesIndices out = computeAdaptiveMaxPoolWithIndices(dims, x, outputSize);
        return trace < 0 ? out : OpTraces.end(trace, "adaptive_max_pool_with_indices", out, dims, x, outputSize);
    }

    private static Tensor.ValuesIndices computeAdaptiveMaxPoolWithIndices(int dims, Tensor x, long[] outputSize) {
        String op = "adaptive_max_pool" + dims + "d";
        long[] out = adaptiveOutput(op, dims, x, outputSize);
        Tensor input = WindowArgs.batched(op, x, dims);
        DType dtype = x.dtype();
        Tensor y = input.detach().to(WindowArgs.computeType(op, x));
        long n = y.size(0);
        long c = y.size(1);
        long[] in = WindowArgs.spatial(y.shape(), dims);
        // gather each window along each dimension, padded to the longest window by repeating its start
        long[] longest = new long[dims];
        long[][] taps = new long[dims][];
        for (int d = 0; d < dims; d++) {
            for (long o = 0; o < out[d]; o++) {
                longest[d] = Math.max(longest[d], adaptiveEnd(o, in[d], out[d]) - adaptiveStart(o, in[d], out[d]));
            }
            taps[d] = new long[Math.toIntExact(out[d] * longest[d])];
            for (int o = 0; o < out[d]; o++) {
                long start = adaptiveStart(o, in[d], out[d]);
                long end = adaptiveEnd(o, in[d], out[d]);
                for (int j = 0; j < longest[d]; j++) {
                    taps[d][(int) (o * longest[d] + j)] = start + j < end ? start + j : start;
                }
            }
            y = y.indexSelect(2 + d, Tensor.of(taps[d]).to(y.device()));
        }
        long[] split = new long[2 + 2 * dims];
        int[] order = new int[2 + 2 * dims];
        split[0] = n;
        split[1] = c;
        order[1] = 1;
        for (int d = 0; d < dims; d++) {
            split[2 + 2 * d] = out[d];
            split[3 + 2 * d] = longest[d];
            order[2 + d] = 2 + 2 * d;
            order[2 + dims + d] = 3 + 2 * d;
        }
        long window = Shapes.numel(longest);
        long[] outShape = SlidingWindows.imageShape(n, c, out);
        long[] flatShape = Arrays.copyOf(outShape, outShape.length + 1);
        flatShape[outShape.length] = window;
        Tensor windows = y.view(split).permute(order).reshape(flatShape);
        Tensor values;
        Tensor indices;
        if (windows.numel() == 0) {
            values = Tensor.zeros(y.dtype(), y.device(), outShape);
            indices = Tensor.zeros(DType.INT64, y.device(), outShape);
        } else {
            Tensor best = windows.argmax(-1, true);
            values = windows.gather(-1, best).squeeze(-1);
            long[] positions = adaptivePositions(taps, out, longest, in);
            long[] tableShape = Arrays.copyOf(flatShape, flatShape.length);
            tableShape[0] = 1;
            tableShape[1] = 1;
            indices = Tensor.of(positions, tableShape).to(y.device()).expand(flatShape).gather(-1, best).squeeze(-1);
        }
        Tensor recorded = recordMaxPool("AdaptiveMaxPool" + dims + "DBackward0", values.to(dtype), input, indices);
        return new Tensor.ValuesIndices(WindowArgs.unbatched(recorded, x, dims), WindowArgs.unbatched(indices, x, dims));
    }

    /** Adaptive max pooling without the indices. */
    public static Tensor adaptiveMaxPool(int dims, Tensor x, long[] outputSize) {
        long trace = OpTraces.begin();
        Tensor out = adaptiveMaxPoolWithIndices(dims, x, outputSize).values();
        return trace < 0 ? out : OpTraces.end(trace, "adaptive_max_pool", out, dims, x, outputSize);
    }

    /**
     * Power-average pooling, as {@code lp_pool1d/2d}: {@code (sum over the window of x^p)^(1/p)},
     * computed as PyTorch does from an average pool of {@code x^p} (no padding).
     *
     * @param stride null or empty for the kernel size
     */
    public static Tensor lpPool(int dims, Tensor x, double normType, long[] kernel, long[] stride, boolean ceilMode) {
        long trace = OpTraces.begin();
        Tensor out = computeLpPool(dims, x, normType, kernel, stride, ceilMode);
        return trace < 0 ? out : OpTraces.end(trace, "lp_pool", out, dims, x, normType, kernel, stride, ceilMode);
    }

    private static Tensor computeLpPool(int dims, Tensor x, double normType, long[] kernel, long[] stride, boolean ceilMode) {
        long[] k = WindowArgs.expand("lp_pool" + dims + "d", "kernel_size", kernel, dims);
        Tensor pooled = avgPool(dims, x.pow(normType), k, stride, new long[] {0}, ceilMode, true, null);
        return pooled.sign().mul(pooled.abs().relu()).mul((double) Shapes.numel(k)).pow(1.0 / normType);
    }

    /**
     * The inverse of max pooling, as {@code max_unpool1d..3d}: each value of {@code x} is written at its
     * index in a zero output of {@code outputSize} (null for {@code (in - 1) * stride - 2 * padding + kernel}).
     *
     * @param stride null or empty for the kernel size
     */
    public static Tensor maxUnpool(int dims, Tensor x, Tensor indices, long[] kernel, long[] stride, long[] padding,
                                   long[] outputSize) {
        long trace = OpTraces.begin();
        Tensor out = computeMaxUnpool(dims, x, indices, kernel, stride, padding, outputSize);
        return trace < 0 ? out : OpTraces.end(trace, "max_unpool", out,
                dims, x, indices, kernel, stride, padding, outputSize);
    }

    private static Tensor computeMaxUnpool(int dims, Tensor x, Tensor indices, long[] kernel, long[] stride, long[] padding,
                                           long[] outputSize) {
        String op = "max_unpool" + dims + "d";
        Tensor input = WindowArgs.batched(op, x, dims);
        if (!Arrays.equals(indices.shape(), x.shape())) {
            throw new IllegalArgumentException(op + ": Expected shape of indices to be same as that of the input tensor ("
                    + Shapes.str(x.shape()) + ") but got indices tensor with shape: " + Shapes.str(indices.shape()));
        }
        long[] out;
        if (outputSize != null) {
            out = outputSize.length == dims + 2 || outputSize.length == dims + 1
                    ? WindowArgs.spatial(outputSize, dims) : WindowArgs.expand(op, "output_size", outputSize, dims);
        } else {
            long[] k = WindowArgs.expand(op, "kernel_size", kernel, dims);
            long[] s = stride == null || stride.length == 0 ? k : WindowArgs.expand(op, "stride", stride, dims);
            long[] p = WindowArgs.expand(op, "padding", padding, dims);
            out = new long[dims];
            for (int d = 0; d < dims; d++) {
                out[d] = (input.size(2 + d) - 1) * s[d] - 2 * p[d] + k[d];
            }
        }
        WindowArgs.atLeast(op, "output_size", out, 1, "positive");
        long n = input.size(0);
        long c = input.size(1);
        long volume = Shapes.numel(out);
        Tensor idx = indices.reshape(n, c, -1);
        if (idx.numel() > 0) {
            long min = idx.min().itemLong();
            long max = idx.max().itemLong();
            if (min < 0 || max >= volume) {
                throw new IndexOutOfBoundsException(op + ": Found an invalid max index: " + (min < 0 ? min : max)
                        + " (output volumes are of size " + String.join("x", Arrays.stream(out)
                        .mapToObj(Long::toString).toList()) + ")");
            }
        }
        Tensor result = Tensor.zeros(x.dtype(), x.device(), n, c, volume)
                .scatter(2, idx, input.reshape(n, c, -1)).view(SlidingWindows.imageShape(n, c, out));
        return WindowArgs.unbatched(result, x, dims);
    }

    // ---------------------------------------------------------------- recorded operations

    /** Records max pooling's backward: each gradient goes to the input position its index names. */
    private static Tensor recordMaxPool(String name, Tensor values, Tensor input, Tensor indices) {
        long n = input.size(0);
        long c = input.size(1);
        long[] inShape = input.shape();
        return Autograd.record(name, values, new Tensor[] {input}, g -> new Tensor[] {
            Tensor.zeros(g.dtype(), g.device(), n, c, Shapes.numel(inShape) / Math.max(1, n * c))
                    .scatterAdd(2, indices.reshape(n, c, -1), g.reshape(n, c, -1)).view(inShape)}, indices);
    }

    /** Average pooling as a recorded op; its backward is {@link #averageAdjointOp}, and the other way round. */
    private static Tensor averageOp(int dims, Tensor x, Window w, boolean countPadding, long divisor) {
        Tensor out = SlidingWindows.avgPool(x.detach(), w, countPadding, divisor);
        return Autograd.record("AvgPool" + dims + "DBackward0", out, new Tensor[] {x},
                g -> new Tensor[] {averageAdjointOp(dims, g, w, countPadding, divisor)});
    }

    private static Tensor averageAdjointOp(int dims, Tensor g, Window w, boolean countPadding, long divisor) {
        Tensor out = SlidingWindows.avgPoolBackward(g.detach(), w, countPadding, divisor);
        return Autograd.record("AvgPool" + dims + "DBackwardBackward0", out, new Tensor[] {g},
                gg -> new Tensor[] {averageOp(dims, gg, w, countPadding, divisor)});
    }

    // ---------------------------------------------------------------- arguments

    /** A batched input whose channel and spatial dimensions are non-empty. */
    private static Tensor batchedNonEmpty(String op, Tensor x, int dims) {
        if (!WindowArgs.nonEmpty(x, dims + 1)) {
            throw new IllegalArgumentException(op + ": Expected " + (dims + 1) + "D or " + (dims + 2) + "D (batch mode) "
                    + "tensor with optional 0 dim batch size for input, but got: " + Shapes.str(x.shape()));
        }
        return WindowArgs.batched(op, x, dims);
    }

    /** The pooling window with PyTorch's checks and output size (ceil mode included). */
    private static Window window(String op, int dims, Tensor input, long[] kernel, long[] stride, long[] padding,
                                 long[] dilation, boolean ceilMode) {
        long[] k = WindowArgs.expand(op, "kernel_size", kernel, dims);
        long[] s = stride == null || stride.length == 0 ? k : WindowArgs.expand(op, "stride", stride, dims);
        long[] p = WindowArgs.expand(op, "padding", padding, dims);
        long[] d = WindowArgs.expand(op, "dilation", dilation, dims);
        WindowArgs.atLeast(op, "kernel_size", k, 1, "greater than zero");
        WindowArgs.atLeast(op, "stride", s, 1, "greater than zero");
        WindowArgs.atLeast(op, "padding", p, 0, "non-negative");
        WindowArgs.atLeast(op, "dilation", d, 1, "greater than zero");
        for (int i = 0; i < dims; i++) {
            if (p[i] > k[i] / 2) {
                throw new IllegalArgumentException(op + ": pad should be at most half of kernel size, but got pad="
                        + p[i] + " and kernel_size=" + k[i]);
            }
        }
        long[] in = WindowArgs.spatial(input.shape(), dims);
        long[] out = new long[dims];
        boolean tooSmall = false;
        for (int i = 0; i < dims; i++) {
            long span = in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1 + (ceilMode ? s[i] - 1 : 0);
            out[i] = Math.floorDiv(span, s[i]) + 1;
            // in ceil mode the last window must start inside the input or its left padding
            if (ceilMode && out[i] > 0 && (out[i] - 1) * s[i] >= in[i] + p[i]) {
                out[i]--;
            }
            tooSmall |= out[i] < 1;
        }
        if (tooSmall) {
            long[] inSizes = new long[dims + 1];
            long[] outSizes = new long[dims + 1];
            inSizes[0] = input.size(1);
            outSizes[0] = input.size(1);
            System.arraycopy(in, 0, inSizes, 1, dims);
            System.arraycopy(out, 0, outSizes, 1, dims);
            throw new IllegalArgumentException("Given input size: " + WindowArgs.sizes(inSizes, "x")
                    + ". Calculated output size: " + WindowArgs.sizes(outSizes, "x") + ". Output size is too small ("
                    + op + ", kernel_size=" + Arrays.toString(k) + ", stride=" + Arrays.toString(s) + ", padding="
                    + Arrays.toString(p) + ", dilation=" + Arrays.toString(d) + ")");
        }
        return new Window(in, k, s, p, d, out);
    }

    /** The checked output size of an adaptive pooling op. */
    private static long[] adaptiveOutput(String op, int dims, Tensor x, long[] outputSize) {
        if (x.dim() != dims + 1 && x.dim() != dims + 2) {
            throw new IllegalArgumentException(op + "(): Expected " + (dims + 1) + "D or " + (dims + 2)
                    + "D tensor, but got " + Shapes.str(x.shape()));
        }
        long[] out = WindowArgs.expand(op, "output_size", outputSize, dims);
        for (long v : out) {
            if (v < 0) {
                throw new IllegalArgumentException(op + ": elements of output_size must be greater than or equal to 0 "
                        + "but received " + Arrays.toString(out));
            }
        }
        for (int i = x.dim() - dims; i < x.dim(); i++) {
            if (x.size(i) == 0) {
                throw new IllegalArgumentException(op + "(): Expected input to have non-zero size for non-batch "
                        + "dimensions, but input has sizes " + Shapes.str(x.shape()) + " with dimension " + i
                        + " being empty");
            }
        }
        return out;
    }

    /** The first input position of adaptive window {@code o}: {@code floor(o * in / out)}. */
    private static long adaptiveStart(long o, long in, long out) {
        return o * in / out;
    }

    /** One past the last input position of adaptive window {@code o}: {@code ceil((o + 1) * in / out)}. */
    private static long adaptiveEnd(long o, long in, long out) {
        return ((o + 1) * in + out - 1) / out;
    }

    /**
     * For each output position and each tap of the padded window (row-major, {@code [*out, window]}),
     * the flat input position it reads.
     */
    private static long[] adaptivePositions(long[][] taps, long[] out, long[] longest, long[] in) {
        int dims = out.length;
        long window = Shapes.numel(longest);
        long outputs = Shapes.numel(out);
        long[] positions = new long[Math.toIntExact(outputs * window)];
        long[] o = new long[dims];
        long[] j = new long[dims];
        for (int l = 0; l < outputs; l++) {
            long rest = l;
            for (int d = dims - 1; d >= 0; d--) {
                o[d] = rest % out[d];
                rest /= out[d];
            }
            for (int t = 0; t < window; t++) {
                long r = t;
                for (int d = dims - 1; d >= 0; d--) {
                    j[d] = r % longest[d];
                    r /= longest[d];
                }
                long flat = 0;
                for (int d = 0; d < dims; d++) {
                    flat = flat * in[d] + taps[d][(int) (o[d] * longest[d] + j[d])];
                }
                positions[(int) (l * window + t)] = flat;
            }
        }
        return positions;
    }
}
