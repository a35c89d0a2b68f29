package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 2-d max pooling of {@code [N, C, H, W]} (or without the batch dimension), as
 * {@code torch.nn.MaxPool2d}: {@code new MaxPool2d(2)}, or
 * {@code MaxPool2d.options(3).stride(2).padding(1).ceilMode(true).build()}.
 */
public class MaxPool2d extends MaxPoolNd {
    /**
     * Creates the layer with windows of {@code kernelSize} and the same stride, as {@code nn.MaxPool2d(kernel_size)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     */
    public MaxPool2d(long kernelSize) {
        this(options(kernelSize));
    }

    /**
     * Creates the layer with a window size and stride, no padding, as {@code nn.MaxPool2d(kernel_size, stride)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     */
    public MaxPool2d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /**
     * Creates the layer with a window size, stride and padding, as {@code nn.MaxPool2d(kernel_size, stride, padding)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     * @param padding    implicit {@code -inf} padding on both sides, at most half the kernel size
     *                   (PyTorch's default 0)
     */
    public MaxPool2d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long...)}
     */
    public MaxPool2d(MaxPoolOptions<MaxPool2d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and
     * {@code build()}.
     *
     * @param kernelSize {@code kernel_size}: one value for every spatial dimension, or one per dimension
     * @return the options
     */
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
