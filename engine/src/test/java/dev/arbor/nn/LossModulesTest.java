package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loss modules against PyTorch (layers/loss_*.npz), built with the generator script's arguments. */
class LossModulesTest {
    private static void check(String fixture, Loss loss, String... inputs) {
        LayerFixture f = LayerFixture.of(fixture);
        f.load(loss);
        Object[] args = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
                args[i] = f.has("grad.in." + inputs[i]) ? f.leaf(inputs[i]) : f.input(inputs[i]);
        }
        f.verify(loss, loss.<Tensor>call(args));
    }

    @Test
    void regressionLosses() {
        check("loss_mse", new MSELoss(), "x", "t");
        check("loss_mse_sum", new MSELoss(Reduction.SUM), "x", "t");
        check("loss_l1_none", new L1Loss(Reduction.NONE), "x", "t");
        check("loss_smooth_l1", new SmoothL1Loss(Reduction.MEAN, 0.5), "x", "t");
        check("loss_huber", new HuberLoss(Reduction.SUM, 0.7), "x", "t");
    }

    @Test
    void classificationLosses() {
        check("loss_cross_entropy", CrossEntropyLoss.options().weight(Tensor.zeros(5)).labelSmoothing(0.1).build(),
                "x", "t");
        check("loss_cross_entropy_ignore", CrossEntropyLoss.options().ignoreIndex(2).reduction(Reduction.SUM).build(),
                "x", "t");
        check("loss_cross_entropy_probs", new CrossEntropyLoss(), "x", "t");
        check("loss_nll", new NLLLoss(Tensor.zeros(5)), "x", "t");
        check("loss_bce", new BCELoss(Tensor.zeros(4), Reduction.MEAN), "x", "t");
        check("loss_bce_logits", new BCEWithLogitsLoss(Tensor.zeros(3, 1), Reduction.MEAN, Tensor.zeros(4)), "x", "t");
        check("loss_kl_div", new KLDivLoss(Reduction.BATCHMEAN, true), "x", "t");
        check("loss_cosine_embedding", new CosineEmbeddingLoss(0.2), "x1", "x2", "t");
    }

    @Test
    void weightsAreBuffersThatMoveWithTheModule() {
        CrossEntropyLoss ce = CrossEntropyLoss.options().weight(Tensor.ones(3)).build();
        assertEquals(List.of("weight"), List.copyOf(ce.stateDict().keySet()));
        ce.doubleType();
        assertEquals(DType.FLOAT64, ce.weight().dtype());
        assertEquals(List.of("pos_weight"), List.copyOf(new BCEWithLogitsLoss(null, Reduction.MEAN, Tensor.ones(2))
                .stateDict().keySet()));
        assertEquals("MSELoss.forward takes (input, target): two Tensors, got 1 arguments",
                assertThrows(IllegalArgumentException.class, () -> new MSELoss().call(Tensor.ones(2))).getMessage());
    }
}
