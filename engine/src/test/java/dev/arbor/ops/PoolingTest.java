package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PoolingTest {
    private static long[] l(long... v) {
        return v;
    }

    private static void fixture(String name, DType dtype, Function<Map<String, Tensor>, Tensor[]> op) {
        boolean f64 = dtype == DType.FLOAT64;
        ConvFixture.load(name).check(dtype, f64 ? 1e-10 : 1e-5, f64 ? 1e-12 : 1e-6, op);
    }

    private static Tensor[] pair(Tensor.ValuesIndices vi) {
        return new Tensor[] {vi.values(), vi.indices()};
    }

    private static Tensor[] one(Tensor t) {
        return new Tensor[] {t};
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void maxPoolingMatchesPyTorch(DType dtype) {
        fixture("max_pool1d_pad", dtype, in -> pair(Pooling.maxPoolWithIndices(1, in.get("x"), l(3), l(2), l(1), l(1),
                false)));
        fixture("max_pool2d_ceil_dilation", dtype, in -> pair(Pooling.maxPoolWithIndices(2, in.get("x"), l(3, 2),
                l(2, 1), l(1, 1), l(2, 1), true)));
        fixture("max_pool2d_default_stride", dtype, in -> pair(Pooling.maxPoolWithIndices(2, in.get("x"), l(2), null,
                l(0), l(1), false)));
        fixture("max_pool3d_ceil", dtype, in -> pair(Pooling.maxPoolWithIndices(3, in.get("x"), l(2), l(2), l(0), l(1),
                true)));
    }

    /** Without gradients max pooling skips the positions (a branch-free kernel for float32 2-d windows). */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void maxPoolingWithoutGradientsMatchesPyTorch(DType dtype) {
        Map<String, Function<Tensor, Tensor>> cases = Map.of(
                "max_pool1d_pad", x -> Pooling.maxPool(1, x, l(3), l(2), l(1), l(1), false),
                "max_pool2d_ceil_dilation", x -> Pooling.maxPool(2, x, l(3, 2), l(2, 1), l(1, 1), l(2, 1), true),
                "max_pool2d_default_stride", x -> Pooling.maxPool(2, x, l(2), null, l(0), l(1), false),
                "max_pool3d_ceil", x -> Pooling.maxPool(3, x, l(2), l(2), l(0), l(1), true));
        cases.forEach((name, op) -> {
            ConvFixture f = ConvFixture.load(name);
            try (var noGrad = GradMode.noGrad()) {
                Tensor out = op.apply(f.get("x").to(dtype));
                assertEquals(dtype, out.dtype());
                ConvFixture.assertClose(name + " without gradients", f.get("out"), out, 1e-6, 1e-7);
            }
        });
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 3, 4, -1, -2, -3, Float.NEGATIVE_INFINITY}, 1, 1, 2, 4);
        try (var noGrad = GradMode.noGrad()) {
            Tensor out = Pooling.maxPool(2, x, l(2), null, l(0), l(1), false);
            assertTrue(Double.isNaN(out.toDoubleArray()[0]), "NaN wins");
            assertEquals(4.0, out.toDoubleArray()[1]);
        }
    }

    /**
     * float32 windows two columns wide with stride 2 and no padding take the CPU's vector kernel; float64
     * the general loop. They agree on odd sizes, rows longer than a vector, row strides and dilations.
     */
    @Test
    void pairPoolingAgreesWithTheGeneralLoop() {
        Generator g = new Generator(3);
        long[][] cases = {
            // N, C, H, W, kh, sh, dh
            {2, 3, 28, 28, 2, 2, 1}, {1, 2, 7, 9, 2, 2, 1}, {2, 3, 9, 40, 3, 2, 2}, {1, 1, 5, 33, 1, 1, 1},
            {3, 2, 4, 100, 2, 2, 1}, {1, 1, 6, 2, 2, 2, 1}};
        for (long[] c : cases) {
            Tensor x = Tensor.randn(g, c[0], c[1], c[2], c[3]);
            try (var noGrad = GradMode.noGrad()) {
                Tensor expected = Pooling.maxPool(2, x.to(DType.FLOAT64), l(c[4], 2), l(c[5], 2), l(0), l(c[6], 1), false);
                Tensor actual = Pooling.maxPool(2, x, l(c[4], 2), l(c[5], 2), l(0), l(c[6], 1), false);
                ConvFixture.assertClose("max_pool2d " + java.util.Arrays.toString(c), expected, actual, 0, 0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void averagePoolingMatchesPyTorch(DType dtype) {
        fixture("avg_pool1d_exclude_pad", dtype, in -> one(Pooling.avgPool(1, in.get("x"), l(3), l(2), l(1), true, false,
                null)));
        fixture("avg_pool2d_ceil_include_pad", dtype, in -> one(Pooling.avgPool(2, in.get("x"), l(3), l(2), l(1), true,
                true, null)));
        fixture("avg_pool2d_divisor", dtype, in -> one(Pooling.avgPool(2, in.get("x"), l(2, 3), l(1, 2), l(1, 1), false,
                true, 5L)));
        fixture("avg_pool3d_exclude_pad", dtype, in -> one(Pooling.avgPool(3, in.get("x"), l(2, 3, 2), l(1, 2, 2),
                l(1, 1, 0), true, false, null)));
        fixture("lp_pool2d", dtype, in -> one(Pooling.lpPool(2, in.get("x"), 2.0, l(2, 3), l(2, 1), false)));
        fixture("lp_pool1d", dtype, in -> one(Pooling.lpPool(1, in.get("x"), 3.0, l(3), l(2), true)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void adaptivePoolingMatchesPyTorch(DType dtype) {
        fixture("adaptive_avg_pool1d", dtype, in -> one(Pooling.adaptiveAvgPool(1, in.get("x"), l(4))));
        fixture("adaptive_avg_pool2d", dtype, in -> one(Pooling.adaptiveAvgPool(2, in.get("x"), l(3, 4))));
        fixture("adaptive_avg_pool3d", dtype, in -> one(Pooling.adaptiveAvgPool(3, in.get("x"), l(2, 3, 4))));
        fixture("adaptive_max_pool1d", dtype, in -> pair(Pooling.adaptiveMaxPoolWithIndices(1, in.get("x"), l(4))));
        fixture("adaptive_max_pool2d", dtype, in -> pair(Pooling.adaptiveMaxPoolWithIndices(2, in.get("x"), l(3, 4))));
        fixture("adaptive_max_pool3d", dtype, in -> pair(Pooling.adaptiveMaxPoolWithIndices(3, in.get("x"),
                l(2, 3, 4))));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void maxUnpoolingMatchesPyTorch(DType dtype) {
        fixture("max_unpool2d", dtype, in -> one(Pooling.maxUnpool(2, in.get("x"), in.get("idx"), l(2), l(2), l(0),
                l(6, 5))));
    }

    @Test
    void unbatchedAndReducedPrecision() {
        ConvFixture f = ConvFixture.load("max_pool2d_default_stride");
        Tensor x = f.get("x").select(0, 0).to(DType.BFLOAT16);
        Tensor.ValuesIndices vi = Pooling.maxPoolWithIndices(2, x, l(2), null, l(0), l(1), false);
        assertEquals(DType.BFLOAT16, vi.values().dtype());
        // max pooling selects, so the only difference is bfloat16's rounding of the input
        ConvFixture.assertClose("values", f.get("out").select(0, 0).to(DType.BFLOAT16), vi.values(), 0, 0);
        assertArrayEquals(f.get("indices").select(0, 0).toLongArray(), vi.indices().toLongArray());

        Tensor ints = Tensor.of(new long[] {1, 2, 4, 7, -3, -4}, 1, 6);
        assertArrayEquals(new long[] {1, 5, -3}, Pooling.avgPool(1, ints, l(2), null, l(0), false, true, null)
                .toLongArray());
    }

    @Test
    void gradcheckPooling() {
        Generator gen = new Generator(11);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 1, 2, 5, 4).requiresGrad_(true);
        Gradcheck.check(a -> Pooling.maxPool(2, a.get(0), l(2, 3), l(2, 1), l(1, 1), l(1, 1), true), x);
        Gradcheck.check(a -> Pooling.maxPool(1, a.get(0).view(2, 5, 4), l(2), l(1), l(1), l(2), false), x);
        Gradcheck.check(a -> Pooling.avgPool(2, a.get(0), l(3, 2), l(2, 1), l(1, 1), true, false, null), x);
        Gradcheck.check(a -> Pooling.avgPool(2, a.get(0), l(3, 2), l(2, 1), l(1, 0), true, true, 4L), x);
        Gradcheck.check(a -> Pooling.adaptiveAvgPool(2, a.get(0), l(3, 3)), x);
        Gradcheck.check(a -> Pooling.adaptiveMaxPool(2, a.get(0), l(3, 3)), x);
        Tensor positive = Tensor.rand(gen, DType.FLOAT64, 1, 2, 4, 4).add(0.5).requiresGrad_(true);
        Gradcheck.check(a -> Pooling.lpPool(2, a.get(0), 2.5, l(2), null, false), positive);
        Tensor x3 = Tensor.randn(gen, DType.FLOAT64, 1, 1, 3, 4, 3).requiresGrad_(true);
        Gradcheck.check(a -> Pooling.maxPool(3, a.get(0), l(2), l(1), l(1), l(1), false), x3);
        Gradcheck.check(a -> Pooling.avgPool(3, a.get(0), l(2), l(2), l(1), true, true, null), x3);
        Gradcheck.check(a -> Pooling.adaptiveAvgPool(3, a.get(0), l(2, 3, 2)), x3);
        Tensor.ValuesIndices vi = Pooling.maxPoolWithIndices(2, x.detach(), l(2), null, l(0), l(1), false);
        Tensor v = vi.values().clone().requiresGrad_(true);
        Gradcheck.check(a -> Pooling.maxUnpool(2, a.get(0), vi.indices(), l(2), null, l(0), null), v);
    }

    @Test
    void averagePoolingIsTwiceDifferentiable() {
        Tensor g = Tensor.randn(new Generator(12), DType.FLOAT64, 1, 1, 3, 2).requiresGrad_(true);
        Tensor x = Tensor.zeros(DType.FLOAT64, 1, 1, 5, 4).requiresGrad_(true);
        // the input gradient, as a function of the upstream gradient, is the adjoint average pool
        Gradcheck.check(a -> {
            try (var mode = dev.arbor.tensor.GradMode.enableGrad()) {
                Tensor y = Pooling.avgPool(2, x, l(3, 2), l(2, 2), l(1, 0), true, false, null);
                return dev.arbor.tensor.Autograd.grad(java.util.List.of(y), java.util.List.of(x),
                        java.util.List.of(a.get(0)), true, true, false).getFirst();
            }
        }, g);
    }

    private static void fails(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badArguments() {
        Tensor x = Tensor.zeros(1, 1, 5, 5);
        fails("max_pool2d: pad should be at most half of kernel size, but got pad=2 and kernel_size=3",
                () -> Pooling.maxPool(2, x, l(3), null, l(2), l(1), false));
        fails("Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small",
                () -> Pooling.maxPool(2, Tensor.zeros(1, 1, 2, 2), l(3), null, l(0), l(1), false));
        fails("max_pool2d: kernel_size should be greater than zero",
                () -> Pooling.maxPool(2, x, l(0), null, l(0), l(1), false));
        fails("max_pool2d: stride should be greater than zero", () -> Pooling.maxPool(2, x, l(2), l(0), l(0), l(1), false));
        fails("max_pool2d: dilation should be greater than zero",
                () -> Pooling.maxPool(2, x, l(2), null, l(0), l(0), false));
        fails("avg_pool2d: padding should be non-negative", () -> Pooling.avgPool(2, x, l(2), null, l(-1), false, true,
                null));
        fails("max_pool2d: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got: [5, 5]",
                () -> Pooling.maxPool(2, Tensor.zeros(5, 5), l(2), null, l(0), l(1), false));
        fails("max_pool2d: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got: "
                + "[1, 0, 5, 5]", () -> Pooling.maxPool(2, Tensor.zeros(1, 0, 5, 5), l(2), null, l(0), l(1), false));
        fails("\"max_pool2d\" not implemented for 'Long'",
                () -> Pooling.maxPool(2, x.to(DType.INT64), l(2), null, l(0), l(1), false));
        fails("expected kernel_size to be a single integer value or a list of 2 values",
                () -> Pooling.maxPool(2, x, l(2, 2, 2), null, l(0), l(1), false));
        fails("divisor must be not zero", () -> Pooling.avgPool(2, x, l(2), null, l(0), false, true, 0L));
        fails("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [5, 5]",
                () -> Pooling.adaptiveAvgPool(2, Tensor.zeros(5, 5), l(2)));
        fails("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received [-1, -1]",
                () -> Pooling.adaptiveAvgPool(2, x, l(-1)));
        fails("adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes "
                + "[1, 1, 0, 5] with dimension 2 being empty",
                () -> Pooling.adaptiveMaxPool(2, Tensor.zeros(1, 1, 0, 5), l(2)));
        fails("max_unpool2d: Expected shape of indices to be same as that of the input tensor",
                () -> Pooling.maxUnpool(2, x, Tensor.zeros(DType.INT64, 1, 1, 5), l(2), null, l(0), null));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Pooling.maxUnpool(2,
                Tensor.zeros(1, 1, 1, 1), Tensor.full(9, DType.INT64, 1, 1, 1, 1), l(2), null, l(0), null));
        assertTrue(e.getMessage().contains("max_unpool2d: Found an invalid max index: 9 (output volumes are of size 2x2)"),
                e.getMessage());
    }

    @Test
    void emptyBatchAndZeroOutput() {
        assertArrayEquals(l(0, 1, 2, 2), Pooling.maxPool(2, Tensor.zeros(0, 1, 5, 5), l(2), null, l(0), l(1), false)
                .shape());
        assertArrayEquals(l(0, 1, 2, 2), Pooling.avgPool(2, Tensor.zeros(0, 1, 5, 5), l(2), null, l(0), false, true,
                null).shape());
        assertArrayEquals(l(1, 1, 0, 0), Pooling.adaptiveAvgPool(2, Tensor.zeros(1, 1, 5, 5), l(0)).shape());
        assertArrayEquals(l(1, 1, 0, 0), Pooling.adaptiveMaxPool(2, Tensor.zeros(1, 1, 5, 5), l(0)).shape());
    }

    @Test
    void nanWinsMaxPooling() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 3, 2}, 1, 1, 4);
        Tensor.ValuesIndices vi = Pooling.maxPoolWithIndices(1, x, l(4), null, l(0), l(1), false);
        assertTrue(Double.isNaN(vi.values().item()));
        assertEquals(1, vi.indices().itemLong());
    }
}
