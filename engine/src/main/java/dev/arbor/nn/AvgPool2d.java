package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 2-d average pooling of {@code [N, C, H, W]} (or without the batch dimension), as
 * {@code torch.nn.AvgPool2d}: {@code new AvgPool2d(2)}, or
 * {@code AvgPool2d.options(3).stride(2).padding(1).countIncludePad(false).build()}.
 */
public class AvgPool2d extends AvgPoolNd {
    /** Window and stride {@code kernelSize}. */
    public AvgPool2d(long kernelSize) {
        this(options(kernelSize));
    }

    /** Window {@code kernelSize}, the given stride, no padding. */
    public AvgPool2d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /** Window {@code kernelSize}, the given stride and padding. */
    public AvgPool2d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public AvgPool2d(AvgPoolOptions<AvgPool2d> options) {
        super(options);
    }

    /** The options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and {@code build()}. */
    public static AvgPoolOptions<AvgPool2d> options(long... kernelSize) {
        return new AvgPoolOptions<>(kernelSize, AvgPool2d::new);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
