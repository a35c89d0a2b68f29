package dev.arbor.nn.functional;

import static dev.arbor.nn.functional.TorchFixture.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    @Test
    void embeddingWithPaddingAndFrequencyScaling() {
        check("embedding_padding", t -> F.embedding(t.get("idx"), t.get("w"), 2L), "w");
        check("embedding_freq", t -> F.embedding(t.get("idx"), t.get("w"), null, null, 2, true), "w");
    }

    @Test
    void maxNormRenormalizesLookedUpRowsInPlace() {
        TorchFixture f = TorchFixture.load("embedding_max_norm");
        Tensor w = f.get("w").clone();
        int version = w.version();
        Tensor out;
        try (var scope = GradMode.noGrad()) {
            out = F.embedding(f.get("idx"), w, null, 1.5, 2, false);
        }
        f.assertOut(out);
        f.assertMatches("w_out", w, TorchFixture.RTOL, TorchFixture.ATOL);
        assertTrue(w.version() > version, "the in-place change bumps the version");
    }

    @Test
    void embeddingBagModesMatchPyTorch() {
        check("embedding_bag_sum", t -> F.embeddingBag(t.get("idx"), t.get("w"), t.get("off"), null, 2, false, "sum",
                t.get("psw"), false, null), "w", "psw");
        check("embedding_bag_mean_2d", t -> F.embeddingBag(t.get("idx"), t.get("w"), null, null, 2, false, "mean",
                null, false, 1L), "w");
        check("embedding_bag_max", t -> F.embeddingBag(t.get("idx"), t.get("w"), t.get("off"), null, 2, false, "max",
                null, true, null), "w");
    }

    @Test
    void includeLastOffsetEndsTheLastBagAtTheLastOffset() {
        check("embedding_bag_sum_last_offset", t -> F.embeddingBag(t.get("idx"), t.get("w"), t.get("off"), null, 2,
                false, "sum", t.get("psw"), true, null), "w", "psw");
        // a 2-d input's offsets are its row starts, so the last row is in no bag (forward only: PyTorch 1.13's
        // gradient there is uninitialised memory; the gradcheck below covers Arbor's)
        check("embedding_bag_sum_2d_last_offset", t -> F.embeddingBag(t.get("idx"), t.get("w"), null, null, 2, false,
                "sum", null, true, null));
        // the brief's case: 6 indices, offsets [0, 2, 4]: 2 bags, the second is positions 2..3 only.
        // torch.nn.functional.embedding_bag(torch.tensor([1, 2, 3, 4, 5, 6]), torch.arange(24.).reshape(8, 3),
        //     torch.tensor([0, 2, 4]), mode="sum", include_last_offset=True) == [[9, 11, 13], [21, 23, 25]]
        Tensor idx = Tensor.of(new long[] {1, 2, 3, 4, 5, 6});
        Tensor w = Tensor.arange(24).to(DType.FLOAT32).reshape(8, 3);
        Tensor sum = F.embeddingBag(idx, w, Tensor.of(new long[] {0, 2, 4}), null, 2, false, "sum", null, true, null);
        assertArrayEquals(new float[] {9, 11, 13, 21, 23, 25}, sum.toFloatArray());
        // mean and max over the same bags: rows 3 and 4 only. PyTorch 1.13's CPU kernel gets these wrong when
        // offsets[-1] < the input's length (mean divides by 6 - 2 = 4, giving [5.25, 5.75, 6.25]; max reads past
        // its buffer), so they follow its result where offsets[-1] is the input's length:
        // embedding_bag(..., torch.tensor([0, 2, 4, 4]), mode="mean", include_last_offset=True)[1] == [10.5, 11.5, 12.5]
        Tensor mean = F.embeddingBag(idx, w, Tensor.of(new long[] {0, 2, 4}), null, 2, false, "mean", null, true,
                null);
        assertArrayEquals(new float[] {4.5f, 5.5f, 6.5f, 10.5f, 11.5f, 12.5f}, mean.toFloatArray());
        Tensor max = F.embeddingBag(idx, w, Tensor.of(new long[] {0, 2, 4}), null, 2, false, "max", null, true, null);
        assertArrayEquals(new float[] {6, 7, 8, 12, 13, 14}, max.toFloatArray());
        // embedding_bag(..., torch.tensor([0]), mode="sum", include_last_offset=True).shape == (0, 3)
        assertArrayEquals(new long[] {0, 3},
                F.embeddingBag(idx, w, Tensor.of(new long[] {0}), null, 2, false, "sum", null, true, null).shape());
        assertEquals("include_last_offset: number of offset should be at least 1",
                assertThrows(IllegalArgumentException.class, () -> F.embeddingBag(idx, w, Tensor.zeros(DType.INT64, 0),
                        null, 2, false, "sum", null, true, null)).getMessage());
    }

    @Test
    void gradcheck() {
        Generator gen = new Generator(5);
        Tensor w = Tensor.randn(gen, DType.FLOAT64, 5, 3).requiresGrad_(true);
        Tensor idx = Tensor.of(new long[] {0, 3, 3, 1, 4, 2}, 2, 3);
        // padding_idx and scale_grad_by_freq change the gradient on purpose; the fixtures check them
        Gradcheck.check(in -> F.embedding(idx, in.get(0)), w);
        Tensor flat = idx.reshape(-1);
        Tensor offsets = Tensor.of(new long[] {0, 1, 1, 4});
        Tensor psw = Tensor.randn(gen, DType.FLOAT64, 6).requiresGrad_(true);
        Gradcheck.check(in -> F.embeddingBag(flat, in.get(0), offsets, null, 2, false, "sum", in.get(1), false, null),
                w, psw);
        for (String mode : new String[] {"mean", "max"}) {
            Gradcheck.check(in -> F.embeddingBag(flat, in.get(0), offsets, null, 2, false, mode, null, false, 3L), w);
            Gradcheck.check(in -> F.embeddingBag(flat, in.get(0), offsets, null, 2, false, mode, null, true, null), w);
        }
        Gradcheck.check(in -> F.embeddingBag(idx, in.get(0), null, null, 2, false, "sum", null, true, null), w);
    }

    @Test
    void oneHot() {
        Tensor t = Tensor.of(new long[] {2, 0, 1, 2}, 2, 2);
        Tensor h = F.oneHot(t);
        assertArrayEquals(new long[] {2, 2, 3}, h.shape());
        assertEquals(DType.INT64, h.dtype());
        assertArrayEquals(new long[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, h.toLongArray());
        assertArrayEquals(new long[] {0, 3}, F.oneHot(Tensor.zeros(DType.INT64, 0), 3).shape());
        assertArrayEquals(new long[] {0, 0, 1, 0}, F.oneHot(Tensor.scalar(2, DType.INT64), 4).toLongArray());
    }

    @Test
    void badArgumentsHavePyTorchsMessages() {
        Tensor w = Tensor.zeros(5, 3);
        var dtype = assertThrows(IllegalArgumentException.class, () -> F.embedding(Tensor.zeros(2), w));
        assertTrue(dtype.getMessage().startsWith("Expected tensor for argument #1 'indices' to have one of the "
                + "following scalar types: Long, Int; but got float32 instead"), dtype.getMessage());
        var range = assertThrows(IndexOutOfBoundsException.class, () -> F.embedding(Tensor.of(new long[] {1, 7}), w));
        assertTrue(range.getMessage().startsWith("index out of range in self"), range.getMessage());
        assertEquals("Padding_idx must be within num_embeddings", assertThrows(IllegalArgumentException.class,
                () -> F.embedding(Tensor.of(new long[] {1}), w, 5L)).getMessage());
        Tensor flat = Tensor.of(new long[] {1, 2, 3});
        assertEquals("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. "
                + "However, got 1", assertThrows(IllegalArgumentException.class,
                        () -> F.embeddingBag(flat, w, Tensor.of(new long[] {1, 2}), "sum")).getMessage());
        assertEquals("mode has to be one of sum, mean or max", assertThrows(IllegalArgumentException.class,
                () -> F.embeddingBag(flat, w, Tensor.of(new long[] {0}), "median")).getMessage());
        assertTrue(assertThrows(UnsupportedOperationException.class, () -> F.embeddingBag(flat, w,
                Tensor.of(new long[] {0}), null, 2, false, "mean", Tensor.ones(3), false, null)).getMessage()
                .startsWith("embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for "
                        + "mode='sum' (got mode='mean')"));
        assertEquals("one_hot is only applicable to index tensor.", assertThrows(IllegalArgumentException.class,
                () -> F.oneHot(Tensor.zeros(2))).getMessage());
        assertEquals("Class values must be non-negative.", assertThrows(IllegalArgumentException.class,
                () -> F.oneHot(Tensor.of(new long[] {1, -2}))).getMessage());
        assertEquals("Class values must be smaller than num_classes.", assertThrows(IllegalArgumentException.class,
                () -> F.oneHot(Tensor.of(new long[] {1, 2}), 2)).getMessage());
    }
}
