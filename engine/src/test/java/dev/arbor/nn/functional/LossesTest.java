package dev.arbor.nn.functional;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LossesTest {
    private static final Generator GEN = new Generator(31);

    private static Tensor randn64(long... shape) {
        return Tensor.randn(GEN, DType.FLOAT64, shape).requiresGrad_(true);
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void mse(Reduction r) {
        check("mse_" + r.pytorchName(), t -> F.mseLoss(t.get("x"), t.get("y"), r), "x", "y");
    }

    @Test
    void regressionLosses() {
        check("l1_mean", t -> F.l1Loss(t.get("x"), t.get("y")), "x", "y");
        check("smooth_l1_beta", t -> F.smoothL1Loss(t.get("x"), t.get("y"), Reduction.SUM, 0.5), "x", "y");
        check("smooth_l1_beta0", t -> F.smoothL1Loss(t.get("x"), t.get("y"), Reduction.MEAN, 0), "x");
        check("huber", t -> F.huberLoss(t.get("x"), t.get("y"), Reduction.NONE, 0.7), "x", "y");
    }

    @Test
    void nllLoss() {
        check("nll_weighted_mean", t -> F.nllLoss(t.get("x"), t.get("t"), t.get("cw"), -100, Reduction.MEAN), "x");
        check("nll_sum", t -> F.nllLoss(t.get("x"), t.get("t"), null, -100, Reduction.SUM), "x");
        check("nll_none", t -> F.nllLoss(t.get("x"), t.get("t"), null, -100, Reduction.NONE), "x");
        check("nll_spatial", t -> F.nllLoss(t.get("x"), t.get("t"), t.get("cw").narrow(0, 0, 3), 1, Reduction.MEAN),
                "x");
    }

    @Test
    void crossEntropyWithClassIndices() {
        check("ce_mean", t -> F.crossEntropy(t.get("x"), t.get("t")), "x");
        check("ce_weight_ignore_smooth",
                t -> F.crossEntropy(t.get("x"), t.get("t"), t.get("cw"), 3, Reduction.MEAN, 0.1), "x");
        check("ce_ignore_smooth_unweighted",
                t -> F.crossEntropy(t.get("x"), t.get("t"), null, -100, Reduction.MEAN, 0.2), "x");
        check("ce_smooth_sum", t -> F.crossEntropy(t.get("x"), t.get("t"), t.get("cw"), -100, Reduction.SUM, 0.3), "x");
        check("ce_smooth_none", t -> F.crossEntropy(t.get("x"), t.get("t"), null, -100, Reduction.NONE, 0.3), "x");
        check("ce_spatial_weighted", t -> F.crossEntropy(t.get("x"), t.get("t"), t.get("cw").narrow(0, 0, 4), -100,
                Reduction.MEAN, 0), "x");
        check("ce_unbatched", t -> F.crossEntropy(t.get("x"), t.get("t")), "x");
    }

    @Test
    void crossEntropyWithProbabilities() {
        check("ce_probs_weight_smooth",
                t -> F.crossEntropy(t.get("x"), t.get("p"), t.get("cw"), -100, Reduction.MEAN, 0.1), "x", "p");
        check("ce_probs_none", t -> F.crossEntropy(t.get("x"), t.get("p"), null, -100, Reduction.NONE, 0), "x", "p");
    }

    @Test
    void binaryCrossEntropy() {
        // the fixture has predictions of exactly 0 and 1, where the log is clamped at -100
        check("bce_weight", t -> F.binaryCrossEntropy(t.get("x"), t.get("t"), t.get("w"), Reduction.MEAN), "x", "t");
        check("bce_sum", t -> F.binaryCrossEntropy(t.get("x"), t.get("t"), null, Reduction.SUM), "x", "t");
        check("bce_logits_pos_weight", t -> F.binaryCrossEntropyWithLogits(t.get("x"), t.get("t"), t.get("w"),
                t.get("pw"), Reduction.MEAN), "x", "t");
        check("bce_logits_none", t -> F.binaryCrossEntropyWithLogits(t.get("x"), t.get("t"), null, null,
                Reduction.NONE), "x", "t");
    }

    @Test
    void klDivergence() {
        check("kl_div_batchmean", t -> F.klDiv(t.get("x"), t.get("t"), Reduction.BATCHMEAN, false), "x");
        check("kl_div_mean", t -> F.klDiv(t.get("x"), t.get("t")), "x", "t");
        check("kl_div_log_target_sum", t -> F.klDiv(t.get("x"), t.get("t"), Reduction.SUM, true), "x", "t");
        check("kl_div_none", t -> F.klDiv(t.get("x"), t.get("t"), Reduction.NONE, false), "x");
    }

    @Test
    void cosineAndDistances() {
        check("cosine_embedding", t -> F.cosineEmbeddingLoss(t.get("a"), t.get("b"), t.get("y"), 0.2,
                Reduction.MEAN), "a", "b");
        check("cosine_embedding_none", t -> F.cosineEmbeddingLoss(t.get("a"), t.get("b"), t.get("y"), -0.5,
                Reduction.NONE), "a", "b");
        check("cosine_similarity", t -> F.cosineSimilarity(t.get("a"), t.get("b")), "a", "b");
        check("pairwise_distance", t -> F.pairwiseDistance(t.get("a"), t.get("b")), "a", "b");
        check("pairwise_distance_p1_keepdim", t -> F.pairwiseDistance(t.get("a"), t.get("b"), 1, 1e-6, true),
                "a", "b");
    }

    @Test
    void gradcheckEveryLoss() {
        Tensor x = randn64(3, 4);
        Tensor y = randn64(3, 4);
        for (Reduction r : List.of(Reduction.NONE, Reduction.MEAN, Reduction.SUM)) {
            Gradcheck.check(in -> F.mseLoss(in.get(0), in.get(1), r), x, y);
            Gradcheck.check(in -> F.l1Loss(in.get(0), in.get(1), r), x, y);
            Gradcheck.check(in -> F.smoothL1Loss(in.get(0), in.get(1), r, 0.8), x, y);
            Gradcheck.check(in -> F.huberLoss(in.get(0), in.get(1), r, 0.6), x, y);
        }
        Tensor target = Tensor.of(new long[] {1, -100, 3});
        Tensor cw = Tensor.of(new double[] {0.5, 1, 2, 1.5});
        for (Reduction r : List.of(Reduction.NONE, Reduction.MEAN, Reduction.SUM)) {
            Gradcheck.check(in -> F.crossEntropy(in.get(0), target, cw, -100, r, 0), x);
        }
        Gradcheck.check(in -> F.crossEntropy(in.get(0), target, cw, -100, Reduction.MEAN, 0.15), x);
        Gradcheck.check(in -> F.crossEntropy(in.get(0), Tensor.scalar(2, DType.INT64)), randn64(5));
        Gradcheck.check(in -> F.crossEntropy(in.get(0), target, null, -100, Reduction.NONE, 0.15), x);
        Gradcheck.check(in -> F.nllLoss(in.get(0), target, cw, -100, Reduction.MEAN), x);
        Tensor spatial = randn64(2, 3, 2);
        Tensor spatialTarget = Tensor.of(new long[] {0, 2, 1, 1}, 2, 2);
        Gradcheck.check(in -> F.crossEntropy(in.get(0), spatialTarget, null, 2, Reduction.MEAN, 0), spatial);
        Tensor probs = F.softmax(Tensor.randn(GEN, DType.FLOAT64, 3, 4), 1).detach().requiresGrad_(true);
        Gradcheck.check(in -> F.crossEntropy(in.get(0), in.get(1), cw, -100, Reduction.MEAN, 0.1), x, probs);
        Tensor p = Tensor.rand(GEN, DType.FLOAT64, 3, 4).mul(0.9).add(0.05).requiresGrad_(true);
        Tensor t = Tensor.rand(GEN, DType.FLOAT64, 3, 4).requiresGrad_(true);
        Gradcheck.check(in -> F.binaryCrossEntropy(in.get(0), in.get(1), null, Reduction.MEAN), p, t);
        Tensor pw = Tensor.of(new double[] {0.5, 2, 1, 3});
        Gradcheck.check(in -> F.binaryCrossEntropyWithLogits(in.get(0), in.get(1), null, pw, Reduction.SUM), x, t);
        Tensor logq = F.logSoftmax(x.detach(), 1).requiresGrad_(true);
        Gradcheck.check(in -> F.klDiv(in.get(0), in.get(1), Reduction.BATCHMEAN, false), logq, p);
        Gradcheck.check(in -> F.klDiv(in.get(0), in.get(1), Reduction.MEAN, true), logq, y);
        Tensor signs = Tensor.of(new long[] {1, -1, -1});
        Gradcheck.check(in -> F.cosineEmbeddingLoss(in.get(0), in.get(1), signs, -0.9, Reduction.MEAN), x, y);
        Gradcheck.check(in -> F.cosineSimilarity(in.get(0), in.get(1), 0, 1e-8), x, y);
        Gradcheck.check(in -> F.pairwiseDistance(in.get(0), in.get(1)), x, y);
        Gradcheck.check(in -> F.pairwiseDistance(in.get(0), in.get(1), 3, 1e-6, false), x, y);
    }

    @Test
    void secondOrderGradientOfCrossEntropy() {
        Tensor v = Tensor.of(new double[] {0.3});
        Tensor x = randn64(3, 4);
        Tensor target = Tensor.of(new long[] {1, 0, 3});
        Tensor cw = Tensor.of(new double[] {0.5, 1, 2, 1.5});
        Gradcheck.check(in -> {
            try (var scope = GradMode.enableGrad()) {
                Tensor loss = F.crossEntropy(in.get(0), target, cw, -100, Reduction.MEAN, 0).reshape(1);
                return Autograd.grad(List.of(loss), List.of(in.get(0)), List.of(v), true, true, false).getFirst();
            }
        }, x);
    }

    @Test
    void weightedMeanIgnoringEverythingIsNaNAsInPyTorch() {
        Tensor x = Tensor.zeros(2, 3);
        assertTrue(Double.isNaN(F.crossEntropy(x, Tensor.of(new long[] {-100, -100})).item()));
        assertEquals(0.0, F.nllLoss(x, Tensor.of(new long[] {1, 1}), null, 1, Reduction.SUM).item());
    }

    @Test
    void badArgumentsHavePyTorchsMessages() {
        Tensor x = Tensor.zeros(3, 4);
        assertEquals("Expected input batch_size (3) to match target batch_size (2).",
                assertThrows(IllegalArgumentException.class,
                        () -> F.crossEntropy(x, Tensor.of(new long[] {1, 2}))).getMessage());
        assertTrue(assertThrows(IndexOutOfBoundsException.class, () -> F.nllLoss(x, Tensor.of(new long[] {1, 2, 4})))
                .getMessage().startsWith("Target 4 is out of bounds."));
        assertTrue(assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(x, Tensor.of(new long[] {-1, 0, 0})))
                .getMessage().startsWith("Target -1 is out of bounds."));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.nllLoss(x, Tensor.of(new float[] {1, 2, 1})))
                .getMessage().startsWith("expected scalar type Long but found Float"));
        assertEquals("Expected floating point type for target with class probabilities, got Long",
                assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, Tensor.zeros(DType.INT64, 3, 4)))
                        .getMessage());
        assertEquals("Expected target size [2, 4], got [2, 3]", assertThrows(IllegalArgumentException.class,
                () -> F.nllLoss(Tensor.zeros(2, 3, 4), Tensor.zeros(DType.INT64, 2, 3))).getMessage());
        assertEquals("0D or 1D target tensor expected, multi-target not supported",
                assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, Tensor.zeros(DType.INT64, 3, 2)))
                        .getMessage());
        assertEquals("weight tensor should be defined either for all 4 classes or no classes but got weight tensor of "
                + "shape: [3]", assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x,
                        Tensor.of(new long[] {1, 2, 1}), Tensor.ones(3), -100, Reduction.MEAN, 0)).getMessage());
        assertEquals("label_smoothing must be between 0.0 and 1.0. Got: 1.5", assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(x, Tensor.of(new long[] {1, 2, 1}), null, -100, Reduction.MEAN, 1.5)).getMessage());
        assertEquals("ignore_index is not supported for floating point target",
                assertThrows(IllegalArgumentException.class,
                        () -> F.crossEntropy(x, Tensor.zeros(3, 4), null, 1, Reduction.MEAN, 0)).getMessage());
        assertEquals("Using a target size ([3, 1]) that is different to the input size ([3]) is deprecated. Please "
                + "ensure they have the same size.", assertThrows(IllegalArgumentException.class,
                        () -> F.binaryCrossEntropy(Tensor.zeros(3), Tensor.zeros(3, 1))).getMessage());
        assertEquals("all elements of input should be between 0 and 1", assertThrows(IllegalArgumentException.class,
                () -> F.binaryCrossEntropy(Tensor.of(new float[] {1.5f}), Tensor.zeros(1))).getMessage());
        assertEquals("Target size ([3, 1]) must be the same as input size ([3])",
                assertThrows(IllegalArgumentException.class,
                        () -> F.binaryCrossEntropyWithLogits(Tensor.zeros(3), Tensor.zeros(3, 1))).getMessage());
        assertEquals("batchmean is not a valid value for reduction", assertThrows(IllegalArgumentException.class,
                () -> F.mseLoss(x, x, Reduction.BATCHMEAN)).getMessage());
        assertEquals("foo is not a valid value for reduction",
                assertThrows(IllegalArgumentException.class, () -> Reduction.parse("foo")).getMessage());
        assertEquals("smooth_l1_loss does not support negative values for beta.",
                assertThrows(IllegalArgumentException.class, () -> F.smoothL1Loss(x, x, Reduction.MEAN, -1))
                        .getMessage());
        assertEquals("huber_loss does not support non-positive values for delta.",
                assertThrows(IllegalArgumentException.class, () -> F.huberLoss(x, x, Reduction.MEAN, 0)).getMessage());
        assertEquals("1D target tensor expects 2D input tensors, but found inputs with sizes [3] and [3].",
                assertThrows(IllegalArgumentException.class, () -> F.cosineEmbeddingLoss(Tensor.zeros(3),
                        Tensor.zeros(3), Tensor.of(new long[] {1}))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Tensor.zeros(3), Tensor.zeros(2)))
                .getMessage().contains("must match the size of tensor b (2)"));
    }
}
