package dev.arbor.nn.functional;

import static dev.arbor.nn.functional.TorchFixture.ATOL;
import static dev.arbor.nn.functional.TorchFixture.RTOL;
import static dev.arbor.nn.functional.TorchFixture.check;
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
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static final Generator GEN = new Generator(21);

    private static Tensor randn64(long... shape) {
        return Tensor.randn(GEN, DType.FLOAT64, shape).requiresGrad_(true);
    }

    /** Checks the running statistics a training-mode case updated in place against PyTorch's. */
    private static void assertRunningStats(TorchFixture.Leaves t) {
        t.fixture().assertMatches("rm_out", t.get("rm"), RTOL, ATOL);
        t.fixture().assertMatches("rv_out", t.get("rv"), RTOL, ATOL);
    }

    @Test
    void layerNormMatchesPyTorch() {
        check("layer_norm_affine", t -> F.layerNorm(t.get("x"), new long[] {4}, t.get("w"), t.get("b"), 1e-5),
                "x", "w", "b");
        check("layer_norm_2d_plain", t -> F.layerNorm(t.get("x"), new long[] {3, 4}), "x");
    }

    /** Without gradients layer_norm takes the backend's fused kernel, in float64 and float32 alike. */
    @Test
    void layerNormWithoutGradientsMatchesPyTorch() {
        TorchFixture affine = TorchFixture.load("layer_norm_affine");
        TorchFixture plain = TorchFixture.load("layer_norm_2d_plain");
        try (var noGrad = GradMode.noGrad()) {
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                Tensor y = F.layerNorm(affine.get("x").to(dtype), new long[] {4}, affine.get("w").to(dtype),
                        affine.get("b").to(dtype), 1e-5);
                assertEquals(dtype, y.dtype());
                affine.assertMatches("out", y.to(DType.FLOAT64), RTOL, dtype == DType.FLOAT32 ? 1e-5 : ATOL);
                Tensor z = F.layerNorm(plain.get("x").to(dtype).transpose(0, 0), new long[] {3, 4});
                plain.assertMatches("out", z.to(DType.FLOAT64), RTOL, dtype == DType.FLOAT32 ? 1e-5 : ATOL);
            }
            // rows longer than a vector, with a tail, from a non-contiguous input
            Tensor x = Tensor.randn(GEN, DType.FLOAT64, 37, 5).transpose(0, 1);
            Tensor w = Tensor.randn(GEN, DType.FLOAT64, 37);
            Tensor fused = F.layerNorm(x.to(DType.FLOAT32), new long[] {37}, w.to(DType.FLOAT32), null, 1e-5);
            Tensor decomposed;
            try (var grad = GradMode.enableGrad()) {
                decomposed = F.layerNorm(x.clone().requiresGrad_(true), new long[] {37}, w, null, 1e-5).detach();
            }
            TorchFixture.assertClose("37-wide rows", decomposed, fused.to(DType.FLOAT64), 1e-5, 1e-5);
        }
    }

    @Test
    void batchNormTrainingUpdatesRunningStatistics() {
        assertRunningStats(check("batch_norm_train", t -> F.batchNorm(t.get("x"), t.get("rm"), t.get("rv"),
                t.get("w"), t.get("b"), true, 0.1, 1e-5), "x", "w", "b"));
        assertRunningStats(check("batch_norm_train_2d", t -> F.batchNorm(t.get("x"), t.get("rm"), t.get("rv"), null,
                null, true, 0.3, 1e-5), "x"));
    }

    @Test
    void batchNormEvalUsesRunningStatistics() {
        TorchFixture.Leaves t = check("batch_norm_eval", l -> F.batchNorm(l.get("x"), l.get("rm"), l.get("rv"),
                l.get("w"), l.get("b"), false, 0.1, 1e-3), "x", "w", "b");
        TorchFixture.assertClose("running mean untouched", TorchFixture.load("batch_norm_eval").get("rm"), t.get("rm"),
                0, 0);
    }

    @Test
    void groupAndInstanceNormMatchPyTorch() {
        check("group_norm", t -> F.groupNorm(t.get("x"), 3, t.get("w"), t.get("b"), 1e-5), "x", "w", "b");
        assertRunningStats(check("instance_norm_train", t -> F.instanceNorm(t.get("x"), t.get("rm"), t.get("rv"),
                t.get("w"), t.get("b"), true, 0.2, 1e-5), "x", "w", "b"));
        check("instance_norm_eval", t -> F.instanceNorm(t.get("x"), t.get("rm"), t.get("rv"), null, null, false, 0.1,
                1e-5), "x");
    }

    @Test
    void localResponseNormAndNormalizeMatchPyTorch() {
        check("local_response_norm_3d", t -> F.localResponseNorm(t.get("x"), 3), "x");
        check("local_response_norm_4d", t -> F.localResponseNorm(t.get("x"), 4, 0.01, 0.5, 2.0), "x");
        check("normalize_p2", t -> F.normalize(t.get("x"), 2, 1), "x");
        check("normalize_p1_dim0", t -> F.normalize(t.get("x"), 1, 0), "x");
    }

    @Test
    void gradcheckEveryNorm() {
        Tensor x = randn64(3, 2, 3);
        Tensor w4 = randn64(3);
        Tensor b4 = randn64(3);
        Gradcheck.check(in -> F.layerNorm(in.get(0), new long[] {3}, in.get(1), in.get(2), 1e-5), x, w4, b4);
        Tensor w2 = randn64(2);
        Tensor b2 = randn64(2);
        Gradcheck.check(in -> F.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5), x, w2, b2);
        Tensor rm = Tensor.randn(GEN, DType.FLOAT64, 2);
        Tensor rv = Tensor.rand(GEN, DType.FLOAT64, 2).add(0.5);
        Gradcheck.check(in -> F.batchNorm(in.get(0), rm, rv, in.get(1), in.get(2), false, 0.1, 1e-5), x, w2, b2);
        Tensor x6 = randn64(2, 4, 2);
        Tensor w6 = randn64(4);
        Tensor b6 = randn64(4);
        Gradcheck.check(in -> F.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5), x6, w6, b6);
        Gradcheck.check(in -> F.instanceNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5), x6, w6, b6);
        Gradcheck.check(in -> F.localResponseNorm(in.get(0), 3, 0.1, 0.75, 1.0), x6);
        Gradcheck.check(in -> F.normalize(in.get(0), 2, 1), x6);
        Gradcheck.check(in -> F.normalize(in.get(0), 3, -1), x6);
    }

    @Test
    void secondOrderGradientsOfStandardization() {
        // the fused backward recomputes its statistics under create_graph, so double backward is exact
        Tensor v = Tensor.randn(GEN, DType.FLOAT64, 3, 4);
        Tensor x = randn64(3, 4);
        Gradcheck.check(in -> {
            try (var scope = GradMode.enableGrad()) {
                Tensor y = F.layerNorm(in.get(0), new long[] {4});
                return Autograd.grad(List.of(y), List.of(in.get(0)), List.of(v), true, true, false).getFirst();
            }
        }, x);
    }

    @Test
    void halfPrecisionIsComputedInFloat() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 4);
        Tensor full = F.layerNorm(x, new long[] {4});
        Tensor half = F.layerNorm(x.to(DType.BFLOAT16), new long[] {4});
        assertEquals(DType.BFLOAT16, half.dtype());
        TorchFixture.assertClose("bfloat16 layer_norm", full, half, 1e-2, 1e-2);
    }

    @Test
    void badArgumentsHavePyTorchsMessages() {
        Tensor x = Tensor.zeros(2, 3, 4);
        assertEquals("Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> F.layerNorm(x, new long[] {5})).getMessage());
        assertEquals("Given normalized_shape=[3, 5], expected input with shape [*, 3, 5], but got input of size"
                + "[2, 3, 4]", assertThrows(IllegalArgumentException.class,
                        () -> F.layerNorm(x, new long[] {3, 5})).getMessage());
        assertEquals("Expected weight to be of same shape as normalized_shape, but got weight of shape [5] and "
                + "normalized_shape = [4]", assertThrows(IllegalArgumentException.class,
                        () -> F.layerNorm(x, new long[] {4}, Tensor.ones(5), null)).getMessage());
        assertEquals("running_mean must be defined in evaluation mode", assertThrows(IllegalArgumentException.class,
                () -> F.batchNorm(x, null, null)).getMessage());
        assertEquals("running_mean should contain 3 elements not 4", assertThrows(IllegalArgumentException.class,
                () -> F.batchNorm(x, Tensor.zeros(4), Tensor.ones(4), null, null, true)).getMessage());
        var e = assertThrows(IllegalArgumentException.class,
                () -> F.batchNorm(Tensor.zeros(1, 3), null, null, null, null, true));
        assertTrue(e.getMessage().startsWith("Expected more than 1 value per channel when training, got input size "
                + "[1, 3]"), e.getMessage());
        assertEquals("Expected number of channels in input to be divisible by num_groups, but got input of shape "
                + "[2, 6, 4] and num_groups=4", assertThrows(IllegalArgumentException.class,
                        () -> F.groupNorm(Tensor.zeros(2, 6, 4), 4)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.instanceNorm(Tensor.zeros(2, 3, 1)))
                .getMessage().startsWith("Expected more than 1 spatial element when training"));
        assertEquals("Expected 3D or higher dimensionality input (got 2 dimensions)",
                assertThrows(IllegalArgumentException.class, () -> F.localResponseNorm(Tensor.zeros(2, 3), 2))
                        .getMessage());
    }
}
