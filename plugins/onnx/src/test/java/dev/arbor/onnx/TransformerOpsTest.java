package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transformer and sequence-state ops (Attention, RMSNormalization, GroupNormalization, RotaryEmbedding,
 * SwiGLU, TensorScatter, LinearAttention, CausalConvWithState): their values are the backend suite's; here
 * their gradients by Gradcheck in float64 (an imported model fine-tunes through them), GroupNormalization's
 * opset-18 per-group affine against ONNX Runtime, and fully masked attention rows that stay finite.
 */
class TransformerOpsTest {
    private static Tensor randn(long seed, long... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape).mul(0.5);
    }


    @Test
    void attentionGradientsWithMaskCacheSoftcapAndGroupedHeads() {
        // 3-d packed heads, 6 query heads over 2 KV heads, a float mask shorter than the KV length, a cache
        new SingleNodeModel("Attention", 23).input("Q", randn(1, 2, 3, 12)).input("K", randn(2, 2, 3, 4))
                .input("V", randn(3, 2, 3, 6)).input("attn_mask", randn(4, 3, 4))
                .input("past_key", randn(5, 2, 2, 2, 2)).input("past_value", randn(6, 2, 2, 2, 3))
                .attr("q_num_heads", 6L).attr("kv_num_heads", 2L).attr("softcap", 1.5).attr("scale", 0.3).outputs(4).assertGradients();
        new SingleNodeModel("Attention", 23).input("Q", randn(7, 1, 2, 3, 4)).input("K", randn(8, 1, 2, 5, 4))
                .input("V", randn(9, 1, 2, 5, 3)).attr("is_causal", 1L).assertGradients();
    }

    @Test
    void fullyMaskedAttentionRowsGiveZerosAndFiniteGradients() {
        Tensor q = randn(10, 1, 1, 2, 4).requiresGrad_(true);
        Tensor k = randn(11, 1, 1, 3, 4);
        Tensor v = randn(12, 1, 1, 3, 4);
        Tensor mask = Tensor.of(new boolean[] {false, false, false, true, false, true}, 2, 3);
        SingleNodeModel m = new SingleNodeModel("Attention", 23).input("Q", q).input("K", k).input("V", v)
                .constant("attn_mask", mask);
        Tensor y = m.runArbor(List.of(q, k, v)).getFirst();
        assertClose(Tensor.zeros(DType.FLOAT64, 4), y.select(2, 0).reshape(4), 0, 0, "the fully masked row");
        y.sum().backward();
        assertFalse(q.grad().isnan().any().toBooleanArray()[0], "NaN in the gradient of a masked row");
    }

    @Test
    void normalizationGradients() {
        new SingleNodeModel("RMSNormalization", 23).input("X", randn(20, 2, 3, 4)).input("scale", randn(21, 3, 4))
                .attr("axis", -2L).assertGradients();
        new SingleNodeModel("GroupNormalization", 21).input("X", randn(22, 2, 4, 3)).input("scale", randn(23, 4))
                .input("bias", randn(24, 4)).attr("num_groups", 2L).assertGradients();
    }

    @Test
    void groupNormalizationPerGroupAffineOfOpset18MatchesOnnxRuntime() throws Exception {
        Generator gen = new Generator(25);
        SingleNodeModel m = new SingleNodeModel("GroupNormalization", 18)
                .input("X", Tensor.randn(gen, DType.FLOAT32, 2, 6, 3, 2)).input("scale", Tensor.randn(gen, DType.FLOAT32, 3))
                .input("bias", Tensor.randn(gen, DType.FLOAT32, 3)).attr("num_groups", 3L).attr("epsilon", 1e-3);
        assertClose(m.runOnnxRuntime().getFirst(), m.runArbor().getFirst(), 1e-4, 1e-5, "GroupNormalization-18");
    }

    @Test
    void rotaryEmbeddingSwiGluAndTensorScatterGradients() {
        new SingleNodeModel("RotaryEmbedding", 23).input("input", randn(30, 1, 2, 3, 6))
                .input("cos_cache", randn(31, 4, 2)).input("sin_cache", randn(32, 4, 2))
                .constant("position_ids", Tensor.of(new long[] {3, 0, 1}, 1, 3)).attr("interleaved", 1L)
                .attr("rotary_embedding_dim", 4L).assertGradients();
        new SingleNodeModel("SwiGLU", 28).input("a", randn(33, 2, 3)).input("b", randn(34, 2, 3))
                .attr("alpha", 1.7).assertGradients();
        new SingleNodeModel("TensorScatter", 24).input("past_cache", randn(35, 2, 1, 4, 3))
                .input("update", randn(36, 2, 1, 2, 3)).constant("write_indices", Tensor.of(new long[] {3, 1}))
                .attr("mode", "circular").assertGradients();
    }

    @Test
    void sequenceStateOpGradients() {
        // gated delta rule with per-key-feature decay, grouped query heads and a carried state
        new SingleNodeModel("LinearAttention", 27).input("query", randn(40, 1, 3, 8)).input("key", randn(41, 1, 3, 4))
                .input("value", randn(42, 1, 3, 6)).input("past_state", randn(43, 1, 2, 2, 3))
                .input("decay", randn(44, 1, 3, 4)).input("beta", randn(45, 1, 3, 2).sigmoid())
                .attr("q_num_heads", 4L).attr("kv_num_heads", 2L).outputs(2).assertGradients();
        new SingleNodeModel("CausalConvWithState", 27).input("input", randn(46, 2, 3, 4))
                .input("weight", randn(47, 3, 1, 3)).input("bias", randn(48, 3)).input("past_state", randn(49, 2, 3, 2))
                .attr("activation", "silu").outputs(2).assertGradients();
    }

    @Test
    void mismatchedShapesAreNamed() {
        SingleNodeModel m = new SingleNodeModel("Attention", 23).input("Q", randn(50, 1, 2, 3, 4))
                .input("K", randn(51, 1, 2, 5, 6)).input("V", randn(52, 1, 2, 5, 3));
        OnnxException e = assertThrows(OnnxException.class, m::runArbor);
        assertTrue(e.getMessage().contains("attention_under_test") && e.getMessage().contains("head size"), e.getMessage());
    }
}
