package dev.arbor.backend.cpu;

import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max and average pooling over any number of spatial dimensions, float32 and float64. Each kernel
 * reads the window's {@link Window#tapIndices() tap table} once per call and walks it for every
 * (batch, channel) plane; planes run in parallel.
 */
final class CpuPooling {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Each lane swapped with its neighbour: lane 2i with 2i + 1. */
    private static final VectorShuffle<Float> SWAP_PAIRS = VectorShuffle.fromOp(F, i -> i ^ 1);
    private static final VectorMask<Float> EVEN_LANES = VectorMask.fromLong(F, 0x5555_5555_5555_5555L);
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

    /**
     * {@link #maxPool}'s values alone. For float32 2-d windows (the common case) without the positions
     * the maximum needs no comparison of its own: {@code Math.max} is branch-free and makes NaN win, as
     * the rule does, where tracking the position mispredicts a branch per tap on real data. LeNet's
     * 2x2 pool of [32, 6, 28, 28]: 285 us, against 700-800 with positions. Unlike the rule, a window of
     * {@code -0.0} and {@code 0.0} gives {@code 0.0} whatever their order.
     */
    static void maxPoolValues(Tensor input, Window window, Tensor values) {
        if (input.dtype() != DType.FLOAT32 || window.dims() != 2) {
            maxPool(input, window, values, Tensor.empty(DType.INT64, values.device(), values.shape()));
            return;
        }
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment dst = CpuElementwise.seg(values);
        long inVolume = window.inputVolume();
        long outVolume = window.outputVolume();
        int ih = (int) window.inputSize()[0];
        int iw = (int) window.inputSize()[1];
        int oh = (int) window.outputSize()[0];
        int ow = (int) window.outputSize()[1];
        int kh = (int) window.kernel()[0];
        int kw = (int) window.kernel()[1];
        int sh = (int) window.stride()[0];
        int sw = (int) window.stride()[1];
        int dh = (int) window.dilation()[0];
        int dw = (int) window.dilation()[1];
        int ph = (int) window.padding()[0];
        int pw = (int) window.padding()[1];
        long inBase = input.offset();
        long outBase = values.offset();
        if (kw == 2 && sw == 2 && dw == 1 && pw == 0 && ph == 0 && 2 * ow <= iw && (oh - 1) * sh + (kh - 1) * dh < ih) {
            maxPoolPairs(src, inBase, dst, outBase, input.size(0) * input.size(1), ih, iw, oh, ow, kh, sh, dh);
            return;
        }
        // for each kernel column: the outputs whose tap there lands inside the input's width
        int[] first = new int[kw];
        int[] end = new int[kw];
        for (int j = 0; j < kw; j++) {
            int offset = j * dw - pw;
            first[j] = Math.min(ow, Math.max(0, Math.ceilDiv(-offset, sw)));
            end[j] = iw - 1 - offset < 0 ? 0 : Math.min(ow, Math.floorDiv(iw - 1 - offset, sw) + 1);
        }
        forPlanes(input, outVolume * kh * kw, (from, to) -> {
            // a plane in and out of heap arrays, taps outside and output columns inside: the inner loop is
            // then long and plain (with the taps inside, loops of 2 or 3 steps ran 10x slower)
            float[] image = new float[ih * iw];
            float[] pooled = new float[oh * ow];
            for (long plane = from; plane < to; plane++) {
                MemorySegment.copy(src, F32, (inBase + plane * inVolume) * Float.BYTES, image, 0, image.length);
                Arrays.fill(pooled, Float.NEGATIVE_INFINITY);
                for (int y = 0; y < oh; y++) {
                    int row = y * ow;
                    for (int i = 0; i < kh; i++) {
                        int r = y * sh - ph + i * dh;
                        if (r < 0 || r >= ih) {
                            continue;
                        }
                        for (int j = 0; j < kw; j++) {
                            int at = r * iw + j * dw - pw;
                            for (int x = first[j]; x < end[j]; x++) {
                                pooled[row + x] = Math.max(pooled[row + x], image[at + x * sw]);
                            }
                        }
                    }
                }
                MemorySegment.copy(pooled, 0, dst, F32, (outBase + plane * outVolume) * Float.BYTES, pooled.length);
            }
        });
    }

    /**
     * The common 2-d window two columns wide with stride 2 and no padding (2x2 pooling), whole windows
     * only: in vectors, the maximum down the window's rows, then of each pair of neighbouring lanes,
     * whose even lanes are compressed into half a vector of outputs. One thread, LeNet's 2x2 pool of
     * [32, 6, 28, 28]: 78 us against 135 for the plane loop below.
     */
    private static void maxPoolPairs(MemorySegment src, long inBase, MemorySegment dst, long outBase, long planes,
                                     int ih, int iw, int oh, int ow, int kh, int sh, int dh) {
        int columns = 2 * ow;
        CpuParallel.forRange(planes * oh, Math.max(1, GRAIN / Math.max(1, (long) kh * columns)), (from, to) -> {
            // the plane and row advanced as the task does: a division per row cost a fifth of the time
            long plane = from / oh;
            int y = (int) (from % oh);
            for (long task = from; task < to; task++, y++) {
                if (y == oh) {
                    y = 0;
                    plane++;
                }
                long rowIn = inBase + plane * ih * iw + (long) y * sh * iw;
                long rowOut = outBase + task * ow;
                for (int x = 0; x < columns; x += F.length()) {
                    VectorMask<Float> in = F.indexInRange(x, columns);
                    FloatVector m = FloatVector.fromMemorySegment(F, src, (rowIn + x) * Float.BYTES, NATIVE, in);
                    for (int i = 1; i < kh; i++) {
                        long at = (rowIn + (long) i * dh * iw + x) * Float.BYTES;
                        m = m.lanewise(VectorOperators.MAX, FloatVector.fromMemorySegment(F, src, at, NATIVE, in));
                    }
                    FloatVector pairs = m.lanewise(VectorOperators.MAX, m.rearrange(SWAP_PAIRS));
                    pairs.compress(EVEN_LANES).intoMemorySegment(dst, (rowOut + x / 2) * Float.BYTES, NATIVE,
                            F.indexInRange(x / 2, ow));
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
