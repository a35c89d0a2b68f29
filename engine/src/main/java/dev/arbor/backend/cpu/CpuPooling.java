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
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
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
        long inBase = input.offset();
        long valuesBase = values.offset();
        long indicesBase = indices.offset();
        forPlanes(input, taps.length, (from, to) -> {
            for (long plane = from; plane < to; plane++) {
                long in = inBase + plane * inVolume;
                long out = plane * outVolume;
                if (t == DType.FLOAT32) {
                    maxPlaneF32(src, in, taps, k, outVolume, dst, valuesBase + out, idx, indicesBase + out);
                    continue;
                }
                for (int l = 0, at = 0; l < outVolume; l++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestIndex = -1;
                    for (int j = 0; j < k; j++, at++) {
                        int tap = taps[at];
                        if (tap < 0) {
                            continue;
                        }
                        double v = read(src, t, in + tap);
                        // PyTorch's rule: the first valid tap by default; a larger value or any NaN takes over
                        if (bestIndex < 0) {
                            bestIndex = tap;
                        }
                        if (v > best || Double.isNaN(v)) {
                            best = v;
                            bestIndex = tap;
                        }
                    }
                    write(dst, t, valuesBase + out + l, best);
                    idx.setAtIndex(I64, indicesBase + out + l, Math.max(bestIndex, 0));
                }
            }
        });
    }

    /** One float32 plane of {@link #maxPool}, with the same rule and typed reads. */
    private static void maxPlaneF32(MemorySegment src, long in, int[] taps, int k, long outVolume,
                                    MemorySegment dst, long dstAt, MemorySegment idx, long idxAt) {
        for (int l = 0, at = 0; l < outVolume; l++, at += k) {
            float best = Float.NEGATIVE_INFINITY;
            int bestIndex = -1;
            for (int j = at; j < at + k; j++) {
                int tap = taps[j];
                if (tap < 0) {
                    continue;
                }
                float v = src.getAtIndex(F32, in + tap);
                if (bestIndex < 0) {
                    bestIndex = tap;
                }
                if (v > best || v != v) {
                    best = v;
                    bestIndex = tap;
                }
            }
            dst.setAtIndex(F32, dstAt + l, best);
            idx.setAtIndex(I64, idxAt + l, Math.max(bestIndex, 0));
        }
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
                        double g = read(pool, t, out + l) / divisors[l];
                        for (int j = at; j < at + k; j++) {
                            if (taps[j] >= 0) {
                                write(img, t, in + taps[j], read(img, t, in + taps[j]) + g);
                            }
                        }
                    } else {
                        double sum = 0;
                        for (int j = at; j < at + k; j++) {
                            if (taps[j] >= 0) {
                                sum += read(img, t, in + taps[j]);
                            }
                        }
                        write(pool, t, out + l, sum / divisors[l]);
                    }
                }
            }
        });
    }

    /** Runs {@code body} over the (batch, channel) planes of an {@code [N, C, ...]} tensor. */
    private static void forPlanes(Tensor t, long workPerPlane, CpuParallel.RangeBody body) {
        CpuParallel.forRange(t.size(0) * t.size(1), Math.max(1, GRAIN / Math.max(1, workPerPlane)), body);
    }

    // Small typed accessors the JIT inlines into the window loops (Elements' switch over every dtype
    // stayed a call there and cost as much as the pooling itself).
    private static double read(MemorySegment s, DType t, long i) {
        return t == DType.FLOAT32 ? s.getAtIndex(F32, i) : s.getAtIndex(F64, i);
    }

    private static void write(MemorySegment s, DType t, long i, double v) {
        if (t == DType.FLOAT32) {
            s.setAtIndex(F32, i, (float) v);
        } else {
            s.setAtIndex(F64, i, v);
        }
    }
}
