package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Convolution, pooling and resampling layers against PyTorch (layers/*.npz), built with the same arguments. */
class ConvLayersTest {
    /** Loads the case into {@code module}, runs it on the leaf {@code x} and verifies outputs and gradients. */
    private static void check(String fixture, Module module) {
        LayerFixture f = LayerFixture.of(fixture);
        f.load(module);
        f.verify(module, module.call(f.leaf("x")));
    }

    @Test
    void convolutions() {
        check("conv1d", Conv1d.options(4, 6, 3).stride(2).padding(1).groups(2).build());
        check("conv2d", Conv2d.options(3, 4, 3).padding(1).build());
        check("conv2d_same_reflect", Conv2d.options(2, 3, 3, 4).padding("same").paddingMode("reflect").dilation(1, 2)
                .build());
        check("conv2d_replicate", Conv2d.options(2, 4, 3).stride(2).padding(1, 2).paddingMode("replicate").bias(false)
                .groups(2).build());
        check("conv2d_circular", Conv2d.options(2, 3, 3).padding(1).paddingMode("circular").build());
        check("conv2d_valid_unbatched", Conv2d.options(3, 2, 2).padding("valid").build());
        check("conv3d", Conv3d.options(2, 3, 2, 3, 2).stride(1, 2, 1).padding(1).build());
    }

    @Test
    void transposedConvolutions() {
        check("conv_transpose1d", ConvTranspose1d.options(4, 2, 3).stride(2).padding(1).outputPadding(1).groups(2)
                .build());
        check("conv_transpose2d", new ConvTranspose2d(3, 4, 3, 2, 1));
        check("conv_transpose2d_groups_dilation", ConvTranspose2d.options(4, 6, 2, 3).stride(2, 1).padding(0, 1)
                .groups(2).dilation(1, 2).bias(false).build());
        check("conv_transpose3d", ConvTranspose3d.options(2, 2, 2).stride(2).build());

        LayerFixture f = LayerFixture.of("conv_transpose2d_output_size");
        ConvTranspose2d deconv = f.load(new ConvTranspose2d(3, 2, 3, 2, 1));
        f.verify(deconv, deconv.<Tensor>call(f.leaf("x"), new long[] {6, 8}));
        Tensor x = Tensor.zeros(1, 3, 3, 4);
        assertArrayEquals(new long[] {1, 2, 5, 8}, deconv.forward(x, new long[] {1, 2, 5, 8}).shape());
        assertEquals("requested an output size of [9, 8], but valid sizes range from [5, 7] to [6, 8] (for an input "
                + "of torch.Size([3, 4]))", assertThrows(IllegalArgumentException.class,
                        () -> deconv.forward(x, new long[] {9, 8})).getMessage());
    }

    @Test
    void convolutionArgumentsAreCheckedAsInPyTorch() {
        assertEquals("in_channels must be divisible by groups", assertThrows(IllegalArgumentException.class,
                () -> Conv2d.options(3, 4, 3).groups(2).build()).getMessage());
        assertEquals("out_channels must be divisible by groups", assertThrows(IllegalArgumentException.class,
                () -> Conv2d.options(4, 3, 3).groups(2).build()).getMessage());
        assertEquals("groups must be a positive integer", assertThrows(IllegalArgumentException.class,
                () -> Conv1d.options(4, 4, 3).groups(0).build()).getMessage());
        assertEquals("padding='same' is not supported for strided convolutions",
                assertThrows(IllegalArgumentException.class,
                        () -> Conv2d.options(3, 4, 3).padding("same").stride(2).build()).getMessage());
        assertEquals("Invalid padding string 'full', should be one of {'same', 'valid'}",
                assertThrows(IllegalArgumentException.class,
                        () -> Conv2d.options(3, 4, 3).padding("full").build()).getMessage());
        assertEquals("padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got "
                + "padding_mode='wrap'", assertThrows(IllegalArgumentException.class,
                        () -> Conv2d.options(3, 4, 3).paddingMode("wrap").build()).getMessage());
        assertEquals("Only \"zeros\" padding mode is supported for ConvTranspose2d",
                assertThrows(IllegalArgumentException.class,
                        () -> ConvTranspose2d.options(3, 4, 3).paddingMode("reflect").build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.options(3, 4, 3, 3, 3).build());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.options(3, 4, 3).outputPadding(1).build());
    }

    @Test
    void argumentsAreReadableAsPyTorchsAttributes() {
        Conv2d conv = Conv2d.options(4, 8, 3, 5).stride(2).padding("valid").dilation(1, 2).groups(2)
                .paddingMode("reflect").build();
        assertArrayEquals(new long[] {3, 5}, conv.kernelSize());
        assertArrayEquals(new long[] {2, 2}, conv.stride());
        assertEquals("valid", conv.paddingString());
        assertEquals(null, conv.padding());
        assertArrayEquals(new long[] {1, 2}, conv.dilation());
        assertEquals(2, conv.groups());
        assertEquals("reflect", conv.paddingMode());
        assertArrayEquals(new long[] {1}, ConvTranspose1d.options(2, 2, 3).outputPadding(1).stride(2).build()
                .outputPadding());
        MaxPool2d pool = MaxPool2d.options(3).padding(1).build();
        assertArrayEquals(new long[] {3}, pool.stride());
        assertArrayEquals(new long[] {2, 2}, new AdaptiveAvgPool2d(2, 2).outputSize());
        assertEquals(null, AvgPool2d.options(2).build().divisorOverride());
        assertEquals(null, BatchNorm2d.options(3).momentum(null).build().momentum());
        assertArrayEquals(new long[] {4, 5}, new LayerNorm(4, 5).normalizedShape());
    }

    @Test
    void convolutionsGradcheckInFloat64() {
        Conv2d conv = Conv2d.options(2, 2, 2).padding(1).paddingMode("circular").dtype(DType.FLOAT64).build();
        Tensor x = Tensor.randn(new Generator(3), DType.FLOAT64, 1, 2, 3, 3).requiresGrad_(true);
        Gradcheck.check(in -> conv.call(in.getFirst()), x);
        Gradcheck.check(in -> conv.call(x), conv.weight(), conv.bias());
        ConvTranspose1d deconv = ConvTranspose1d.options(2, 2, 2).stride(2).dtype(DType.FLOAT64).device(Device.CPU)
                .build();
        Tensor y = Tensor.randn(new Generator(4), DType.FLOAT64, 1, 2, 3).requiresGrad_(true);
        Gradcheck.check(in -> deconv.call(in.getFirst()), y);
        Gradcheck.check(in -> deconv.call(y), deconv.weight(), deconv.bias());
    }

    @Test
    void pooling() {
        check("max_pool1d", new MaxPool1d(3, 2, 1));
        check("max_pool2d", MaxPool2d.options(3).stride(2).padding(1).ceilMode(true).build());
        check("max_pool3d", MaxPool3d.options(2).dilation(1, 2, 1).build());
        check("avg_pool1d", AvgPool1d.options(3).stride(2).padding(1).countIncludePad(false).build());
        check("avg_pool2d", AvgPool2d.options(2, 3).stride(2, 1).padding(1, 1).ceilMode(true).build());
        check("avg_pool2d_divisor", AvgPool2d.options(2).divisorOverride(3L).build());
        check("avg_pool3d", new AvgPool3d(2, 1));
        check("adaptive_avg_pool1d", new AdaptiveAvgPool1d(4));
        check("adaptive_avg_pool2d", new AdaptiveAvgPool2d(3, 2));
    }

    @Test
    void poolingWithIndices() {
        LayerFixture f = LayerFixture.of("max_pool2d_indices");
        MaxPool2d pool = MaxPool2d.options(2).returnIndices(true).build();
        Tensor.ValuesIndices r = pool.call((Object) f.leaf("x"));
        f.verify(pool, Map.of("out.0", r.values(), "out.1", r.indices()));
        assertEquals(DType.INT64, r.indices().dtype());
        assertThrows(IllegalStateException.class, () -> pool.call(f.input("x")));

        LayerFixture g = LayerFixture.of("adaptive_max_pool2d");
        AdaptiveMaxPool2d adaptive = new AdaptiveMaxPool2d(new long[] {2, 3}, true);
        Tensor.ValuesIndices a = adaptive.call((Object) g.leaf("x"));
        g.verify(adaptive, Map.of("out.0", a.values(), "out.1", a.indices()));
        assertArrayEquals(a.values().toFloatArray(), new AdaptiveMaxPool2d(2, 3).call(g.input("x")).toFloatArray());
    }

    @Test
    void resampling() {
        check("upsample_nearest", new Upsample(2.0));
        check("upsample_bilinear", Upsample.options().size(5, 7).mode("bilinear").alignCorners(true).build());
        check("pixel_shuffle", new PixelShuffle(2));
        check("pixel_unshuffle", new PixelUnshuffle(2));
    }
}
