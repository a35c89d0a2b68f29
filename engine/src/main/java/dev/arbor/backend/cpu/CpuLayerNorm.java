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
 * Layer normalization without gradients, one row at a time: the mean, then the biased variance of the
 * centred row (two passes, as exact as the decomposition), then the scaled and shifted outputs. The
 * decomposition's seven whole-tensor ops, each allocating, cost far more than this arithmetic on the
 * short rows of small transformers. float32 rows in vectors with float sums, as PyTorch's CPU kernel.
 */
final class CpuLayerNorm {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements per parallel task below which a loop stays on one thread. */
    private static final long GRAIN = 1 << 15;

    private CpuLayerNorm() {}

    static void layerNorm(Tensor input, long rowSize, Tensor weight, Tensor bias, double eps, Tensor output) {
        boolean f32 = input.dtype() == DType.FLOAT32;
        int n = Math.toIntExact(rowSize);
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment dst = CpuElementwise.seg(output);
        MemorySegment w = weight == null ? null : CpuElementwise.seg(weight);
        MemorySegment b = bias == null ? null : CpuElementwise.seg(bias);
        long wBase = weight == null ? 0 : weight.offset();
        long bBase = bias == null ? 0 : bias.offset();
        long inBase = input.offset();
        long outBase = output.offset();
        CpuParallel.forRange(input.numel() / rowSize, Math.max(1, GRAIN / rowSize), (from, to) -> {
            for (long r = from; r < to; r++) {
                long in = inBase + r * rowSize;
                long out = outBase + r * rowSize;
                if (f32) {
                    rowF32(src, in, dst, out, n, w, wBase, b, bBase, (float) eps);
                } else {
                    rowF64(src, in, dst, out, n, w, wBase, b, bBase, eps);
                }
            }
        });
    }

    private static void rowF32(MemorySegment src, long in, MemorySegment dst, long out, int n, MemorySegment w,
                               long wBase, MemorySegment b, long bBase, float eps) {
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < n; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sum = sum.add(FloatVector.fromMemorySegment(S, src, (in + i) * Float.BYTES, NATIVE, m));
        }
        float mean = sum.reduceLanes(VectorOperators.ADD) / n;
        FloatVector squares = FloatVector.zero(S);
        for (int i = 0; i < n; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromMemorySegment(S, src, (in + i) * Float.BYTES, NATIVE, m).sub(mean);
            squares = squares.add(d.mul(d), m);
        }
        float rstd = (float) (1 / Math.sqrt(squares.reduceLanes(VectorOperators.ADD) / n + eps));
        for (int i = 0; i < n; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector y = FloatVector.fromMemorySegment(S, src, (in + i) * Float.BYTES, NATIVE, m).sub(mean).mul(rstd);
            if (w != null) {
                y = y.mul(FloatVector.fromMemorySegment(S, w, (wBase + i) * Float.BYTES, NATIVE, m));
            }
            if (b != null) {
                y = y.add(FloatVector.fromMemorySegment(S, b, (bBase + i) * Float.BYTES, NATIVE, m));
            }
            y.intoMemorySegment(dst, (out + i) * Float.BYTES, NATIVE, m);
        }
    }

    private static void rowF64(MemorySegment src, long in, MemorySegment dst, long out, int n, MemorySegment w,
                               long wBase, MemorySegment b, long bBase, double eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += src.getAtIndex(F64, in + i);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = src.getAtIndex(F64, in + i) - mean;
            squares += d * d;
        }
        double rstd = 1 / Math.sqrt(squares / n + eps);
        for (int i = 0; i < n; i++) {
            double y = (src.getAtIndex(F64, in + i) - mean) * rstd;
            if (w != null) {
                y *= w.getAtIndex(F64, wBase + i);
            }
            if (b != null) {
                y += b.getAtIndex(F64, bBase + i);
            }
            dst.setAtIndex(F64, out + i, y);
        }
    }
}
