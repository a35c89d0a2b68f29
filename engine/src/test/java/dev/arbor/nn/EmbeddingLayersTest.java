package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Embedding and EmbeddingBag against PyTorch (layers/*.npz), and the dropout layers' behaviour. */
class EmbeddingLayersTest {
    @Test
    void embedding() {
        LayerFixture f = LayerFixture.of("embedding");
        Embedding e = f.load(Embedding.options(10, 4).paddingIdx(2L).build());
        f.verify(e, e.call(f.input("x")));
        assertEquals(2L, Embedding.options(10, 4).paddingIdx(-8L).build().paddingIdx());
        assertEquals("Padding_idx must be within num_embeddings",
                assertThrows(IllegalArgumentException.class, () -> Embedding.options(10, 4).paddingIdx(10L).build())
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Embedding.options(10, 4).sparse(true).build());
    }

    @Test
    void maxNormRenormalizesLookedUpRowsInPlace() {
        LayerFixture f = LayerFixture.of("embedding_max_norm");
        Embedding e = f.load(Embedding.options(10, 4).maxNorm(1.0).build());
        f.verify(e, e.call(f.input("x")));
    }

    @Test
    void fromPretrainedSharesTheTensor() {
        LayerFixture f = LayerFixture.of("embedding_pretrained");
        Tensor w = f.stateDict().get("weight").clone();
        Embedding e = Embedding.fromPretrained(w, false, 0L, null, 2, false);
        assertTrue(e.weight().requiresGrad());
        f.verify(e, e.call(f.input("x")));
        assertSame(w.storage(), e.weight().storage());
        assertFalse(Embedding.fromPretrained(w).weight().requiresGrad());
        assertEquals("Embeddings parameter is expected to be 2-dimensional",
                assertThrows(IllegalArgumentException.class, () -> Embedding.fromPretrained(Tensor.zeros(3)))
                        .getMessage());
    }

    @Test
    void embeddingBags() {
        LayerFixture mean = LayerFixture.of("embedding_bag_mean");
        EmbeddingBag bag = mean.load(new EmbeddingBag(10, 3));
        mean.verify(bag, bag.<Tensor>call(mean.input("x"), mean.input("offsets")));

        LayerFixture sum = LayerFixture.of("embedding_bag_sum_weights");
        EmbeddingBag weighted = sum.load(new EmbeddingBag(10, 3, "sum"));
        sum.verify(weighted, weighted.<Tensor>call(sum.input("x"), sum.input("offsets"), sum.leaf("w")));

        LayerFixture max = LayerFixture.of("embedding_bag_max");
        EmbeddingBag maxBag = max.load(EmbeddingBag.options(10, 3).mode("max").paddingIdx(4L).build());
        max.verify(maxBag, maxBag.call(max.input("x")));
        assertEquals("mode has to be one of sum, mean or max", assertThrows(IllegalArgumentException.class,
                () -> new EmbeddingBag(3, 2, "median")).getMessage());
    }

    @Test
    void initialisationZeroesThePaddingRow() {
        Embedding e = Embedding.options(20, 5).paddingIdx(-1L).build();
        assertEquals(0.0, e.weight().detach().select(0, 19).abs().sum().item());
        e.weight().detach().fill_(1);
        e.resetParameters();
        assertEquals(0.0, e.weight().detach().select(0, 19).abs().sum().item());
    }

    @Test
    void dropoutActsOnlyInTraining() {
        Generator.defaultGenerator().manualSeed(21);
        Tensor x = Tensor.ones(200, 50);
        Dropout d = new Dropout(0.3);
        Tensor y = d.call(x);
        double kept = y.ne(0).to(dev.arbor.tensor.DType.FLOAT32).mean().item();
        assertEquals(0.7, kept, 0.02);
        assertEquals(1 / 0.7, y.max().item(), 1e-6);
        d.eval();
        assertSame(x, d.call(x));

        Tensor maps = Tensor.ones(8, 64, 3, 3);
        Tensor z = new Dropout2d(0.5).call(maps);
        // whole channels are dropped: each (sample, channel) map is all zero or all 2
        Tensor perChannel = z.amax(new int[] {2, 3}, false).sub(z.amin(new int[] {2, 3}, false));
        assertEquals(0.0, perChannel.abs().max().item());

        Tensor selu = Tensor.randn(new Generator(5), 400, 100);
        Tensor dropped = new AlphaDropout(0.2).call(selu);
        assertEquals(0.0, dropped.mean().item(), 0.02);
        assertEquals(1.0, dropped.std(new int[0], 1, false).item(), 0.03);
        assertSame(selu, new AlphaDropout(0.2).eval().call(selu));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5)).getMessage());
    }
}
