package dev.arbor.backend.cpu;

import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Max and average pooling over any number of spatial dimensions, float32 and float64. Each kernel
 * reads the window's {@link Window#tapIndices() tap table} once per call and walks it for every
 * (batch, channel) plane; planes run in parallel.
 */
final class CpuPooling {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    /** Window taps per parallel task below which a loop stays on one thread. */
    private static final long GRAIN = 1 << 14;

    private CpuPooling() {}

    static void maxPool(Tensor input, Window window, Tensor values, Tensor indices) {
        int[] taps = window.tapIndices();
        int k = Math.toIntExact(window.kernelVolume());
        long outVolume = window.outputVolume();
        long inVolume = window.inputVolume();
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment dst = CpuElementwise.seg(values);
        MemorySegment idx = CpuElementwise.seg(indices);
        DType t = input.dtype();
        forPlanes(input, taps.length, (from, to) -> {
            for (long plane = from; plane < to; plane++) {
                long in = input.offset() + plane * inVolume;
                long out = plane * outVolume;
                for (int l = 0, at = 0; l < outVolume; l++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestIndex = -1;
                    for (int j = 0; j < k; j++, at++) {
                        int tap = taps[at];
                        if (tap < 0) {
                            continue;
                        }
                        double v = Elements.getDouble(src, t, in + tap);
                        // PyTorch's rule: the first valid tap by default; a larger value or any NaN takes over
                        if (bestIndex < 0) {
                            bestIndex = tap;
                        }
                        if (v > best || Double.isNaN(v)) {
                            best = v;
                            bestIndex = tap;
                        }
                    }
                    Elements.setDouble(dst, t, values.offset() + out + l, best);
                    idx.setAtIndex(I64, indices.offset() + out + l, Math.max(bestIndex, 0));
                }
            }
        });
    }

    static void avgPool(Tensor input, Window window, boolean countPadding, long divisor, Tensor output) {
        average(input, output, window, countPadding, divisor, false);
    }

    static void avgPoolBackward(Tensor gradOutput, Window window, boolean countPadding, long divisor,
                                Tensor gradInput) {
        average(gradInput, gradOutput, window, countPadding, divisor, true);
    }

    /**
     * Average pooling from {@code image} into {@code pooled}, or its adjoint: each element of
     * {@code pooled}, divided, added to every image element of its window.
     */
    private static void average(Tensor image, Tensor pooled, Window window, boolean countPadding, long divisor,
                                boolean adjoint) {
        int[] taps = window.tapIndices();
        double[] divisors = window.averageDivisors(countPadding, divisor);
        int k = Math.toIntExact(window.kernelVolume());
        long inVolume = window.inputVolume();
        MemorySegment img = CpuElementwise.seg(image);
        MemorySegment pool = CpuElementwise.seg(pooled);
        DType t = image.dtype();
        forPlanes(image, taps.length, (from, to) -> {
            for (long plane = from; plane < to; plane++) {
                long in = image.offset() + plane * inVolume;
                long out = pooled.offset() + plane * divisors.length;
                for (int l = 0, at = 0; l < divisors.length; l++, at += k) {
                    if (adjoint) {
                        double g = Elements.getDouble(pool, t, out + l) / divisors[l];
                        for (int j = at; j < at + k; j++) {
                            if (taps[j] >= 0) {
                                Elements.setDouble(img, t, in + taps[j], Elements.getDouble(img, t, in + taps[j]) + g);
                            }
                        }
                    } else {
                        double sum = 0;
                        for (int j = at; j < at + k; j++) {
                            if (taps[j] >= 0) {
                                sum += Elements.getDouble(img, t, in + taps[j]);
                            }
                        }
                        Elements.setDouble(pool, t, out + l, sum / divisors[l]);
                    }
                }
            }
        });
    }

    /** Runs {@code body} over the (batch, channel) planes of an {@code [N, C, ...]} tensor. */
    private static void forPlanes(Tensor t, long workPerPlane, CpuParallel.RangeBody body) {
        CpuParallel.forRange(t.size(0) * t.size(1), Math.max(1, GRAIN / Math.max(1, workPerPlane)), body);
    }
}
