package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend's fused elementwise kernels give PyTorch's values and the same values as their
 * decompositions, on contiguous runs (vector loops and their tails) and on strided and broadcast views.
 */
class FusedElementwiseTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void reluGradientIsPyTorchsThresholdBackward() {
        // torch 1.13: x = [nan, -1, 2, 0]; relu(x).backward([1, inf, 3, 5]) gives x.grad = [1, 0, 3, 0]
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(new double[] {NAN, -1, 2, 0}).to(dtype).requiresGrad_(true);
            x.relu().backward(Tensor.of(new double[] {1, INF, 3, 5}).to(dtype));
            assertArrayEquals(new double[] {1, 0, 3, 0}, x.grad().toDoubleArray(), dtype.toString());
        }
    }

    @Test
    void thresholdBackwardMatchesItsDecomposition() {
        Generator gen = new Generator(3);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            // 1,037 elements: whole vectors and a tail; then a transposed (strided) pair
            Tensor grad = Tensor.randn(gen, dtype, 17, 61);
            Tensor input = Tensor.randn(gen, dtype, 17, 61);
            for (Tensor[] pair : new Tensor[][] {{grad, input}, {grad.t(), input.t()}}) {
                Tensor expected = Tensor.where(pair[1].le(0.25), Tensor.zerosLike(pair[0]), pair[0]);
                assertArrayEquals(expected.toDoubleArray(),
                        FusedElementwise.thresholdBackward(pair[0], pair[1], 0.25).toDoubleArray(), dtype.toString());
            }
        }
    }

    @Test
    void addScaledInPlaceMatchesPyTorch() {
        // torch 1.13: p = arange(6.).reshape(2, 3); p.add_(tensor([1., 2., 3.]), alpha=-0.5)
        Tensor p = Tensor.arange(6).to(DType.FLOAT32).reshape(2, 3);
        p.add_(Tensor.of(new double[] {1, 2, 3}).to(DType.FLOAT32), -0.5);
        assertArrayEquals(new double[] {-0.5, 0, 0.5, 2.5, 3, 3.5}, p.toDoubleArray());
    }

    @Test
    void addScaledInPlaceMatchesItsDecomposition() {
        Generator gen = new Generator(4);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor base = Tensor.randn(gen, dtype, 23, 45);
            Tensor other = Tensor.randn(gen, dtype, 23, 45);
            Tensor[][] cases = {{base.clone(), other}, {base.clone().t(), other.t()}, {base.clone(), other.select(0, 3)}};
            for (Tensor[] c : cases) {
                Tensor expected = c[0].add(c[1].mul(-0.3));
                int version = c[0].version();
                c[0].add_(c[1], -0.3);
                assertArrayEquals(expected.toDoubleArray(), c[0].toDoubleArray(), 1e-6, dtype.toString());
                assertEquals(version + 1, c[0].version(), "an in-place add bumps the version once");
            }
        }
        // integers take the decomposition: the product is float, the in-place result must stay int64
        Tensor ints = Tensor.arange(4);
        ints.add_(Tensor.arange(4), 2);
        assertArrayEquals(new long[] {0, 3, 6, 9}, ints.toLongArray());
    }
}
