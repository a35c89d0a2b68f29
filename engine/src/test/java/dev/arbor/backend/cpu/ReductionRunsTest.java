package dev.arbor.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Reductions over any set of dimensions of strided views walk the reduced elements as runs (merged
 * dimensions, an odometer over the rest): checked against a plain element-by-element reference over
 * permuted, sliced and expanded views, with NaN, and for integers.
 */
class ReductionRunsTest {
    private static final int[][] DIMS = {{0}, {3}, {0, 2}, {1, 3}, {0, 2, 3}, {0, 1, 2, 3}, {2, 3}, {0, 1}};

    private static Tensor[] views(DType dtype) {
        Generator gen = new Generator(7);
        Tensor base = Tensor.randn(gen, 3, 4, 5, 6).to(dtype);
        return new Tensor[] {
            base,
            base.permute(2, 0, 3, 1),
            base.narrow(3, 1, 4).narrow(1, 1, 2),
            base.select(0, 1).unsqueeze(1).expand(4, 3, 5, 6),
        };
    }

    @Test
    void floatingReductionsMatchAnElementwiseReference() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Tensor x : views(dtype)) {
                for (int[] dims : DIMS) {
                    check(x, dims, x.sum(dims, false), 0, Double::sum, 1e-5);
                    check(x, dims, x.amax(dims, false), Double.NEGATIVE_INFINITY, Math::max, 0);
                    check(x, dims, x.amin(dims, false), Double.POSITIVE_INFINITY, Math::min, 0);
                }
            }
        }
    }

    /**
     * Sums that keep a dimension lying contiguous in the source (a channels-last image's channels, as
     * global average pooling reads them) take a vector of outputs at a time, a whole number of vectors
     * and the rest one by one: each equals the reference, NaN included.
     */
    @Test
    void sumsOfOutputsSideBySideMatchTheReference() {
        Tensor x = Tensor.randn(new Generator(5), 3, 5, 4, 35).permute(0, 3, 1, 2);
        x.narrow(1, 20, 1).narrow(2, 3, 1).fill_(Double.NaN);
        for (int[] dims : new int[][] {{2, 3}, {0, 2, 3}, {2}, {0}, {0, 3}}) {
            check(x, dims, x.sum(dims, false), 0, Double::sum, 1e-6);
        }
        Tensor mean = x.mean(new int[] {2, 3}, true);
        check(x, new int[] {2, 3}, mean.mul(20), 0, Double::sum, 1e-6);
    }

    @Test
    void maxAndMinPropagateNaNFromAnyRun() {
        Tensor x = Tensor.randn(new Generator(3), 4, 5, 6).permute(2, 0, 1).contiguous().permute(1, 2, 0);
        x.narrow(0, 3, 1).narrow(1, 2, 1).narrow(2, 4, 1).fill_(Double.NaN);
        int[] dims = {0, 2};
        check(x, dims, x.amax(dims, false), Double.NEGATIVE_INFINITY, Math::max, 0);
        check(x, dims, x.amin(dims, false), Double.POSITIVE_INFINITY, Math::min, 0);
        check(x, dims, x.sum(dims, false), 0, Double::sum, 1e-5);
    }

    @Test
    void integerAndLogicalReductionsMatchTheReference() {
        for (Tensor f : views(DType.FLOAT64)) {
            Tensor x = f.mul(3).to(DType.INT64);
            for (int[] dims : DIMS) {
                check(x, dims, x.sum(dims, false), 0, Double::sum, 0);
                check(x, dims, x.amax(dims, false), Double.NEGATIVE_INFINITY, Math::max, 0);
                Tensor nonZero = x.ne(0);
                check(nonZero, dims, nonZero.to(DType.INT64).amax(dims, false), 0, Math::max, 0);
            }
            for (int d = 0; d < 4; d++) {
                Tensor nonZero = x.ne(0);
                check(nonZero, new int[] {d}, nonZero.any(d, false).to(DType.INT64), 0,
                        (a, b) -> a != 0 || b != 0 ? 1.0 : 0.0, 0);
                check(nonZero, new int[] {d}, nonZero.all(d, false).to(DType.INT64), 1,
                        (a, b) -> a != 0 && b != 0 ? 1.0 : 0.0, 0);
            }
        }
    }

    /** Compares {@code actual} (dims removed) with a fold of every reduced element, index by index. */
    private static void check(Tensor x, int[] dims, Tensor actual, double identity,
                              BiFunction<Double, Double, Double> fold, double rtol) {
        long[] shape = x.shape();
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) {
            reduced[d] = true;
        }
        double[] values = x.contiguous().to(DType.FLOAT64).toDoubleArray();
        double[] got = actual.to(DType.FLOAT64).toDoubleArray();
        double[] expected = new double[got.length];
        java.util.Arrays.fill(expected, identity);
        long[] index = new long[shape.length];
        for (double v : values) {
            long out = 0;
            for (int d = 0; d < shape.length; d++) {
                if (!reduced[d]) {
                    out = out * shape[d] + index[d];
                }
            }
            double acc = expected[(int) out];
            expected[(int) out] = Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : fold.apply(acc, v);
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        assertEquals(expected.length, got.length);
        for (int i = 0; i < got.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertEquals(Double.NaN, got[i], "element " + i);
            } else {
                assertEquals(expected[i], got[i], rtol * Math.abs(expected[i]) + 1e-6, "element " + i);
            }
        }
        assertArrayEquals(new long[] {got.length}, new long[] {actual.numel()});
    }
}
