package dev.arbor.ops;

import dev.arbor.backend.Backend;
import dev.arbor.backend.FusedKernels.Kernel;
import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;

/**
 * The sliding-window kernels behind convolution, {@code unfold}/{@code fold} and pooling, without
 * autograd: each runs the backend's fused kernel when {@link Backend#kernels()} has it, and otherwise
 * its decomposition into primitives (a padded copy and a strided view for im2col, index_add for col2im,
 * reductions and gather for pooling), so a backend is correct with its primitives alone.
 *
 * <p>Inputs are detached {@code [N, C, *window.inputSize()]} tensors of float32 or float64 on any
 * device; outputs are new contiguous tensors unless a method writes into a given one.
 */
final class SlidingWindows {
    private SlidingWindows() {}

    private static Backend fused(Tensor t, Kernel kernel) {
        Backend backend = Transfer.backend(t);
        return backend.kernels().has(kernel) ? backend : null;
    }

    /** The windows of {@code x} as columns {@code [N, C * kernelVolume, outputVolume]}, padding read as {@code padValue}. */
    static Tensor im2col(Tensor x, Window w, double padValue) {
        Backend backend = fused(x, Kernel.IM2COL);
        if (backend == null) {
            return im2colDecomposed(x, w, padValue);
        }
        Tensor columns = Tensor.empty(x.dtype(), x.device(), columnsShape(x, w));
        backend.im2col(x.contiguous(), w, padValue, columns);
        return columns;
    }

    /** {@link #im2col} into {@code columns}, a contiguous tensor of the columns' shape. */
    static void im2col(Tensor x, Window w, double padValue, Tensor columns) {
        Backend backend = fused(x, Kernel.IM2COL);
        if (backend == null) {
            Transfer.backend(x).copy(im2colDecomposed(x, w, padValue), columns);
        } else {
            backend.im2col(x.contiguous(), w, padValue, columns);
        }
    }

    /**
     * Adds columns {@code [N, C * kernelVolume, outputVolume]} back into the input positions they were
     * read from, in {@code target} {@code [N, C, *inputSize]} (zero-filled, contiguous).
     */
    static void col2im(Tensor columns, Window w, Tensor target) {
        Backend backend = fused(target, Kernel.COL2IM);
        if (backend == null) {
            Transfer.backend(target).copy(col2imDecomposed(columns, w, target.size(1)), target);
        } else {
            backend.col2im(columns.contiguous(), w, target);
        }
    }

    /** {@link #col2im} into a new zero tensor of {@code channels} channels. */
    static Tensor col2im(Tensor columns, Window w, long channels) {
        Tensor target = Tensor.zeros(columns.dtype(), columns.device(), imageShape(columns.size(0), channels, w));
        col2im(columns, w, target);
        return target;
    }

    /** Max pooling: values and int64 flat spatial indices, both {@code [N, C, *outputSize]}. */
    static Tensor.ValuesIndices maxPool(Tensor x, Window w) {
        Backend backend = fused(x, Kernel.POOLING);
        if (backend == null) {
            return maxPoolDecomposed(x, w);
        }
        long[] shape = imageShape(x.size(0), x.size(1), w.outputSize());
        Tensor values = Tensor.empty(x.dtype(), x.device(), shape);
        Tensor indices = Tensor.empty(DType.INT64, x.device(), shape);
        backend.maxPool(x.contiguous(), w, values, indices);
        return new Tensor.ValuesIndices(values, indices);
    }

    /** {@link #maxPool}'s values alone, for inference: a backend may skip the positions. */
    static Tensor maxPoolValues(Tensor x, Window w) {
        Backend backend = fused(x, Kernel.POOLING);
        if (backend == null) {
            return maxPoolDecomposed(x, w).values();
        }
        Tensor values = Tensor.empty(x.dtype(), x.device(), imageShape(x.size(0), x.size(1), w.outputSize()));
        backend.maxPoolValues(x.contiguous(), w, values);
        return values;
    }

    /** Average pooling, divided by {@code divisor} when positive, else as {@link Window#averageDivisors}. */
    static Tensor avgPool(Tensor x, Window w, boolean countPadding, long divisor) {
        Backend backend = fused(x, Kernel.POOLING);
        if (backend == null) {
            return avgPoolDecomposed(x, w, countPadding, divisor);
        }
        Tensor out = Tensor.empty(x.dtype(), x.device(), imageShape(x.size(0), x.size(1), w.outputSize()));
        backend.avgPool(x.contiguous(), w, countPadding, divisor, out);
        return out;
    }

    /** The adjoint of {@link #avgPool}: {@code [N, C, *outputSize]} to {@code [N, C, *inputSize]}. */
    static Tensor avgPoolBackward(Tensor g, Window w, boolean countPadding, long divisor) {
        Backend backend = fused(g, Kernel.POOLING);
        if (backend == null) {
            return avgPoolBackwardDecomposed(g, w, countPadding, divisor);
        }
        Tensor out = Tensor.zeros(g.dtype(), g.device(), imageShape(g.size(0), g.size(1), w));
        backend.avgPoolBackward(g.contiguous(), w, countPadding, divisor, out);
        return out;
    }

    // ---------------------------------------------------------------- decompositions into primitives

    /** im2col as a copy into a padded canvas, a strided view of its windows, and one copy out of it. */
    static Tensor im2colDecomposed(Tensor x, Window w, double padValue) {
        long[] shape = columnsShape(x, w);
        if (Shapes.numel(shape) == 0) {
            return Tensor.zeros(x.dtype(), x.device(), shape);
        }
        Tensor canvas = Tensor.full(padValue, x.dtype(), x.device(), canvasShape(x.size(0), x.size(1), w));
        Transfer.backend(x).copy(x, inputRegion(canvas, w));
        int dims = w.dims();
        long[] k = w.kernel();
        long[] out = w.outputSize();
        long[] strides = canvas.strides();
        long[] viewShape = new long[2 + 2 * dims];
        long[] viewStrides = new long[2 + 2 * dims];
        viewShape[0] = x.size(0);
        viewShape[1] = x.size(1);
        viewStrides[0] = strides[0];
        viewStrides[1] = strides[1];
        for (int d = 0; d < dims; d++) {
            viewShape[2 + d] = k[d];
            viewStrides[2 + d] = w.dilation()[d] * strides[2 + d];
            viewShape[2 + dims + d] = out[d];
            viewStrides[2 + dims + d] = w.stride()[d] * strides[2 + d];
        }
        return canvas.asStrided(viewShape, viewStrides, canvas.offset()).reshape(shape);
    }

    /** col2im as index_add of every column entry into a padded canvas, then the input region of it. */
    static Tensor col2imDecomposed(Tensor columns, Window w, long channels) {
        long n = columns.size(0);
        long[] canvasShape = canvasShape(n, channels, w);
        long[] spatial = java.util.Arrays.copyOfRange(canvasShape, 2, canvasShape.length);
        Tensor canvas = Tensor.zeros(columns.dtype(), columns.device(), n, channels, Shapes.numel(spatial));
        if (columns.numel() > 0) {
            Tensor index = Tensor.of(canvasPositions(w, spatial)).to(columns.device());
            Transfer.backend(canvas).indexAdd(canvas, 2, index,
                    columns.contiguous().view(n, channels, w.kernelVolume() * w.outputVolume()));
        }
        return inputRegion(canvas.view(canvasShape), w).contiguous();
    }

    static Tensor.ValuesIndices maxPoolDecomposed(Tensor x, Window w) {
        long n = x.size(0);
        long c = x.size(1);
        long k = w.kernelVolume();
        long l = w.outputVolume();
        long[] shape = imageShape(n, c, w.outputSize());
        Tensor windows = im2col(x, w, Double.NEGATIVE_INFINITY).view(n, c, k, l);
        if (windows.numel() == 0) {
            return new Tensor.ValuesIndices(Tensor.zeros(x.dtype(), x.device(), shape),
                    Tensor.zeros(DType.INT64, x.device(), shape));
        }
        // argmax keeps the first maximum and lets NaN win (the first NaN, where PyTorch reports the last)
        Tensor best = windows.argmax(2, true);
        Tensor values = windows.gather(2, best).view(shape);
        Tensor taps = Tensor.of(tapsOrFirstValid(w), 1, 1, k, l).to(x.device()).expand(n, c, k, l);
        return new Tensor.ValuesIndices(values, taps.gather(2, best).view(shape));
    }

    static Tensor avgPoolDecomposed(Tensor x, Window w, boolean countPadding, long divisor) {
        long n = x.size(0);
        long c = x.size(1);
        Tensor sums = im2col(x, w, 0).view(n, c, w.kernelVolume(), w.outputVolume()).sum(2, false);
        return sums.div(divisors(x, w, countPadding, divisor)).view(imageShape(n, c, w.outputSize()));
    }

    static Tensor avgPoolBackwardDecomposed(Tensor g, Window w, boolean countPadding, long divisor) {
        long n = g.size(0);
        long c = g.size(1);
        long k = w.kernelVolume();
        long l = w.outputVolume();
        Tensor shared = g.reshape(n, c, 1, l).div(divisors(g, w, countPadding, divisor));
        return col2im(shared.expand(n, c, k, l).reshape(n, c * k, l), w, c);
    }

    private static Tensor divisors(Tensor like, Window w, boolean countPadding, long divisor) {
        return Tensor.of(w.averageDivisors(countPadding, divisor)).to(like.dtype()).to(like.device());
    }

    // ---------------------------------------------------------------- geometry

    static long[] columnsShape(Tensor x, Window w) {
        return new long[] {x.size(0), x.size(1) * w.kernelVolume(), w.outputVolume()};
    }

    static long[] imageShape(long n, long c, Window w) {
        return imageShape(n, c, w.inputSize());
    }

    static long[] imageShape(long n, long c, long[] spatial) {
        long[] shape = new long[2 + spatial.length];
        shape[0] = n;
        shape[1] = c;
        System.arraycopy(spatial, 0, shape, 2, spatial.length);
        return shape;
    }

    /** A canvas holding the input after its leading padding, long enough for every tap of every window. */
    private static long[] canvasShape(long n, long c, Window w) {
        long[] in = w.inputSize();
        long[] pad = w.padding();
        long[] spatial = new long[w.dims()];
        for (int d = 0; d < spatial.length; d++) {
            long lastTap = w.outputSize()[d] == 0 ? 0 : w.position(d, w.outputSize()[d] - 1, w.kernel()[d] - 1) + 1;
            spatial[d] = pad[d] + Math.max(in[d], lastTap);
        }
        return imageShape(n, c, spatial);
    }

    private static Tensor inputRegion(Tensor canvas, Window w) {
        Tensor region = canvas;
        for (int d = 0; d < w.dims(); d++) {
            region = region.narrow(2 + d, w.padding()[d], w.inputSize()[d]);
        }
        return region;
    }

    /** For tap {@code t} of window {@code o}, its flat position in the canvas, at {@code t * L + o}. */
    private static long[] canvasPositions(Window w, long[] canvas) {
        int dims = w.dims();
        long taps = w.kernelVolume();
        long outputs = w.outputVolume();
        long[] positions = new long[Math.toIntExact(taps * outputs)];
        long[] tap = new long[dims];
        long[] o = new long[dims];
        for (int t = 0; t < taps; t++) {
            unravel(t, w.kernel(), tap);
            for (int l = 0; l < outputs; l++) {
                unravel(l, w.outputSize(), o);
                long flat = 0;
                for (int d = 0; d < dims; d++) {
                    flat = flat * canvas[d] + w.position(d, o[d], tap[d]) + w.padding()[d];
                }
                positions[(int) (t * outputs + l)] = flat;
            }
        }
        return positions;
    }

    /**
     * {@link Window#tapIndices()} transposed to {@code [taps, outputs]}, with padding taps replaced by the
     * window's first tap inside the input: the index max pooling reports when nothing beats {@code -inf}.
     */
    private static long[] tapsOrFirstValid(Window w) {
        int[] table = w.tapIndices();
        int taps = Math.toIntExact(w.kernelVolume());
        int outputs = Math.toIntExact(w.outputVolume());
        long[] out = new long[table.length];
        for (int l = 0; l < outputs; l++) {
            int first = 0;
            for (int t = taps - 1; t >= 0; t--) {
                if (table[l * taps + t] >= 0) {
                    first = table[l * taps + t];
                }
            }
            for (int t = 0; t < taps; t++) {
                int tap = table[l * taps + t];
                out[t * outputs + l] = tap >= 0 ? tap : first;
            }
        }
        return out;
    }

    private static void unravel(long flat, long[] sizes, long[] index) {
        for (int d = sizes.length - 1; d >= 0; d--) {
            index[d] = flat % sizes[d];
            flat /= sizes[d];
        }
    }
}
