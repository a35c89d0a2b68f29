package dev.arbor.backend.cpu;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
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
        long inBase = input.offset();
        long outBase = output.offset();
        // the parameters as heap arrays, ones and zeros where absent: the row loops take no branch for them
        float[] scale = f32 ? floats(weight, n, 1f) : null;
        float[] shift = f32 ? floats(bias, n, 0f) : null;
        double[] scale64 = f32 ? null : doubles(weight, n, 1);
        double[] shift64 = f32 ? null : doubles(bias, n, 0);
        CpuParallel.forRange(input.numel() / rowSize, Math.max(1, GRAIN / rowSize), (from, to) -> {
            for (long r = from; r < to; r++) {
                long in = inBase + r * rowSize;
                long out = outBase + r * rowSize;
                if (f32) {
                    rowF32(src, in, dst, out, n, scale, shift, (float) eps);
                } else {
                    rowF64(src, in, dst, out, n, scale64, shift64, eps);
                }
            }
        });
    }

    /**
     * One float32 row: unmasked vectors and scalar tails (masked vector loops made the method too big
     * for C1, whose fallback runs the Vector API boxed until C2 gets to it).
     */
    private static void rowF32(MemorySegment src, long in, MemorySegment dst, long out, int n, float[] scale,
                               float[] shift, float eps) {
        int bound = S.loopBound(n);
        FloatVector sums = FloatVector.zero(S);
        for (int i = 0; i < bound; i += S.length()) {
            sums = sums.add(FloatVector.fromMemorySegment(S, src, (in + i) * Float.BYTES, NATIVE));
        }
        float sum = sums.reduceLanes(VectorOperators.ADD);
        for (int i = bound; i < n; i++) {
            sum += src.getAtIndex(F32, in + i);
        }
        float mean = sum / n;
        FloatVector squares = FloatVector.zero(S);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromMemorySegment(S, src, (in + i) * Float.BYTES, NATIVE).sub(mean);
            squares = d.fma(d, squares);
        }
        float square = squares.reduceLanes(VectorOperators.ADD);
        for (int i = bound; i < n; i++) {
            float d = src.getAtIndex(F32, in + i) - mean;
            square += d * d;
        }
        float rstd = (float) (1 / Math.sqrt(square / n + eps));
        scaleF32(src, in, dst, out, n, bound, mean, rstd, scale, shift);
    }

    /** {@code (x - mean) * rstd * scale + shift} over one float32 row. */
    private static void scaleF32(MemorySegment src, long in, MemorySegment dst, long out, int n, int bound, float mean,
                                 float rstd, float[] scale, float[] shift) {
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromMemorySegment(S, src, (in + i) * Float.BYTES, NATIVE).sub(mean).mul(rstd)
                    .fma(FloatVector.fromArray(S, scale, i), FloatVector.fromArray(S, shift, i))
                    .intoMemorySegment(dst, (out + i) * Float.BYTES, NATIVE);
        }
        for (int i = bound; i < n; i++) {
            dst.setAtIndex(F32, out + i, (src.getAtIndex(F32, in + i) - mean) * rstd * scale[i] + shift[i]);
        }
    }

    private static float[] floats(Tensor p, int n, float absent) {
        if (p != null) {
            return p.toFloatArray();
        }
        float[] values = new float[n];
        Arrays.fill(values, absent);
        return values;
    }

    private static double[] doubles(Tensor p, int n, double absent) {
        if (p != null) {
            return p.toDoubleArray();
        }
        double[] values = new double[n];
        Arrays.fill(values, absent);
        return values;
    }

    private static void rowF64(MemorySegment src, long in, MemorySegment dst, long out, int n, double[] scale,
                               double[] shift, double eps) {
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
            dst.setAtIndex(F64, out + i, (src.getAtIndex(F64, in + i) - mean) * rstd * scale[i] + shift[i]);
        }
    }
}
