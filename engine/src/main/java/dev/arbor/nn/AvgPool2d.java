package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 2-d average pooling of {@code [N, C, H, W]} (or without the batch dimension), as
 * {@code torch.nn.AvgPool2d}: {@code new AvgPool2d(2)}, or
 * {@code AvgPool2d.options(3).stride(2).padding(1).countIncludePad(false).build()}.
 */
public class AvgPool2d extends AvgPoolNd {
    /**
     * Creates the layer with windows of {@code kernelSize} and the same stride, as {@code nn.AvgPool2d(kernel_size)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     */
    public AvgPool2d(long kernelSize) {
        this(options(kernelSize));
    }

    /**
     * Creates the layer with a window size and stride, no padding, as {@code nn.AvgPool2d(kernel_size, stride)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     */
    public AvgPool2d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /**
     * Creates the layer with a window size, stride and padding, as {@code nn.AvgPool2d(kernel_size, stride, padding)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     * @param padding    implicit zero padding on both sides, at most half the kernel size
     *                   (PyTorch's default 0)
     */
    public AvgPool2d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long...)}
     */
    public AvgPool2d(AvgPoolOptions<AvgPool2d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and
     * {@code build()}.
     *
     * @param kernelSize {@code kernel_size}: one value for every spatial dimension, or one per dimension
     * @return the options
     */
    public static AvgPoolOptions<AvgPool2d> options(long... kernelSize) {
        return new AvgPoolOptions<>(kernelSize, AvgPool2d::new);
    }

    /**
     * Averages each window, as {@code F.avg_pool2d}.
     *
     * @param input {@code (N, C, H_in, W_in)} or unbatched {@code (C, H_in, W_in)}
     * @return {@code (N, C, H_out, W_out)} (unbatched without N), with per dimension (rounded up instead
     *         with {@code ceil_mode}, when the last window starts inside the input or left padding)
     *         {@code H_out = floor((H_in + 2 padding - kernel_size) / stride + 1)},
     *         {@code W_out = floor((W_in + 2 padding - kernel_size) / stride + 1)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
