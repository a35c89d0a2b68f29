package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.Clamp;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConvolutionTest {
    /** float32 against the float64 reference: the tolerances PyTorch's own tests use for float32. */
    private static final double ATOL32 = 1e-6;

    private static long[] l(long... v) {
        return v;
    }

    /** Checks a fixture in float64 (to rounding) and float32 (float32 rounding). */
    private static void fixture(String name, DType dtype, Function<Map<String, Tensor>, Tensor[]> op) {
        fixture(name, dtype, ATOL32, op);
    }

    /** {@link #fixture} with another float32 atol, for outputs that sum many products with cancellation. */
    private static void fixture(String name, DType dtype, double atol32, Function<Map<String, Tensor>, Tensor[]> op) {
        boolean f64 = dtype == DType.FLOAT64;
        ConvFixture.load(name).check(dtype, f64 ? 1e-10 : 1e-5, f64 ? 1e-12 : atol32, op);
    }

    private static Tensor[] one(Tensor t) {
        return new Tensor[] {t};
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void convolutionsMatchPyTorch(DType dtype) {
        fixture("conv1d_stride_pad", dtype, in -> one(Convolution.convolution(1, in.get("x"), in.get("w"), in.get("b"),
                l(2), l(1), l(1), 1)));
        fixture("conv1d_groups_dilation", dtype, in -> one(Convolution.convolution(1, in.get("x"), in.get("w"), null,
                l(1), l(0), l(2), 3)));
        fixture("conv2d_groups_mixed", dtype, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"), in.get("b"),
                l(2, 1), l(1, 0), l(1, 2), 2)));
        fixture("conv2d_depthwise", dtype, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"), in.get("b"),
                l(1), l(1), l(1), 4)));
        fixture("conv2d_depthwise_strided", dtype, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"),
                in.get("b"), l(1, 2), l(2, 1), l(2, 1), 3)));
        fixture("conv1d_depthwise_long", dtype, in -> one(Convolution.convolution(1, in.get("x"), in.get("w"), null,
                l(1), l(2), l(1), 5)));
        fixture("conv2d_same_even", dtype, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"), in.get("b"),
                l(1), "same", l(1, 2), 1)));
        fixture("conv2d_valid_unbatched", dtype, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"), null,
                l(1), "valid", l(1), 1)));
        fixture("conv3d_mixed", dtype, in -> one(Convolution.convolution(3, in.get("x"), in.get("w"), in.get("b"),
                l(1, 2, 1), l(1, 0, 1), l(1), 1)));
        // 30 to 45 products of unit-sized values per output: float32 rounding reaches a few 1e-6
        fixture("conv2d_direct_tails", dtype, 1e-5, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"),
                in.get("b"), l(1), l(1, 2), l(1), 1)));
        fixture("conv2d_direct_narrow", dtype, 1e-5, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"),
                null, l(1), l(0), l(1), 1)));
        fixture("conv2d_direct_strided", dtype, 1e-5, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"),
                in.get("b"), l(2, 3), l(1, 2), l(1, 2), 1)));
        fixture("conv2d_depthwise_multiplier", dtype, in -> one(Convolution.convolution(2, in.get("x"), in.get("w"),
                in.get("b"), l(2), l(1), l(1), 4)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void transposedConvolutionsMatchPyTorch(DType dtype) {
        fixture("conv_transpose1d_outpad", dtype, in -> one(Convolution.convTranspose(1, in.get("x"), in.get("w"),
                in.get("b"), l(2), l(1), l(1), 1, l(1))));
        fixture("conv_transpose2d_groups", dtype, in -> one(Convolution.convTranspose(2, in.get("x"), in.get("w"),
                in.get("b"), l(2, 3), l(1, 0), l(1, 2), 2, l(1, 2))));
        fixture("conv_transpose3d_stride", dtype, in -> one(Convolution.convTranspose(3, in.get("x"), in.get("w"), null,
                l(2), l(0), l(0), 1, l(1))));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void reducedPrecisionComputesInFloat32(DType dtype) {
        ConvFixture f = ConvFixture.load("conv2d_groups_mixed");
        Tensor x = f.get("x").to(dtype).requiresGrad_(true);
        Tensor w = f.get("w").to(dtype).requiresGrad_(true);
        Tensor b = f.get("b").to(dtype).requiresGrad_(true);
        Tensor y = Convolution.convolution(2, x, w, b, l(2, 1), l(1, 0), l(1, 2), 2);
        assertEquals(dtype, y.dtype());
        // inputs rounded to 8 (bfloat16) or 11 (float16) significant bits, then one final rounding
        double tol = dtype == DType.BFLOAT16 ? 0.1 : 0.02;
        ConvFixture.assertClose("output", f.get("out"), y, tol, tol);
        y.backward(f.get("grad_out").to(dtype));
        assertEquals(dtype, w.grad().dtype());
        ConvFixture.assertClose("weight grad", f.get("grad_w"), w.grad(), tol, 4 * tol);
    }

    /**
     * float32 1-d and 2-d dense convolutions with at most 64 output channels, and depthwise ones, take
     * the CPU's direct kernel; float64 takes im2col and the product (or the generic depthwise loop). They
     * agree on rows with tails, channel counts around the blocks of eight and the cut-off, strides and
     * dilations (phase planes), paddings wider than the kernel's reach, planes split into row segments,
     * a batch the kernel pads in two chunks (with and without a border), and depthwise channel multipliers;
     * and with a residual added and a clamp applied as the sums are stored (a ReLU, a two-sided bound)
     * they equal the convolution followed by the add and the clamp.
     */
    @Test
    void directConvolutionAgreesWithTheProductPath() {
        Generator g = new Generator(7);
        long[][] cases = {
            // N, C, O, H, W, kh, kw, ph, pw, sh, sw, dh, dw, groups
            {2, 1, 1, 5, 8, 1, 1, 0, 0, 1, 1, 1, 1, 1}, {2, 3, 5, 9, 21, 3, 5, 1, 2, 1, 1, 1, 1, 1},
            {2, 2, 4, 6, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1}, {2, 4, 7, 4, 17, 2, 2, 0, 0, 1, 1, 1, 1, 1},
            {2, 3, 64, 5, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1}, {2, 3, 65, 5, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1},
            {2, 6, 16, 10, 10, 5, 5, 0, 0, 1, 1, 1, 1, 1}, {2, 1, 6, 28, 28, 5, 5, 2, 2, 1, 1, 1, 1, 1},
            {2, 2, 3, 3, 9, 3, 3, 3, 3, 1, 1, 1, 1, 1}, {17, 16, 5, 64, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1},
            {3, 8, 16, 16, 16, 3, 3, 1, 1, 2, 2, 1, 1, 1}, {2, 8, 16, 16, 16, 1, 1, 0, 0, 2, 2, 1, 1, 1},
            {2, 3, 6, 13, 11, 3, 2, 2, 1, 3, 2, 2, 3, 1}, {1, 2, 4, 1, 9000, 1, 3, 0, 1, 1, 1, 1, 1, 1},
            {1, 3, 8, 90, 100, 3, 3, 1, 1, 1, 1, 1, 1, 1}, {32, 16, 16, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 16},
            {2, 4, 8, 9, 10, 3, 3, 1, 1, 2, 2, 1, 1, 4}, {2, 3, 3, 12, 7, 5, 3, 4, 2, 1, 2, 2, 1, 3},
            {1, 2, 2, 100, 90, 3, 3, 1, 1, 1, 1, 1, 1, 2}, {2, 3, 12, 7, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1},
            {2, 5, 9, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1}, {2, 4, 24, 8, 40, 3, 3, 1, 1, 1, 1, 1, 1, 1},
            // no border, so the input is copied whole, in two chunks of images
            {20, 16, 8, 64, 64, 1, 1, 0, 0, 1, 1, 1, 1, 1}};
        Clamp[] clamps = {Clamp.NONE, Clamp.RELU, new Clamp(-0.5, 0.7)};
        int k = 0;
        for (long[] c : cases) {
            Clamp clamp = clamps[k++ % clamps.length];
            Tensor x = Tensor.randn(g, c[0], c[1], c[3], c[4]);
            Tensor w = Tensor.randn(g, c[2], c[1] / c[13], c[5], c[6]);
            Tensor b = Tensor.randn(g, c[2]);
            // every other case with a skip connection of the output's shape
            Tensor residual = k % 2 == 0 ? Tensor.randn(g, outputShape(c)) : null;
            fusedAgrees(c, x, w, b, residual, clamp);
        }
    }

    /** The output shape of case {@code c} of the tables below ({@code N, C, O, H, W, kh, kw, ph, pw, sh, sw, dh, dw}). */
    private static long[] outputShape(long[] c) {
        return l(c[0], c[2], (c[3] + 2 * c[7] - c[11] * (c[5] - 1) - 1) / c[9] + 1,
                (c[4] + 2 * c[8] - c[12] * (c[6] - 1) - 1) / c[10] + 1);
    }

    /**
     * Runs the float32 convolution of case {@code c} with the residual added and the clamp applied as the
     * sums are stored, checks it against the float64 product path followed by the add and the clamp, and
     * returns it; checks its mean over the positions (a global average pooling folded in) likewise.
     */
    private static Tensor fusedAgrees(long[] c, Tensor x, Tensor w, Tensor b, Tensor residual, Clamp clamp) {
        Tensor expected = Convolution.convolution(2, x.to(DType.FLOAT64), w.to(DType.FLOAT64), b.to(DType.FLOAT64),
                l(c[9], c[10]), l(c[7], c[8]), l(c[11], c[12]), c[13]);
        if (residual != null) {
            expected = expected.add(residual.to(DType.FLOAT64));
        }
        if (!clamp.isNone()) {
            expected = expected.clamp(clamp.min(), clamp.max() == Double.POSITIVE_INFINITY ? null : clamp.max());
        }
        Tensor actual = Convolution.convolution(2, x, w, b, l(c[9], c[10]), l(c[7], c[8]), l(c[11], c[12]), c[13],
                residual, clamp);
        ConvFixture.assertClose("conv2d " + java.util.Arrays.toString(c) + " " + clamp, expected, actual, 1e-5, 2e-5);
        Tensor averaged = Convolution.convolution(2, x, w, b, l(c[9], c[10]), l(c[7], c[8]), l(c[11], c[12]), c[13],
                residual, clamp, true);
        ConvFixture.assertClose("averaged conv2d " + java.util.Arrays.toString(c) + " " + clamp,
                expected.mean(new int[] {2, 3}, true), averaged, 1e-5, 2e-5);
        return actual;
    }

    /**
     * float32 2-d layers with output rows shorter than a vector and few taps (a first layer's), and every
     * layer whose input is channels-last, come out channels-last (PyTorch's {@code channels_last} strides) from the CPU's
     * channels-last kernel, and agree with the float64 product path: dense layers from contiguous and
     * channels-last inputs (channel counts below, at and past whole vectors and pairs of vectors,
     * strides, dilations, borders, an input read in place without one), depthwise layers on
     * channels-last inputs (whole and partial vectors of channels), a channels-last residual and the
     * clamps; and a chain of such layers keeps the layout.
     */
    @Test
    void channelsLastConvolutionAgreesWithTheProductPath() {
        Generator g = new Generator(11);
        long[][] cases = {
            // N, C, O, H, W, kh, kw, ph, pw, sh, sw, dh, dw, groups, channels-last input
            {32, 3, 16, 16, 16, 3, 3, 1, 1, 2, 2, 1, 1, 1, 0}, {3, 16, 16, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 16, 1},
            {3, 16, 32, 8, 8, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1}, {2, 1, 16, 12, 12, 5, 5, 0, 0, 1, 1, 1, 1, 1, 0},
            {2, 5, 7, 9, 6, 3, 2, 2, 1, 1, 2, 2, 1, 1, 0}, {2, 4, 48, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {2, 20, 20, 6, 9, 3, 3, 1, 1, 2, 1, 1, 2, 20, 1}, {1, 32, 32, 10, 10, 3, 3, 1, 1, 1, 1, 1, 1, 32, 1},
            {2, 32, 32, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1, 32, 1}, {2, 24, 64, 40, 24, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1},
            {2, 8, 3, 5, 4, 2, 3, 0, 1, 1, 1, 1, 1, 1, 1}, {17, 2, 17, 11, 15, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0}};
        Clamp[] clamps = {Clamp.NONE, Clamp.RELU, new Clamp(-0.5, 0.7)};
        int k = 0;
        for (long[] c : cases) {
            Clamp clamp = clamps[k++ % clamps.length];
            Tensor x = c[14] == 1 ? Tensor.randn(g, c[0], c[3], c[4], c[1]).permute(0, 3, 1, 2)
                    : Tensor.randn(g, c[0], c[1], c[3], c[4]);
            Tensor w = Tensor.randn(g, c[2], c[1] / c[13], c[5], c[6]);
            Tensor b = Tensor.randn(g, c[2]);
            long[] shape = outputShape(c);
            // every other case with a channels-last skip connection
            Tensor residual = k % 2 == 0 ? Tensor.randn(g, shape[0], shape[2], shape[3], shape[1]).permute(0, 3, 1, 2)
                    : null;
            Tensor actual = fusedAgrees(c, x, w, b, residual, clamp);
            assertArrayEquals(l(shape[1] * shape[2] * shape[3], 1, shape[1] * shape[3], shape[1]), actual.strides(),
                    "conv2d " + java.util.Arrays.toString(c) + ": channels-last strides");
        }

        // many taps from input planes (LeNet's second layer) stay with the plane-wise kernel, contiguous
        Tensor planes = Convolution.convolution(2, Tensor.randn(g, 2, 6, 12, 12), Tensor.randn(g, 16, 6, 5, 5), null,
                l(1), l(0), l(1), 1);
        assertTrue(planes.isContiguous());

        // stem, depthwise, pointwise: the layout carries through, and so do the values
        Tensor x = Tensor.randn(g, 4, 3, 16, 16);
        Tensor w1 = Tensor.randn(g, 16, 3, 3, 3);
        Tensor w2 = Tensor.randn(g, 16, 1, 3, 3);
        Tensor w3 = Tensor.randn(g, 32, 16, 1, 1);
        Tensor y = Convolution.convolution(2, Convolution.convolution(2, Convolution.convolution(2, x, w1, null, l(2),
                l(1), l(1), 1), w2, null, l(1), l(1), l(1), 16), w3, null, l(1), l(0), l(1), 1);
        Tensor expected = Convolution.convolution(2, Convolution.convolution(2, Convolution.convolution(2,
                x.to(DType.FLOAT64), w1.to(DType.FLOAT64), null, l(2), l(1), l(1), 1), w2.to(DType.FLOAT64), null,
                l(1), l(1), l(1), 16), w3.to(DType.FLOAT64), null, l(1), l(0), l(1), 1);
        ConvFixture.assertClose("chain", expected, y, 1e-4, 1e-4);
        assertEquals(1, y.stride(1));
    }

    /**
     * A channels-last output trains as any other: the gradients of a float32 chain that runs
     * channels-last equal the float64 product path's.
     */
    @Test
    void channelsLastConvolutionBackpropagates() {
        Generator g = new Generator(12);
        Tensor x = Tensor.randn(g, 2, 3, 12, 12);
        Tensor w1 = Tensor.randn(g, 8, 3, 3, 3);
        Tensor w2 = Tensor.randn(g, 8, 1, 3, 3);
        Tensor gy = Tensor.randn(g, 2, 8, 6, 6);
        Tensor[] actual = chainGrads(x, w1, w2, gy);
        Tensor[] expected = chainGrads(x.to(DType.FLOAT64), w1.to(DType.FLOAT64), w2.to(DType.FLOAT64),
                gy.to(DType.FLOAT64));
        String[] names = {"x grad", "w1 grad", "w2 grad"};
        for (int i = 0; i < 3; i++) {
            ConvFixture.assertClose(names[i], expected[i], actual[i], 1e-4, 1e-4);
        }
    }

    private static Tensor[] chainGrads(Tensor x, Tensor w1, Tensor w2, Tensor gy) {
        Tensor xs = x.detach().requiresGrad_(true);
        Tensor a = w1.detach().requiresGrad_(true);
        Tensor b = w2.detach().requiresGrad_(true);
        Tensor y = Convolution.convolution(2, Convolution.convolution(2, xs, a, null, l(2), l(1), l(1), 1).relu(), b,
                null, l(1), l(1), l(1), 8);
        y.backward(gy);
        return new Tensor[] {xs.grad(), a.grad(), b.grad()};
    }

    /**
     * PyTorch's {@code "same"} padding with an even kernel pads one more after the input than before it;
     * the direct kernels (dense and depthwise, float32) read that far and agree with the product path.
     */
    @Test
    void directConvolutionPadsMoreAfterThanBefore() {
        Generator g = new Generator(8);
        for (long[] c : new long[][] {{2, 3, 4, 5, 6, 2, 2, 1}, {2, 4, 5, 7, 9, 4, 2, 1}, {2, 4, 4, 6, 5, 2, 4, 4}}) {
            // N, C, O, H, W, kh, kw, groups
            Tensor x = Tensor.randn(g, c[0], c[1], c[3], c[4]);
            Tensor w = Tensor.randn(g, c[2], c[1] / c[7], c[5], c[6]);
            Tensor expected = Convolution.convolution(2, x.to(DType.FLOAT64), w.to(DType.FLOAT64), null, l(1), "same",
                    l(1), c[7]);
            Tensor actual = Convolution.convolution(2, x, w, null, l(1), "same", l(1), c[7]);
            ConvFixture.assertClose("same " + java.util.Arrays.toString(c), expected, actual, 1e-5, 2e-5);
        }
    }

    /**
     * With gradients recorded, a convolution with a residual and a clamp is the three ops, and gradcheck
     * holds through them; a residual that broadcasts is added as {@code Tensor.add} adds it.
     */
    @Test
    void fusedConvolutionDifferentiatesAndBroadcasts() {
        Generator gen = new Generator(9);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 2, 3, 5, 5).requiresGrad_(true);
        Tensor w = Tensor.randn(gen, DType.FLOAT64, 4, 3, 3, 3).requiresGrad_(true);
        Tensor b = Tensor.randn(gen, DType.FLOAT64, 4).requiresGrad_(true);
        Tensor r = Tensor.randn(gen, DType.FLOAT64, 2, 4, 5, 5).requiresGrad_(true);
        Gradcheck.check(a -> Convolution.convolution(2, a.get(0), a.get(1), a.get(2), l(1), l(1), l(1), 1, a.get(3),
                new Clamp(-1, 1.5)), x, w, b, r);

        Tensor x32 = Tensor.randn(gen, 2, 3, 6, 6);
        Tensor w32 = Tensor.randn(gen, 4, 3, 3, 3);
        Tensor perChannel = Tensor.randn(gen, 4, 1, 1);
        try (var noGrad = GradMode.noGrad()) {
            Tensor expected = Convolution.convolution(2, x32, w32, null, l(1), l(1), l(1), 1).add(perChannel).relu();
            Tensor actual = Convolution.convolution(2, x32, w32, null, l(1), l(1), l(1), 1, perChannel, Clamp.RELU);
            ConvFixture.assertClose("broadcast residual", expected, actual, 1e-6, 1e-6);
        }
    }

    @Test
    void gradcheckConvolutions() {
        Generator gen = new Generator(7);
        Tensor x1 = Tensor.randn(gen, DType.FLOAT64, 2, 4, 7).requiresGrad_(true);
        Tensor w1 = Tensor.randn(gen, DType.FLOAT64, 6, 2, 3).requiresGrad_(true);
        Tensor b1 = Tensor.randn(gen, DType.FLOAT64, 6).requiresGrad_(true);
        Gradcheck.check(a -> Convolution.convolution(1, a.get(0), a.get(1), a.get(2), l(2), l(1), l(2), 2), x1, w1, b1);

        Tensor x2 = Tensor.randn(gen, DType.FLOAT64, 1, 2, 5, 4).requiresGrad_(true);
        Tensor w2 = Tensor.randn(gen, DType.FLOAT64, 3, 2, 2, 3).requiresGrad_(true);
        Gradcheck.check(a -> Convolution.convolution(2, a.get(0), a.get(1), null, l(1), "same", l(1), 1), x2, w2);

        Tensor x3 = Tensor.randn(gen, DType.FLOAT64, 1, 1, 3, 3, 4).requiresGrad_(true);
        Tensor w3 = Tensor.randn(gen, DType.FLOAT64, 2, 1, 2, 2, 2).requiresGrad_(true);
        Gradcheck.check(a -> Convolution.convolution(3, a.get(0), a.get(1), null, l(1, 1, 2), l(1, 0, 1), l(1), 1), x3, w3);
    }

    /**
     * A convolution averaged over its positions (a global average pooling folded in) is the mean of the
     * clamped sum in one and three dimensions and unbatched too, and differentiates as those ops do.
     */
    @Test
    void averagedConvolutionIsTheMeanOfTheOutput() {
        Generator gen = new Generator(13);
        Tensor x1 = Tensor.randn(gen, 2, 4, 9);
        Tensor w1 = Tensor.randn(gen, 6, 2, 3);
        Tensor r1 = Tensor.randn(gen, 2, 6, 5);
        Clamp clamp = new Clamp(-0.5, 0.7);
        ConvFixture.assertClose("averaged conv1d",
                Convolution.convolution(1, x1, w1, null, l(2), l(1), l(1), 2).add(r1).clamp(-0.5, 0.7)
                        .mean(new int[] {2}, true),
                Convolution.convolution(1, x1, w1, null, l(2), l(1), l(1), 2, r1, clamp, true), 1e-6, 1e-6);
        Tensor x3 = Tensor.randn(gen, 3, 4, 5, 6);
        Tensor w3 = Tensor.randn(gen, 2, 3, 2, 2, 2);
        Tensor b3 = Tensor.randn(gen, 2);
        Tensor averaged = Convolution.convolution(3, x3, w3, b3, l(1), "same", l(1), 1, null, Clamp.RELU, true);
        assertArrayEquals(l(2, 1, 1, 1), averaged.shape());
        ConvFixture.assertClose("averaged unbatched conv3d",
                Convolution.convolution(3, x3, w3, b3, l(1), "same", l(1), 1).relu().mean(new int[] {1, 2, 3}, true),
                averaged, 1e-6, 1e-6);

        Tensor x = Tensor.randn(gen, DType.FLOAT64, 2, 3, 5, 4).requiresGrad_(true);
        Tensor w = Tensor.randn(gen, DType.FLOAT64, 4, 3, 3, 3).requiresGrad_(true);
        Tensor b = Tensor.randn(gen, DType.FLOAT64, 4).requiresGrad_(true);
        Tensor r = Tensor.randn(gen, DType.FLOAT64, 2, 4, 3, 2).requiresGrad_(true);
        Gradcheck.check(a -> Convolution.convolution(2, a.get(0), a.get(1), a.get(2), l(2), l(1), l(1), 1, a.get(3),
                Clamp.NONE, true), x, w, b, r);
    }

    @Test
    void gradcheckTransposedConvolutions() {
        Generator gen = new Generator(8);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 2, 4, 3, 2).requiresGrad_(true);
        Tensor w = Tensor.randn(gen, DType.FLOAT64, 4, 1, 2, 3).requiresGrad_(true);
        Tensor b = Tensor.randn(gen, DType.FLOAT64, 2).requiresGrad_(true);
        Gradcheck.check(a -> Convolution.convTranspose(2, a.get(0), a.get(1), a.get(2), l(2, 1), l(0, 1), l(1, 0), 2,
                l(1, 2)), x, w, b);
        Tensor x1 = Tensor.randn(gen, DType.FLOAT64, 3, 4).requiresGrad_(true);
        Tensor w1 = Tensor.randn(gen, DType.FLOAT64, 3, 2, 3).requiresGrad_(true);
        Gradcheck.check(a -> Convolution.convTranspose(1, a.get(0), a.get(1), null, l(3), l(1), l(2), 1, l(1)), x1, w1);
    }

    @Test
    void gradientsAreDifferentiableAgain() {
        Generator gen = new Generator(9);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 2, 2, 4, 3).requiresGrad_(true);
        Tensor w = Tensor.randn(gen, DType.FLOAT64, 2, 1, 2, 2).requiresGrad_(true);
        Tensor gy = Tensor.randn(gen, DType.FLOAT64, 2, 2, 3, 4).requiresGrad_(true);
        // the input gradient (a transposed convolution of gy) and the weight gradient, as functions of everything
        Gradcheck.check(a -> grads(a).get(0), x, w, gy);
        Gradcheck.check(a -> grads(a).get(1), x, w, gy);
    }

    private static List<Tensor> grads(List<Tensor> a) {
        // Gradcheck evaluates under no_grad for its finite differences; the inner gradient needs a graph
        try (var mode = GradMode.enableGrad()) {
            Tensor y = Convolution.convolution(2, a.get(0), a.get(1), null, l(2, 1), l(1), l(1), 2);
            return Autograd.grad(List.of(y), List.of(a.get(0), a.get(1)), List.of(a.get(2)), true, true, false);
        }
    }

    @Test
    void emptyBatchAndChannels() {
        Tensor x = Tensor.zeros(0, 3, 5, 5).requiresGrad_(true);
        Tensor w = Tensor.ones(4, 3, 3, 3).requiresGrad_(true);
        Tensor y = Convolution.convolution(2, x, w, null, l(1), l(1), l(1), 1);
        assertArrayEquals(l(0, 4, 5, 5), y.shape());
        y.sum().backward();
        assertArrayEquals(new double[4 * 27], w.grad().toDoubleArray());

        Tensor b = Tensor.of(new float[] {1, 2});
        Tensor none = Convolution.convolution(2, Tensor.zeros(1, 0, 3, 3), Tensor.zeros(2, 0, 3, 3), b, l(1), l(0), l(1), 1);
        assertArrayEquals(new float[] {1, 2}, none.toFloatArray());
    }

    @Test
    void noGradientWorkWhenNothingRequiresIt() {
        Tensor x = Tensor.ones(1, 1, 3, 3);
        Tensor y = Convolution.convolution(2, x, Tensor.ones(1, 1, 2, 2), null, l(1), l(0), l(1), 1);
        assertTrue(y.isLeaf());
        assertArrayEquals(new float[] {4, 4, 4, 4}, y.toFloatArray());
    }

    private static void fails(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badArgumentsNameTheOpAndShapes() {
        Tensor x = Tensor.zeros(1, 4, 5, 5);
        Tensor w = Tensor.zeros(8, 3, 3, 3);
        fails("Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 5, 5] to have 3 channels, but got 4 "
                + "channels instead", () -> Convolution.convolution(2, x, w, null, l(1), l(0), l(1), 1));
        fails("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]",
                () -> Convolution.convolution(2, Tensor.zeros(5, 5), w, null, l(1), l(0), l(1), 1));
        fails("Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater "
                + "than actual input size", () -> Convolution.convolution(2, Tensor.zeros(1, 3, 2, 2), w, null, l(1), l(0),
                l(1), 1));
        fails("negative padding is not supported",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, null, l(1), l(-1), l(1), 1));
        fails("non-positive stride is not supported",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, null, l(0), l(0), l(1), 1));
        fails("dilation should be greater than zero",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, null, l(1), l(0), l(0), 1));
        fails("non-positive groups is not supported",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, null, l(1), l(0), l(1), 0));
        fails("Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [3, 3, 3, 3]",
                () -> Convolution.convolution(2, Tensor.zeros(1, 6, 5, 5), Tensor.zeros(3, 3, 3, 3), null, l(1), l(0),
                        l(1), 2));
        fails("Given weight of size [8, 3, 3, 3], expected bias to be 1-dimensional with 8 elements, but got bias of "
                + "size [4] instead", () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, Tensor.zeros(4), l(1),
                l(0), l(1), 1));
        fails("expected stride to be a single integer value or a list of 2 values",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, null, l(1, 1, 1), l(0), l(1), 1));
        fails("padding='same' is not supported for strided convolutions",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, null, l(2), "same", l(1), 1));
        fails("Invalid padding string: 'full'",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), w, null, l(1), "full", l(1), 1));
        fails("Input type (float64) and weight type (float32) should be the same",
                () -> Convolution.convolution(2, Tensor.zeros(DType.FLOAT64, 1, 3, 5, 5), w, null, l(1), l(0), l(1), 1));
        fails("\"conv2d\" not implemented for 'Long'", () -> Convolution.convolution(2,
                Tensor.zeros(DType.INT64, 1, 3, 5, 5), w.to(DType.INT64), null, l(1), l(0), l(1), 1));
        fails("weight should have at least three dimensions",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), Tensor.zeros(3, 3), null, l(1), l(0), l(1), 1));
        fails("conv2d: expected a 4-dimensional weight, but got weight of size [8, 3, 3]",
                () -> Convolution.convolution(2, Tensor.zeros(1, 3, 5, 5), Tensor.zeros(8, 3, 3), null, l(1), l(0), l(1), 1));
    }

    @Test
    void badTransposedArguments() {
        Tensor w = Tensor.zeros(3, 2, 3, 3);
        fails("Given transposed=1, weight of size [3, 2, 3, 3], expected input[1, 4, 5, 5] to have 3 channels, but got 4 "
                + "channels instead", () -> Convolution.convTranspose(2, Tensor.zeros(1, 4, 5, 5), w, null, l(1), l(0), l(0),
                1, l(1)));
        fails("output padding must be smaller than either stride or dilation, but got output_padding_height: 1 "
                + "output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1",
                () -> Convolution.convTranspose(2, Tensor.zeros(1, 3, 5, 5), w, null, l(1), l(0), l(1), 1, l(1)));
        fails("Given input size per channel: (1 x 1). Calculated output size per channel: (-3 x -3). Output size is too "
                + "small", () -> Convolution.convTranspose(2, Tensor.zeros(1, 3, 1, 1), w, null, l(1), l(3), l(0), 1, l(1)));
        fails("Given transposed=1, weight of size [3, 2, 3, 3], expected bias to be 1-dimensional with 2 elements, but "
                + "got bias of size [3] instead", () -> Convolution.convTranspose(2, Tensor.zeros(1, 3, 5, 5), w,
                Tensor.zeros(3), l(1), l(0), l(0), 1, l(1)));
        fails("negative output_padding is not supported", () -> Convolution.convTranspose(2, Tensor.zeros(1, 3, 5, 5), w,
                null, l(1), l(0), l(-1), 1, l(1)));
    }
}
