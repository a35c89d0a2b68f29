package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Dropout is random: these check its distribution with a seeded generator, not exact values. */
class DropoutTest {
    @Test
    void dropoutKeepsTheMeanAndDropsAboutP() {
        Tensor x = Tensor.ones(200, 500);
        Tensor y = F.dropout(x, 0.3, true, new Generator(1));
        double dropped = y.eq(0.0).to(DType.FLOAT64).mean().item();
        assertEquals(0.3, dropped, 0.01);
        assertEquals(1.0, y.mean().item(), 0.02);
        assertEquals(0.0, y.ne(0.0).logicalAnd(y.ne(1 / 0.7)).to(DType.FLOAT32).sum().item(), "kept values scaled");
    }

    @Test
    void gradientFlowsThroughTheKeptElementsOnly() {
        Tensor x = Tensor.ones(50, 40).requiresGrad_(true);
        Tensor y = F.dropout(x, 0.5, true, new Generator(2));
        y.sum().backward();
        TorchFixture.assertClose("grad = mask / (1 - p)", y.detach(), x.grad(), 0, 0);
    }

    @Test
    void sameSeedSameMask() {
        Tensor x = Tensor.ones(10, 10);
        TorchFixture.assertClose("reproducible", F.dropout(x, 0.5, true, new Generator(9)),
                F.dropout(x, 0.5, true, new Generator(9)), 0, 0);
    }

    @Test
    void notTrainingOrZeroPReturnsTheInput() {
        Tensor x = Tensor.ones(3, 4);
        assertSame(x, F.dropout(x, 0.5, false));
        assertSame(x, F.dropout2d(x, 0.0, true));
        assertSame(x, F.alphaDropout(x, 0.5, false));
        assertEquals(0.0, F.dropout(x, 1.0, true).abs().sum().item());
    }

    @Test
    void featureDropoutSharesTheMaskAcrossEachChannel() {
        Tensor x = Tensor.ones(20, 30, 4, 5);
        Tensor y = F.dropout2d(x, 0.4, true, new Generator(3));
        Tensor perChannelMin = y.amin(new int[] {2, 3}, false);
        Tensor perChannelMax = y.amax(new int[] {2, 3}, false);
        TorchFixture.assertClose("constant per channel", perChannelMax, perChannelMin, 0, 0);
        assertEquals(0.4, perChannelMax.eq(0.0).to(DType.FLOAT64).mean().item(), 0.05);
        assertEquals(1.0, y.mean().item(), 0.06);

        Tensor unbatched = F.dropout3d(Tensor.ones(30, 2, 3, 4), 0.5, true, new Generator(4));
        TorchFixture.assertClose("3d unbatched", unbatched.amax(new int[] {1, 2, 3}, false),
                unbatched.amin(new int[] {1, 2, 3}, false), 0, 0);
        Tensor oneD = F.dropout1d(Tensor.ones(8, 30, 6), 0.5, true, new Generator(5));
        TorchFixture.assertClose("1d", oneD.amax(new int[] {2}, false), oneD.amin(new int[] {2}, false), 0, 0);
    }

    @Test
    void alphaDropoutKeepsMeanAndVarianceOfStandardInputs() {
        Tensor x = Tensor.randn(new Generator(6), 400, 400);
        Tensor y = F.alphaDropout(x, 0.2, true, new Generator(7));
        assertEquals(0.0, y.mean().item(), 0.02);
        assertEquals(1.0, y.var(new int[0], 1, false).item(), 0.03);
        Tensor z = F.featureAlphaDropout(Tensor.zeros(200, 300, 2), 0.5, true, new Generator(8));
        TorchFixture.assertClose("one value per channel", z.amax(new int[] {2}, false), z.amin(new int[] {2}, false),
                0, 0);
    }

    @Test
    void gradcheckWithTheMaskFixed() {
        // a fresh generator per call draws the same mask, which makes dropout a function of its input
        Tensor x = Tensor.randn(new Generator(10), DType.FLOAT64, 3, 4, 2).requiresGrad_(true);
        Gradcheck.check(in -> F.dropout(in.get(0), 0.4, true, new Generator(1)), x);
        Gradcheck.check(in -> F.dropout2d(in.get(0), 0.4, true, new Generator(2)), x);
        Gradcheck.check(in -> F.alphaDropout(in.get(0), 0.4, true, new Generator(3)), x);
        Gradcheck.check(in -> F.featureAlphaDropout(in.get(0), 0.4, true, new Generator(4)), x);
    }

    @Test
    void badArguments() {
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5",
                assertThrows(IllegalArgumentException.class, () -> F.dropout(Tensor.ones(3), 1.5, true)).getMessage());
        assertEquals("Feature dropout requires at least 2 dimensions in the input",
                assertThrows(IllegalArgumentException.class, () -> F.dropout2d(Tensor.ones(3), 0.5, true))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.dropout1d(Tensor.ones(3, 4, 5, 6), 0.5, true))
                .getMessage().startsWith("dropout1d: Expected 2D or 3D input, but received a 4D input."));
    }
}
