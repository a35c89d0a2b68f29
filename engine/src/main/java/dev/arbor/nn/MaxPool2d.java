package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 2-d max pooling of {@code [N, C, H, W]} (or without the batch dimension), as
 * {@code torch.nn.MaxPool2d}: {@code new MaxPool2d(2)}, or
 * {@code MaxPool2d.options(3).stride(2).padding(1).ceilMode(true).build()}.
 */
public class MaxPool2d extends MaxPoolNd {
    /** Window and stride {@code kernelSize}. */
    public MaxPool2d(long kernelSize) {
        this(options(kernelSize));
    }

    /** Window {@code kernelSize}, the given stride, no padding. */
    public MaxPool2d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /** Window {@code kernelSize}, the given stride and padding. */
    public MaxPool2d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public MaxPool2d(MaxPoolOptions<MaxPool2d> options) {
        super(options);
    }

    /** The options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and {@code build()}. */
    public static MaxPoolOptions<MaxPool2d> options(long... kernelSize) {
        return new MaxPoolOptions<>(kernelSize, MaxPool2d::new);
    }

    @Override
    Tensor pool(Tensor input) {
        return F.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    Tensor.ValuesIndices poolWithIndices(Tensor input) {
        return F.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }
}
