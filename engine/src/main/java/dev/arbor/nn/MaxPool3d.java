package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 3-d max pooling of {@code [N, C, D, H, W]} (or without the batch dimension), as
 * {@code torch.nn.MaxPool3d}: {@code new MaxPool3d(2)}, or
 * {@code MaxPool3d.options(3).stride(2).padding(1).ceilMode(true).build()}.
 */
public class MaxPool3d extends MaxPoolNd {
    /** Window and stride {@code kernelSize}. */
    public MaxPool3d(long kernelSize) {
        this(options(kernelSize));
    }

    /** Window {@code kernelSize}, the given stride, no padding. */
    public MaxPool3d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /** Window {@code kernelSize}, the given stride and padding. */
    public MaxPool3d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public MaxPool3d(MaxPoolOptions<MaxPool3d> options) {
        super(options);
    }

    /** The options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and {@code build()}. */
    public static MaxPoolOptions<MaxPool3d> options(long... kernelSize) {
        return new MaxPoolOptions<>(kernelSize, MaxPool3d::new);
    }

    @Override
    Tensor pool(Tensor input) {
        return F.maxPool3d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    Tensor.ValuesIndices poolWithIndices(Tensor input) {
        return F.maxPool3dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }
}
