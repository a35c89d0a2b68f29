package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResamplingTest {
    private static long[] l(long... v) {
        return v;
    }

    private static double[] d(double... v) {
        return v;
    }

    private static void fixture(String name, DType dtype, Function<Tensor, Tensor> op) {
        boolean f64 = dtype == DType.FLOAT64;
        ConvFixture.load(name).check(dtype, f64 ? 1e-10 : 1e-5, f64 ? 1e-12 : 1e-6,
                in -> new Tensor[] {op.apply(in.get("x"))});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void interpolationMatchesPyTorch(DType dtype) {
        fixture("interp_nearest_1d_scale", dtype, x -> Resampling.interpolate(x, null, d(2.5), "nearest", null, false));
        fixture("interp_nearest_2d_size", dtype, x -> Resampling.interpolate(x, l(5, 7), null, "nearest", null, false));
        fixture("interp_nearest_3d_scale", dtype, x -> Resampling.interpolate(x, null, d(2, 1.5, 0.5), "nearest", null,
                false));
        fixture("interp_nearest_exact_2d", dtype, x -> Resampling.interpolate(x, l(5, 7), null, "nearest-exact", null,
                false));
        fixture("interp_linear_1d", dtype, x -> Resampling.interpolate(x, l(7), null, "linear", null, false));
        fixture("interp_linear_1d_align", dtype, x -> Resampling.interpolate(x, l(7), null, "linear", true, false));
        fixture("interp_linear_1d_scale", dtype, x -> Resampling.interpolate(x, null, d(1.7), "linear", false, false));
        fixture("interp_bilinear_2d", dtype, x -> Resampling.interpolate(x, l(5, 7), null, "bilinear", false, false));
        fixture("interp_bilinear_2d_align", dtype, x -> Resampling.interpolate(x, l(5, 7), null, "bilinear", true, false));
        fixture("interp_bilinear_2d_down", dtype, x -> Resampling.interpolate(x, null, d(0.6, 1.5), "bilinear", null,
                false));
        fixture("interp_bicubic_2d", dtype, x -> Resampling.interpolate(x, l(6, 5), null, "bicubic", null, false));
        fixture("interp_bicubic_2d_align", dtype, x -> Resampling.interpolate(x, l(6, 5), null, "bicubic", true, false));
        fixture("interp_trilinear_3d", dtype, x -> Resampling.interpolate(x, l(3, 4, 5), null, "trilinear", null, false));
        fixture("interp_area_2d", dtype, x -> Resampling.interpolate(x, l(3, 4), null, "area", null, false));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void pixelShuffleMatchesPyTorch(DType dtype) {
        ConvFixture.load("pixel_shuffle").check(dtype, 0, 0, in -> new Tensor[] {Resampling.pixelShuffle(in.get("x"), 2)});
        ConvFixture.load("pixel_unshuffle").check(dtype, 0, 0,
                in -> new Tensor[] {Resampling.pixelUnshuffle(in.get("x"), 2)});
    }

    @Test
    void gradcheckInterpolation() {
        Tensor x = Tensor.randn(new Generator(5), DType.FLOAT64, 1, 1, 3, 4).requiresGrad_(true);
        for (String mode : new String[] {"nearest", "nearest-exact", "area"}) {
            Gradcheck.check(a -> Resampling.interpolate(a.get(0), l(4, 3), null, mode, null, false), x);
        }
        for (String mode : new String[] {"bilinear", "bicubic"}) {
            Gradcheck.check(a -> Resampling.interpolate(a.get(0), l(4, 3), null, mode, false, false), x);
            Gradcheck.check(a -> Resampling.interpolate(a.get(0), null, d(1.5, 0.8), mode, true, false), x);
        }
        Gradcheck.check(a -> Resampling.interpolate(a.get(0).view(1, 3, 4), l(6), null, "linear", null, false), x);
        Gradcheck.check(a -> Resampling.interpolate(a.get(0).view(1, 1, 1, 3, 4), l(2, 2, 5), null, "trilinear", null,
                false), x);
        Gradcheck.check(a -> Resampling.pixelShuffle(a.get(0).view(1, 4, 1, 3), 2), x);
        Gradcheck.check(a -> Resampling.pixelUnshuffle(a.get(0).view(1, 1, 2, 6), 2), x);
    }

    @Test
    void reducedPrecisionAndIntegers() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3}, 1, 1, 2, 2).to(DType.FLOAT16);
        Tensor y = Resampling.interpolate(x, l(3, 3), null, "bilinear", true, false);
        assertEquals(DType.FLOAT16, y.dtype());
        assertArrayEquals(new float[] {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3}, y.toFloatArray());
        Tensor ints = Tensor.of(new long[] {1, 2}, 1, 1, 2);
        assertArrayEquals(new long[] {1, 1, 2, 2}, Resampling.interpolate(ints, null, d(2), "nearest", null, false)
                .toLongArray());
    }

    private static void fails(String expected, Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badArguments() {
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        fails("only one of size or scale_factor should be defined",
                () -> Resampling.interpolate(x, l(2), d(2), "nearest", null, false));
        fails("either size or scale_factor should be defined",
                () -> Resampling.interpolate(x, null, null, "nearest", null, false));
        fails("Got 4D input, but linear mode needs 3D input",
                () -> Resampling.interpolate(x, l(2), null, "linear", null, false));
        fails("Got 3D input, but bilinear mode needs 4D input",
                () -> Resampling.interpolate(Tensor.zeros(1, 1, 4), l(2), null, "bilinear", null, false));
        fails("Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D)",
                () -> Resampling.interpolate(Tensor.zeros(1, 4), l(2), null, "nearest", null, false));
        fails("(got cubic)", () -> Resampling.interpolate(x, l(2), null, "cubic", null, false));
        fails("align_corners option can only be set with the interpolating modes",
                () -> Resampling.interpolate(x, l(2), null, "nearest", true, false));
        fails("Input and output must have the same number of spatial dimensions",
                () -> Resampling.interpolate(x, l(2, 2, 2), null, "nearest", null, false));
        fails("Input and scale_factor must have the same number of spatial dimensions",
                () -> Resampling.interpolate(x, null, d(2, 2, 2), "nearest", null, false));
        fails("Input and output sizes should be greater than 0",
                () -> Resampling.interpolate(x, null, d(0.1), "nearest", null, false));
        fails("\"upsample_bilinear\" not implemented for 'Long'",
                () -> Resampling.interpolate(x.to(DType.INT64), l(2), null, "bilinear", null, false));
        fails("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, "
                + "but input.size(-3)=5 is not divisible by 4", () -> Resampling.pixelShuffle(Tensor.zeros(1, 5, 3, 3), 2));
        fails("pixel_shuffle expects input to have at least 3 dimensions", () -> Resampling.pixelShuffle(x.view(4, 4), 2));
        fails("pixel_shuffle expects a positive upscale_factor, but got 0", () -> Resampling.pixelShuffle(x, 0));
        fails("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=3 is not divisible "
                + "by 2", () -> Resampling.pixelUnshuffle(Tensor.zeros(1, 1, 4, 3), 2));
        fails("pixel_unshuffle expects height to be divisible by downscale_factor",
                () -> Resampling.pixelUnshuffle(Tensor.zeros(1, 1, 3, 4), 2));
    }
}
