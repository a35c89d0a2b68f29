package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.functional.AttentionOutput;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MultiheadAttention and the Transformer layers and stacks against PyTorch (layers/*.npz). */
class AttentionLayersTest {
    /**
     * A case with the tolerance for the gradient of the key projection's bias loosened to atol 1e-5:
     * that third of {@code in_proj_bias}'s gradient is zero in exact arithmetic (softmax does not change
     * when every key's score shifts by the same {@code q . b_k}), so PyTorch's and Arbor's values are
     * both rounding noise of about 1e-6.
     */
    private static LayerFixture fixture(String name) {
        return LayerFixture.of(name).tolerance("in_proj_bias", 1e-5, 1e-5);
    }

    private static void verify(LayerFixture f, Module m, AttentionOutput r) {
        f.verify(m, r.weights() == null ? Map.of("out.0", r.output()) : Map.of("out.0", r.output(), "out.1", r.weights()));
    }

    @Test
    void selfAttention() {
        LayerFixture f = fixture("mha_self");
        MultiheadAttention mha = f.load(new MultiheadAttention(8, 2));
        Tensor q = f.leaf("q");
        verify(f, mha, mha.call(q, q, q));
    }

    @Test
    void crossAttentionWithOtherKeyAndValueSizesAndMasks() {
        LayerFixture f = fixture("mha_cross_kdim_vdim");
        MultiheadAttention mha = f.load(MultiheadAttention.options(8, 2).kdim(6L).vdim(4L).build());
        verify(f, mha, mha.call(f.leaf("q"), f.leaf("k"), f.leaf("v"), f.input("kpm"), true, f.input("mask"), true));
    }

    @Test
    void batchFirstWithBiasKvAndZeroAttentionPerHeadWeights() {
        LayerFixture f = fixture("mha_batch_first_bias_kv_zero_attn");
        MultiheadAttention mha = f.load(MultiheadAttention.options(6, 3).addBiasKv(true).addZeroAttn(true)
                .batchFirst(true).build());
        verify(f, mha, mha.call(f.leaf("q"), f.leaf("k"), f.leaf("v"), null, true, f.input("mask"), false));
    }

    @Test
    void unbatchedAndWithoutWeights() {
        LayerFixture f = fixture("mha_unbatched");
        MultiheadAttention mha = f.load(new MultiheadAttention(8, 4));
        verify(f, mha, mha.call(f.leaf("q"), f.leaf("k"), f.leaf("v")));

        LayerFixture g = fixture("mha_no_bias_no_weights");
        MultiheadAttention plain = g.load(MultiheadAttention.options(4, 1).bias(false).build());
        Tensor kv = g.leaf("kv");
        AttentionOutput r = plain.call(g.leaf("q"), kv, kv, null, false);
        assertNull(r.weights());
        verify(g, plain, r);
    }

    @Test
    void attentionErrorsAreIdenticalToPyTorchs() {
        MultiheadAttention mha = new MultiheadAttention(8, 2);
        assertEquals("embed_dim must be divisible by num_heads",
                assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(8, 3)).getMessage());
        Tensor x = Tensor.zeros(5, 2, 8);
        assertEquals("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D tensors "
                + "respectively", assertThrows(IllegalArgumentException.class,
                        () -> mha.call(x, Tensor.zeros(5, 8), x)).getMessage());
        assertEquals("The shape of the 2D attn_mask is torch.Size([5, 4]), but should be (5, 5).",
                assertThrows(IllegalArgumentException.class,
                        () -> mha.call(x, x, x, null, true, Tensor.zeros(5, 4), true)).getMessage());
        assertEquals("was expecting embedding dimension of 8, but got 6", assertThrows(IllegalArgumentException.class,
                () -> mha.call(Tensor.zeros(5, 2, 6), x, x)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> mha.call(x, x));
    }

    @Test
    void attentionGradcheckInFloat64() {
        MultiheadAttention mha = MultiheadAttention.options(4, 2).addBiasKv(true).dtype(DType.FLOAT64).build();
        Generator gen = new Generator(3);
        Tensor q = Tensor.randn(gen, DType.FLOAT64, 3, 1, 4).requiresGrad_(true);
        Tensor kv = Tensor.randn(gen, DType.FLOAT64, 2, 1, 4).requiresGrad_(true);
        Gradcheck.check(in -> mha.<AttentionOutput>call(in.get(0), in.get(1), in.get(1)).output(), q, kv);
        Gradcheck.check(in -> mha.<AttentionOutput>call(q, kv, kv).weights(), mha.parameters().toArray(new Tensor[0]));
    }

    @Test
    void encoderLayers() {
        LayerFixture f = fixture("encoder_layer");
        TransformerEncoderLayer layer = f.load(new TransformerEncoderLayer(8, 2, 16, 0.0));
        f.verify(layer, layer.<Tensor>call(f.leaf("src"), null, f.input("kpm")));

        LayerFixture g = fixture("encoder_layer_norm_first_gelu");
        TransformerEncoderLayer pre = g.load(TransformerEncoderLayer.options(8, 2).dimFeedforward(12).dropout(0)
                .activation("gelu").batchFirst(true).normFirst(true).build());
        g.verify(pre, pre.<Tensor>call(g.leaf("src"), g.input("mask")));
    }

    @Test
    void encoderStack() {
        LayerFixture f = fixture("encoder");
        TransformerEncoder encoder = f.load(new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, 0.0), 2,
                new LayerNorm(8)));
        f.verify(encoder, encoder.<Tensor>call(f.leaf("src"), f.input("mask")));
    }

    @Test
    void decoderLayersAndStack() {
        LayerFixture f = fixture("decoder_layer");
        TransformerDecoderLayer layer = f.load(new TransformerDecoderLayer(8, 2, 16, 0.0));
        f.verify(layer, layer.<Tensor>call(f.leaf("tgt"), f.leaf("memory"), f.input("tgt_mask"), null, null,
                f.input("mkpm")));

        // tgt's gradient adds up the residual, both attentions and the feed-forward path, with cancellation:
        // which GEMM kernel sums a product (and in what order) moves it by ~1e-4 relative in float32
        LayerFixture g = fixture("decoder_layer_norm_first").tolerance("grad.in.tgt", 1e-4, 1e-6);
        TransformerDecoderLayer pre = g.load(TransformerDecoderLayer.options(8, 2).dimFeedforward(16).dropout(0)
                .batchFirst(true).normFirst(true).activation("gelu").build());
        g.verify(pre, pre.<Tensor>call(g.leaf("tgt"), g.leaf("memory")));

        LayerFixture h = fixture("decoder");
        TransformerDecoder decoder = h.load(new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, 0.0), 2,
                new LayerNorm(8)));
        h.verify(decoder, decoder.<Tensor>call(h.leaf("tgt"), h.leaf("memory"), h.input("tgt_mask")));
    }

    @Test
    void stacksHoldDeepCopiesOfTheLayer() {
        TransformerEncoderLayer proto = TransformerEncoderLayer.options(4, 2).dimFeedforward(8)
                .activationModule(GELU::new).build();
        proto.doubleType();
        proto.getParameter("linear1.bias").requiresGrad_(false);
        proto.eval();
        TransformerEncoder stack = new TransformerEncoder(proto, 2);
        Module first = stack.getSubmodule("layers.0");
        Module second = stack.getSubmodule("layers.1");
        assertNotSame(first, proto);
        assertNotSame(first.getSubmodule("activation"), second.getSubmodule("activation"));
        assertEquals(List.of("", "layers", "layers.0", "layers.0.self_attn", "layers.0.self_attn.out_proj",
                "layers.0.linear1", "layers.0.dropout", "layers.0.linear2", "layers.0.norm1", "layers.0.norm2",
                "layers.0.dropout1", "layers.0.dropout2", "layers.0.activation"),
                stack.namedModules().keySet().stream().limit(13).toList());
        for (var e : proto.stateDict().entrySet()) {
            Tensor copy = first.stateDict().get(e.getKey());
            Fixtures.assertClose(e.getValue(), copy, 0, 0, e.getKey());
            assertEquals(DType.FLOAT64, copy.dtype());
            assertNotSame(e.getValue().storage(), copy.storage());
        }
        assertTrue(!first.getParameter("linear1.bias").requiresGrad() && first.getParameter("linear1.weight").requiresGrad());
        assertTrue(!first.isTraining() && !first.getSubmodule("dropout").isTraining());
        // changing one layer changes no other
        first.getParameter("linear2.bias").detach().fill_(7);
        assertTrue(second.getParameter("linear2.bias").detach().max().item() != 7);
        assertEquals("activation should be relu/gelu, not tanh", assertThrows(IllegalArgumentException.class,
                () -> TransformerEncoderLayer.options(4, 2).activation("tanh").build()).getMessage());
        assertEquals(Device.CPU, first.getParameter("norm1.weight").device());
    }
}
