package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoftmaxTest {
    private static final Generator GEN = new Generator(11);

    private static BiFunction<Tensor, Integer, Tensor> op(String name) {
        return switch (name) {
            case "softmax" -> F::softmax;
            case "log_softmax" -> F::logSoftmax;
            case "softmin" -> F::softmin;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @CsvSource({"softmax_dim1, softmax, 1", "softmax_dim0, softmax, 0", "log_softmax_last, log_softmax, -1",
        "log_softmax_extreme, log_softmax, 1", "softmax_extreme, softmax, 1", "softmin_dim1, softmin, 1"})
    void matchesPyTorch(String fixture, String name, int dim) {
        TorchFixture.check(fixture, t -> op(name).apply(t.get("x"), dim), "x");
    }

    @ParameterizedTest
    @CsvSource({"softmax, 1", "log_softmax, 0", "softmin, -1"})
    void gradcheck(String name, int dim) {
        Tensor x = Tensor.randn(GEN, DType.FLOAT64, 3, 4).mul(2).requiresGrad_(true);
        Gradcheck.check(in -> op(name).apply(in.get(0), dim), x);
    }

    @Test
    void secondDerivativeOfLogSoftmax() {
        // d/dx of sum(grad of logsoftmax . v) checked by finite differences of the first derivative
        Tensor v = Tensor.randn(GEN, DType.FLOAT64, 2, 3);
        Tensor x = Tensor.randn(GEN, DType.FLOAT64, 2, 3).requiresGrad_(true);
        Gradcheck.check(in -> {
            // the numerical pass runs without grad; the first derivative needs it
            try (var scope = GradMode.enableGrad()) {
                Tensor y = F.logSoftmax(in.get(0), 1);
                return Autograd.grad(List.of(y), List.of(in.get(0)), List.of(v), true, true, false).getFirst();
            }
        }, x);
    }

    @Test
    void dtypeArgumentCastsFirstAndHalvesComputeInFloat() {
        Tensor x = Tensor.of(new long[] {1, 2, 3});
        Tensor y = F.softmax(x, 0, DType.FLOAT64);
        assertEquals(DType.FLOAT64, y.dtype());
        assertEquals(1.0, y.sum().item(), 1e-15);
        Tensor h = F.logSoftmax(Tensor.of(new float[] {1, 2, 3}).to(DType.FLOAT16), 0);
        assertEquals(DType.FLOAT16, h.dtype());
        assertEquals(-0.4076, h.get(2), 1e-3);
    }

    @Test
    void gumbelSoftmaxSamplesDistributions() {
        Tensor logits = Tensor.of(new float[] {0, 1, 2, 3, 0, 0}, 2, 3).requiresGrad_(true);
        Tensor soft = F.gumbelSoftmax(logits, 0.5, false, 1, new Generator(3));
        TorchFixture.assertClose("row sums", Tensor.ones(2), soft.sum(1, false), 1e-6, 1e-6);
        Tensor hard = F.gumbelSoftmax(logits, 0.5, true, 1, new Generator(3));
        TorchFixture.assertClose("one-hot", Tensor.ones(2), hard.sum(1, false), 0, 1e-6);
        assertEquals(2.0, hard.eq(1.0).to(DType.FLOAT32).sum().item());
        hard.sum().backward();
        assertTrue(logits.grad() != null);
    }

    @Test
    void gradcheckGumbelSoftmaxWithItsNoiseFixed() {
        // a fresh generator per call draws the same noise, which makes the sample a function of the logits
        Tensor logits = Tensor.randn(GEN, DType.FLOAT64, 2, 4).requiresGrad_(true);
        Gradcheck.check(in -> F.gumbelSoftmax(in.get(0), 0.7, false, 1, new Generator(5)), logits);
    }

    @Test
    void hardGumbelSoftmaxPassesTheSoftSamplesGradient() {
        Tensor logits = Tensor.randn(GEN, DType.FLOAT64, 2, 4).requiresGrad_(true);
        Tensor v = Tensor.randn(GEN, DType.FLOAT64, 2, 4);
        Tensor soft = F.gumbelSoftmax(logits, 0.7, false, 1, new Generator(5));
        Tensor hard = F.gumbelSoftmax(logits, 0.7, true, 1, new Generator(5));
        Tensor softGrad = Autograd.grad(List.of(soft.mul(v).sum()), List.of(logits), null, false, false, false).getFirst();
        Tensor hardGrad = Autograd.grad(List.of(hard.mul(v).sum()), List.of(logits), null, false, false, false).getFirst();
        TorchFixture.assertClose("straight-through", softGrad, hardGrad, 1e-12, 1e-12);
    }

    @Test
    void scalarsAndEmptyTensors() {
        assertEquals(1.0, F.softmax(Tensor.scalar(3.0), 0).item());
        assertEquals(0.0, F.logSoftmax(Tensor.scalar(3.0), -1).item());
        assertEquals(0, F.softmax(Tensor.zeros(0, 3), 1).numel());
    }

    @Test
    void rejectsIntegersAndBadDims() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.softmax(Tensor.arange(3), 0));
        assertTrue(e.getMessage().contains("not implemented for 'Long'"), e.getMessage());
        var d = assertThrows(IndexOutOfBoundsException.class, () -> F.logSoftmax(Tensor.zeros(2, 5), 2));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", d.getMessage());
    }
}
