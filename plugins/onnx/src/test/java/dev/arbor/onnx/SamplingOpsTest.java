package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GridSample, AffineGrid, Col2Im and MaxUnpool beyond the backend suite: every mode, padding mode and
 * alignment of 2-d GridSample and asymmetric Col2Im padding against ONNX Runtime; gradients in the input and
 * the grid (or theta) by Gradcheck in float64.
 */
class SamplingOpsTest {
    private static Tensor uniform(long seed, DType dtype, double lo, double hi, long... shape) {
        return Tensor.rand(new Generator(seed), dtype, shape).mul(hi - lo).add(lo);
    }


    private static SingleNodeModel gridSample(int opset, String mode, String padding, long align, DType dtype, long seed) {
        // grid points reach past the border so the padding modes matter
        return new SingleNodeModel("GridSample", opset).input("X", uniform(seed, dtype, -1, 1, 2, 2, 4, 5))
                .input("Grid", uniform(seed + 1, dtype, -1.4, 1.4, 2, 3, 6, 2)).attr("mode", mode)
                .attr("padding_mode", padding).attr("align_corners", align);
    }

    @Test
    void gridSampleEveryModePaddingAndAlignmentMatchesOnnxRuntime() throws Exception {
        long seed = 1;
        for (String mode : List.of("bilinear", "nearest", "bicubic")) {
            for (String padding : List.of("zeros", "border", "reflection")) {
                for (long align = 0; align <= 1; align++) {
                    SingleNodeModel m = gridSample(16, mode, padding, align, DType.FLOAT32, seed += 2);
                    Tensor expected = m.runOnnxRuntime().getFirst();
                    assertClose(expected, m.runArbor().getFirst(), 1e-4, 1e-5,
                            "GridSample " + mode + " " + padding + " align_corners=" + align);
                }
            }
        }
    }

    @Test
    void gridSampleGradientsReachInputAndGrid() {
        // nearest has no gradient in the grid; linear and cubic do, in both inputs
        for (String mode : List.of("linear", "cubic")) {
            for (String padding : List.of("zeros", "border", "reflection")) {
                new SingleNodeModel("GridSample", 20).input("X", uniform(7, DType.FLOAT64, -1, 1, 1, 2, 3, 4))
                        // away from pixel centres and borders, where the interpolation has kinks
                        .input("Grid", uniform(8, DType.FLOAT64, -0.8, 0.8, 1, 2, 3, 2)).attr("mode", mode)
                        .attr("padding_mode", padding).assertGradients();
            }
        }
        new SingleNodeModel("GridSample", 20).input("X", uniform(9, DType.FLOAT64, -1, 1, 1, 1, 2, 3, 3))
                .input("Grid", uniform(10, DType.FLOAT64, -0.8, 0.8, 1, 2, 2, 2, 3)).attr("mode", "linear").assertGradients();
    }

    @Test
    void affineGridMatchesOnnxRuntimeAndDifferentiatesInTheta() throws Exception {
        for (long align = 0; align <= 1; align++) {
            SingleNodeModel m = new SingleNodeModel("AffineGrid", 20)
                    .input("theta", uniform(20 + align, DType.FLOAT32, -1, 1, 2, 2, 3))
                    .constant("size", Tensor.of(new long[] {2, 3, 4, 5})).attr("align_corners", align);
            assertClose(m.runOnnxRuntime().getFirst(), m.runArbor().getFirst(), 1e-5, 1e-6,
                    "AffineGrid align_corners=" + align);
        }
        new SingleNodeModel("AffineGrid", 20).input("theta", uniform(22, DType.FLOAT64, -1, 1, 1, 3, 4))
                .constant("size", Tensor.of(new long[] {1, 1, 2, 3, 2})).assertGradients();
    }

    @Test
    void col2imWithAsymmetricPaddingMatchesOnnxRuntime() throws Exception {
        SingleNodeModel m = new SingleNodeModel("Col2Im", 18).input("input", uniform(30, DType.FLOAT32, -1, 1, 2, 4, 9))
                .constant("image_shape", Tensor.of(new long[] {5, 5})).constant("block_shape", Tensor.of(new long[] {2, 2}))
                .attr("pads", 0L, 1L, 1L, 0L).attr("strides", 2L, 2L);
        assertClose(m.runOnnxRuntime().getFirst(), m.runArbor().getFirst(), 1e-5, 1e-6, "Col2Im asymmetric pads");
        new SingleNodeModel("Col2Im", 18).input("input", uniform(31, DType.FLOAT64, -1, 1, 1, 4, 9))
                .constant("image_shape", Tensor.of(new long[] {5, 5})).constant("block_shape", Tensor.of(new long[] {2, 2}))
                .attr("pads", 0L, 1L, 1L, 0L).attr("strides", 2L, 2L).assertGradients();
    }

    @Test
    void maxUnpoolOfMultiChannelBatchesMatchesOnnxRuntime() throws Exception {
        // MaxPool's indices count over batch and channel; each plane here has its maxima at distinct spots
        Tensor indices = Tensor.of(new long[] {0, 3, 9, 10, 17, 22, 24, 31, 33, 38, 44, 47, 48, 53, 58, 62}, 2, 2, 2, 2);
        SingleNodeModel m = new SingleNodeModel("MaxUnpool", 11).input("x", uniform(40, DType.FLOAT32, -1, 1, 2, 2, 2, 2))
                .constant("indices", indices).attr("kernel_shape", 2L, 2L).attr("strides", 2L, 2L);
        assertClose(m.runOnnxRuntime().getFirst(), m.runArbor().getFirst(), 0, 0, "MaxUnpool");
        new SingleNodeModel("MaxUnpool", 11).input("x", uniform(41, DType.FLOAT64, -1, 1, 2, 2, 2, 2))
                .constant("indices", indices).attr("kernel_shape", 2L, 2L).attr("strides", 2L, 2L).assertGradients();
    }
}
