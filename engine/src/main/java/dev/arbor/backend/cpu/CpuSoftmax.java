package dev.arbor.backend.cpu;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax along one dimension, one row at a time: the row's maximum, the sum of the
 * shifted exponentials, then the outputs (instead of five whole-tensor ops, each allocating, which cost
 * far more than the arithmetic on the short rows of attention scores). Exponentials in double.
 */
final class CpuSoftmax {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements per parallel task below which a loop stays on one thread. */
    private static final long GRAIN = 1 << 14;

    private CpuSoftmax() {}

    static void softmax(Tensor input, int dim, boolean log, Tensor output) {
        long size = input.size(dim);
        long inner = 1;
        for (int d = dim + 1; d < input.dim(); d++) {
            inner *= input.size(d);
        }
        long rows = input.numel() / size;
        long stride = inner;
        boolean f32 = input.dtype() == DType.FLOAT32;
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment dst = CpuElementwise.seg(output);
        long inBase = input.offset();
        long outBase = output.offset();
        long innerRows = inner;
        if (f32 && inner == 1 && !log) {
            CpuParallel.forRange(rows, Math.max(1, GRAIN / size), (from, to) -> {
                for (long r = from; r < to; r++) {
                    rowF32(src, inBase + r * size, dst, outBase + r * size, (int) size);
                }
            });
            return;
        }
        CpuParallel.forRange(rows, Math.max(1, GRAIN / size), (from, to) -> {
            for (long r = from; r < to; r++) {
                // row r: outer index r / inner, inner index r % inner
                long first = r / innerRows * size * innerRows + r % innerRows;
                long in = inBase + first;
                long out = outBase + first;
                double max = Double.NEGATIVE_INFINITY;
                for (long i = 0; i < size; i++) {
                    max = Math.max(max, read(src, f32, in + i * stride));
                }
                double sum = 0;
                for (long i = 0; i < size; i++) {
                    double e = Math.exp(read(src, f32, in + i * stride) - max);
                    sum += e;
                    if (!log) {
                        write(dst, f32, out + i * stride, e);
                    }
                }
                double logSum = Math.log(sum);
                for (long i = 0; i < size; i++) {
                    long at = out + i * stride;
                    write(dst, f32, at, log ? read(src, f32, in + i * stride) - max - logSum
                            : read(dst, f32, at) / sum);
                }
            }
        });
    }

    /** A contiguous float32 row, with the Vector API's exponential (the scalar one costs ~40 ns here). */
    private static void rowF32(MemorySegment src, long in, MemorySegment dst, long out, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, src.getAtIndex(F32, in + i));
        }
        FloatVector shift = FloatVector.broadcast(S, max);
        float sum = 0;
        for (int i = 0; i < n; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector e = FloatVector.fromMemorySegment(S, src, (in + i) * Float.BYTES, NATIVE, m).sub(shift)
                    .lanewise(VectorOperators.EXP);
            e.intoMemorySegment(dst, (out + i) * Float.BYTES, NATIVE, m);
            sum += e.reduceLanes(VectorOperators.ADD, m);
        }
        FloatVector total = FloatVector.broadcast(S, sum);
        for (int i = 0; i < n; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i, n);
            long at = (out + i) * Float.BYTES;
            FloatVector.fromMemorySegment(S, dst, at, NATIVE, m).div(total).intoMemorySegment(dst, at, NATIVE, m);
        }
    }

    private static double read(MemorySegment s, boolean f32, long i) {
        return f32 ? s.getAtIndex(F32, i) : s.getAtIndex(F64, i);
    }

    private static void write(MemorySegment s, boolean f32, long i, double v) {
        if (f32) {
            s.setAtIndex(F32, i, (float) v);
        } else {
            s.setAtIndex(F64, i, v);
        }
    }
}
