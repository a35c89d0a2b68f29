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
        int[] taps = window.tapIndices();
        double[] divisors = window.averageDivisors(countPadding, divisor);
        int k = Math.toIntExact(window.kernelVolume());
        long inVolume = window.inputVolume();
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment dst = CpuElementwise.seg(output);
        DType t = input.dtype();
        forPlanes(input, taps.length, (from, to) -> {
            for (long plane = from; plane < to; plane++) {
                long in = input.offset() + plane * inVolume;
                long out = output.offset() + plane * divisors.length;
                for (int l = 0, at = 0; l < divisors.length; l++) {
                    double sum = 0;
                    for (int j = 0; j < k; j++, at++) {
                        if (taps[at] >= 0) {
                            sum += Elements.getDouble(src, t, in + taps[at]);
                        }
                    }
                    Elements.setDouble(dst, t, out + l, sum / divisors[l]);
                }
            }
        });
    }

    static void avgPoolBackward(Tensor gradOutput, Window window, boolean countPadding, long divisor,
                                Tensor gradInput) {
        int[] taps = window.tapIndices();
        double[] divisors = window.averageDivisors(countPadding, divisor);
        int k = Math.toIntExact(window.kernelVolume());
        long inVolume = window.inputVolume();
        MemorySegment src = CpuElementwise.seg(gradOutput);
        MemorySegment dst = CpuElementwise.seg(gradInput);
        DType t = gradInput.dtype();
        forPlanes(gradInput, taps.length, (from, to) -> {
            for (long plane = from; plane < to; plane++) {
                long in = gradInput.offset() + plane * inVolume;
                long out = gradOutput.offset() + plane * divisors.length;
                for (int l = 0, at = 0; l < divisors.length; l++) {
                    double g = Elements.getDouble(src, t, out + l) / divisors[l];
                    for (int j = 0; j < k; j++, at++) {
                        int tap = taps[at];
                        if (tap >= 0) {
                            Elements.setDouble(dst, t, in + tap, Elements.getDouble(dst, t, in + tap) + g);
                        }
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
