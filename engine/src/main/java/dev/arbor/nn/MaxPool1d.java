package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 1-d max pooling of {@code [N, C, L]} (or without the batch dimension), as
 * {@code torch.nn.MaxPool1d}: {@code new MaxPool1d(2)}, or
 * {@code MaxPool1d.options(3).stride(2).padding(1).ceilMode(true).build()}.
 */
public class MaxPool1d extends MaxPoolNd {
    /** Window and stride {@code kernelSize}. */
    public MaxPool1d(long kernelSize) {
        this(options(kernelSize));
    }

    /** Window {@code kernelSize}, the given stride, no padding. */
    public MaxPool1d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /** Window {@code kernelSize}, the given stride and padding. */
    public MaxPool1d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public MaxPool1d(MaxPoolOptions<MaxPool1d> options) {
        super(options);
    }

    /** The options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and {@code build()}. */
    public static MaxPoolOptions<MaxPool1d> options(long... kernelSize) {
        return new MaxPoolOptions<>(kernelSize, MaxPool1d::new);
    }

    @Override
    Tensor pool(Tensor input) {
        return F.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    Tensor.ValuesIndices poolWithIndices(Tensor input) {
        return F.maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }
}
