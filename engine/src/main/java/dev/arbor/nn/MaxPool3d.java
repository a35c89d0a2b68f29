package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 3-d max pooling of {@code [N, C, D, H, W]} (or without the batch dimension), as
 * {@code torch.nn.MaxPool3d}: {@code new MaxPool3d(2)}, or
 * {@code MaxPool3d.options(3).stride(2).padding(1).ceilMode(true).build()}.
 */
public class MaxPool3d extends MaxPoolNd {
    /**
     * Creates the layer with windows of {@code kernelSize} and the same stride, as {@code nn.MaxPool3d(kernel_size)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     */
    public MaxPool3d(long kernelSize) {
        this(options(kernelSize));
    }

    /**
     * Creates the layer with a window size and stride, no padding, as {@code nn.MaxPool3d(kernel_size, stride)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     */
    public MaxPool3d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /**
     * Creates the layer with a window size, stride and padding, as {@code nn.MaxPool3d(kernel_size, stride, padding)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     * @param padding    implicit {@code -inf} padding on both sides, at most half the kernel size
     *                   (PyTorch's default 0)
     */
    public MaxPool3d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long...)}
     */
    public MaxPool3d(MaxPoolOptions<MaxPool3d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and
     * {@code build()}.
     *
     * @param kernelSize {@code kernel_size}: one value for every spatial dimension, or one per dimension
     * @return the options
     */
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
