package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Scaled dot-product attention against PyTorch 2's definition, written out with 1.13's ops by the generator. */
class AttentionTest {
    private static final Generator GEN = new Generator(41);

    private static void check(String fixture, Function<TorchFixture.Leaves, Tensor> fn) {
        TorchFixture.check(fixture, fn, "q", "k", "v");
    }

    @Test
    void matchesPyTorch() {
        check("sdpa_plain", t -> F.scaledDotProductAttention(t.get("q"), t.get("k"), t.get("v")));
        check("sdpa_bool_mask", t -> F.scaledDotProductAttention(t.get("q"), t.get("k"), t.get("v"), t.get("mask"),
                0, false));
        check("sdpa_float_mask_scale", t -> F.scaledDotProductAttention(t.get("q"), t.get("k"), t.get("v"),
                t.get("mask"), 0, false, 0.3, GEN));
        check("sdpa_causal", t -> F.scaledDotProductAttention(t.get("q"), t.get("k"), t.get("v"), null, 0, true));
    }

    @Test
    void gradcheck() {
        Tensor q = Tensor.randn(GEN, DType.FLOAT64, 2, 3, 4).requiresGrad_(true);
        Tensor k = Tensor.randn(GEN, DType.FLOAT64, 2, 5, 4).requiresGrad_(true);
        Tensor v = Tensor.randn(GEN, DType.FLOAT64, 2, 5, 2).requiresGrad_(true);
        Tensor mask = Tensor.randn(GEN, DType.FLOAT64, 3, 5);
        Gradcheck.check(in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), mask, 0, false), q, k, v);
        Tensor boolMask = mask.gt(-0.5);
        Gradcheck.check(in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), boolMask, 0, false), q, k, v);
        Tensor kv = Tensor.randn(GEN, DType.FLOAT64, 2, 3, 4).requiresGrad_(true);
        Gradcheck.check(in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(1), null, 0.3, true, 0.5,
                new Generator(2)), q, kv);
    }

    @Test
    void dropoutOfAttentionWeights() {
        Tensor q = Tensor.randn(GEN, 1, 64, 8);
        Tensor v = Tensor.ones(1, 64, 8);
        Tensor out = F.scaledDotProductAttention(q, q, v, null, 0.25, false, null, new Generator(1));
        // each row of weights sums to 1 before dropout; dropout rescales, so rows average 1
        assertEquals(1.0, out.mean().item(), 0.05);
    }

    @Test
    void badArguments() {
        Tensor q = Tensor.zeros(2, 3, 4);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> F.scaledDotProductAttention(q, Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 4))).getMessage()
                .startsWith("scaled_dot_product_attention: expected query [..., L, E], key [..., S, E] and value"));
        assertEquals("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True",
                assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, q, q,
                        Tensor.zeros(3, 3), 0, true)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, q, q,
                Tensor.zeros(DType.INT64, 3, 3), 0, false)).getMessage().contains("Expected attn_mask dtype"));
    }
}
