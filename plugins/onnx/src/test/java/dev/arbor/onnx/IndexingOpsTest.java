package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gather/scatter, Einsum and Det beyond the backend suite: duplicate scatter targets under every reduction,
 * GatherND batches, Einsum equations with ellipses, diagonals and chains, and Unique along an axis, against
 * ONNX Runtime; gradients by Gradcheck in float64; bad indices named.
 */
class IndexingOpsTest {
    private static Tensor randn(long seed, DType dtype, long... shape) {
        return Tensor.randn(new Generator(seed), dtype, shape);
    }



    private static final Tensor ROWS = Tensor.of(new long[] {1, 0, 1, 3, 1}, 5, 1);

    @Test
    void scatterNdWithRepeatedTargetsMatchesOnnxRuntimeUnderEveryReduction() throws Exception {
        for (String reduction : List.of("add", "mul", "max", "min")) {
            SingleNodeModel m = new SingleNodeModel("ScatterND", 18).input("data", randn(1, DType.FLOAT32, 4, 3))
                    .constant("indices", ROWS).input("updates", randn(2, DType.FLOAT32, 5, 3))
                    .attr("reduction", reduction);
            m.assertMatchesOnnxRuntime(1e-5, 1e-6, "ScatterND " + reduction);
        }
    }

    @Test
    void scatterElementsWithNegativeAndRepeatedIndicesMatchesOnnxRuntime() throws Exception {
        Tensor indices = Tensor.of(new long[] {0, -1, 0, 2, 2, -3}, 2, 3);
        for (String reduction : List.of("none", "add", "mul", "max", "min")) {
            SingleNodeModel m = new SingleNodeModel("ScatterElements", 18)
                    .input("data", randn(3, DType.FLOAT32, 2, 4)).constant("indices", indices)
                    .input("updates", randn(4, DType.FLOAT32, 2, 3)).attr("axis", 1L).attr("reduction", reduction);
            if (reduction.equals("none")) {
                // duplicates are undefined without a reduction; use distinct targets per row
                m = new SingleNodeModel("ScatterElements", 18).input("data", randn(3, DType.FLOAT32, 2, 4))
                        .constant("indices", Tensor.of(new long[] {0, -1, 1, 2, -4, 1}, 2, 3))
                        .input("updates", randn(4, DType.FLOAT32, 2, 3)).attr("axis", 1L);
            }
            m.assertMatchesOnnxRuntime(1e-5, 1e-6, "ScatterElements " + reduction);
        }
    }

    @Test
    void gatherNdWithBatchDimensionsMatchesOnnxRuntime() throws Exception {
        Tensor indices = Tensor.of(new long[] {1, 0, 0, 2, -1, 1, 0, 0}, 2, 2, 2);
        SingleNodeModel m = new SingleNodeModel("GatherND", 13).input("data", randn(5, DType.FLOAT32, 2, 3, 3, 2))
                .constant("indices", indices).attr("batch_dims", 1L);
        m.assertMatchesOnnxRuntime(1e-5, 1e-6, "GatherND batch_dims=1");
        SingleNodeModel plain = new SingleNodeModel("GatherND", 13).input("data", randn(6, DType.FLOAT32, 3, 4))
                .constant("indices", Tensor.of(new long[] {2, 1, 0, 3, 1, -1}, 3, 2));
        plain.assertMatchesOnnxRuntime(1e-5, 1e-6, "GatherND");
    }

    @Test
    void einsumEquationsMatchOnnxRuntime() throws Exception {
        assertEinsumMatchesOnnxRuntime(einsum("bij,bjk->bik", new long[] {2, 3, 4}, new long[] {2, 4, 5}), "batched matmul");
        assertEinsumMatchesOnnxRuntime(einsum("...ij,...jk", new long[] {2, 3, 3, 4}, new long[] {2, 3, 4, 2}), "ellipsis");
        assertEinsumMatchesOnnxRuntime(einsum("ij,jk,kl->il", new long[] {2, 3}, new long[] {3, 4}, new long[] {4, 2}), "chain");
        assertEinsumMatchesOnnxRuntime(einsum("i,j->ij", new long[] {3}, new long[] {4}), "outer product");
        assertEinsumMatchesOnnxRuntime(einsum("bhqd,bhkd->bhqk", new long[] {2, 2, 3, 4}, new long[] {2, 2, 5, 4}), "attention scores");
        assertEinsumMatchesOnnxRuntime(einsum("ii->i", new long[] {4, 4}), "diagonal");
        assertEinsumMatchesOnnxRuntime(einsum("ii", new long[] {4, 4}), "trace");
        assertEinsumMatchesOnnxRuntime(einsum("ij,ij->", new long[] {3, 4}, new long[] {3, 4}), "full contraction");
        assertEinsumMatchesOnnxRuntime(einsum("ijk->kji", new long[] {2, 3, 4}), "transpose");
        assertEinsumMatchesOnnxRuntime(einsum("bij,bkj->ik", new long[] {2, 3, 4}, new long[] {2, 5, 4}), "sum over batch");
    }

    /** As {@link SingleNodeModel#assertMatchesOnnxRuntime}, but ONNX Runtime's shape [1] for a scalar result is NumPy's 0-d. */
    private static void assertEinsumMatchesOnnxRuntime(SingleNodeModel m, String what) throws Exception {
        Tensor expected = m.runOnnxRuntime().getFirst();
        Tensor actual = m.runArbor().getFirst();
        if (actual.dim() == 0 && expected.numel() == 1) {
            expected = expected.reshape();
        }
        assertClose(expected, actual, 1e-5, 1e-6, "Einsum " + what);
    }

    private static SingleNodeModel einsum(String equation, long[]... shapes) {
        return einsum(DType.FLOAT32, equation, shapes);
    }

    private static SingleNodeModel einsum(DType dtype, String equation, long[]... shapes) {
        SingleNodeModel m = new SingleNodeModel("Einsum", 12).attr("equation", equation);
        for (int i = 0; i < shapes.length; i++) {
            m.input("x" + i, randn(10 + i, dtype, shapes[i]));
        }
        return m;
    }

    @Test
    void uniqueAlongAnAxisInFirstOccurrenceOrderMatchesOnnxRuntime() throws Exception {
        Tensor x = Tensor.of(new float[] {1, 2, 1, 0, 3, 0, 1, 2, 1, 3, 3, 3}, 4, 3);
        for (long sorted = 0; sorted <= 1; sorted++) {
            SingleNodeModel m = new SingleNodeModel("Unique", 11).input("X", x).attr("axis", 0L)
                    .attr("sorted", sorted).outputs(4);
            m.assertMatchesOnnxRuntime(1e-5, 1e-6, "Unique sorted=" + sorted);
        }
    }

    @Test
    void oneHotReverseSequenceAndCompressMatchOnnxRuntime() throws Exception {
        SingleNodeModel oneHot = new SingleNodeModel("OneHot", 11)
                .constant("indices", Tensor.of(new long[] {0, -1, 7, 2, -4, 3}, 2, 3))
                .constant("depth", Tensor.of(new long[] {4}).reshape()).input("values", Tensor.of(new float[] {-2, 5}))
                .attr("axis", 1L);
        oneHot.assertMatchesOnnxRuntime(1e-5, 1e-6, "OneHot");
        SingleNodeModel reverse = new SingleNodeModel("ReverseSequence", 10).input("x", randn(20, DType.FLOAT32, 3, 4, 2))
                .constant("sequence_lens", Tensor.of(new long[] {4, 1, 3})).attr("batch_axis", 0L).attr("time_axis", 1L);
        reverse.assertMatchesOnnxRuntime(1e-5, 1e-6, "ReverseSequence");
        SingleNodeModel compress = new SingleNodeModel("Compress", 11).input("input", randn(21, DType.FLOAT32, 3, 4))
                .constant("condition", Tensor.of(new boolean[] {true, false, true})).attr("axis", 1L);
        compress.assertMatchesOnnxRuntime(1e-5, 1e-6, "Compress");
    }

    @Test
    void scatterAndGatherGradientsPassGradcheck() {
        for (String reduction : List.of("none", "add", "mul", "max", "min")) {
            long[] rows = reduction.equals("none") ? new long[] {2, 0} : new long[] {1, 0, 1, 3, 1};
            new SingleNodeModel("ScatterND", 18).input("data", randn(30, DType.FLOAT64, 4, 3))
                    .constant("indices", Tensor.of(rows, rows.length, 1))
                    .input("updates", randn(31, DType.FLOAT64, rows.length, 3)).attr("reduction", reduction).assertGradients();
        }
        new SingleNodeModel("GatherND", 13).input("data", randn(32, DType.FLOAT64, 2, 3, 2))
                .constant("indices", Tensor.of(new long[] {1, 0, 2, 1}, 2, 2)).attr("batch_dims", 1L).assertGradients();
    }

    @Test
    void einsumAndDetGradientsPassGradcheck() {
        einsum(DType.FLOAT64, "bii,bij->bj", new long[] {2, 3, 3}, new long[] {2, 3, 2}).assertGradients();
        einsum(DType.FLOAT64, "...ij,...jk", new long[] {2, 1, 2, 3}, new long[] {3, 3, 2}).assertGradients();
        new SingleNodeModel("Det", 11).input("x", randn(40, DType.FLOAT64, 3, 3, 3)).assertGradients();
    }

    @Test
    void detMatchesOnnxRuntimeAndIsZeroForSingularMatrices() throws Exception {
        new SingleNodeModel("Det", 11).input("x", randn(41, DType.FLOAT32, 2, 4, 4)).assertMatchesOnnxRuntime(1e-5, 1e-6, "Det");
        Tensor singular = Tensor.of(new float[] {1, 2, 3, 2, 4, 6, 0, 1, 5}, 3, 3);
        double det = new SingleNodeModel("Det", 11).input("x", singular).runArbor().getFirst().item();
        assertTrue(Math.abs(det) < 1e-6, "det of a singular matrix: " + det);
    }

    /** One index on the host is a view (PyTorch's select); it must still be ONNX's Gather, gradients included. */
    @Test
    void gatherOfOneIndexMatchesOnnxRuntimeAndDifferentiates() throws Exception {
        for (long index : new long[] {-1, 0, 2}) {
            for (long axis : new long[] {0, 1, -1}) {
                new SingleNodeModel("Gather", 13).input("data", randn(60, DType.FLOAT32, 3, 4, 5))
                        .constant("indices", Tensor.scalar(index, DType.INT64)).attr("axis", axis)
                        .assertMatchesOnnxRuntime(0, 0, "Gather index " + index + " axis " + axis);
            }
        }
        new SingleNodeModel("Gather", 13).input("data", randn(61, DType.FLOAT64, 3, 4))
                .constant("indices", Tensor.scalar(-2L, DType.INT64)).attr("axis", 1L).assertGradients();
    }

    @Test
    void outOfRangeIndicesAreNamedNotWrapped() {
        SingleNodeModel gather = new SingleNodeModel("Gather", 13).input("data", randn(62, DType.FLOAT32, 3, 4))
                .constant("indices", Tensor.scalar(-5L, DType.INT64)).attr("axis", 1L);
        OnnxException g = assertThrows(OnnxException.class, gather::runArbor);
        assertTrue(g.getMessage().contains("gather_under_test") && g.getMessage().contains("index -5 is out of bounds"),
                g.getMessage());
        SingleNodeModel m = new SingleNodeModel("ScatterND", 18).input("data", randn(50, DType.FLOAT32, 4, 3))
                .constant("indices", Tensor.of(new long[] {4}, 1, 1)).input("updates", randn(51, DType.FLOAT32, 1, 3));
        OnnxException e = assertThrows(OnnxException.class, m::runArbor);
        assertTrue(e.getMessage().contains("scatternd_under_test") && e.getMessage().contains("index 4"), e.getMessage());
        SingleNodeModel bad = einsum("ij,jk->ik", new long[] {2, 3}, new long[] {4, 2});
        OnnxException e2 = assertThrows(OnnxException.class, bad::runArbor);
        assertTrue(e2.getMessage().contains("einsum_under_test") && e2.getMessage().contains("sizes 3 and 4"),
                e2.getMessage());
    }
}
