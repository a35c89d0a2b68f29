package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 3-d average pooling of {@code [N, C, D, H, W]} (or without the batch dimension), as
 * {@code torch.nn.AvgPool3d}: {@code new AvgPool3d(2)}, or
 * {@code AvgPool3d.options(3).stride(2).padding(1).countIncludePad(false).build()}.
 */
public class AvgPool3d extends AvgPoolNd {
    /**
     * Creates the layer with windows of {@code kernelSize} and the same stride, as {@code nn.AvgPool3d(kernel_size)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     */
    public AvgPool3d(long kernelSize) {
        this(options(kernelSize));
    }

    /**
     * Creates the layer with a window size and stride, no padding, as {@code nn.AvgPool3d(kernel_size, stride)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     */
    public AvgPool3d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /**
     * Creates the layer with a window size, stride and padding, as {@code nn.AvgPool3d(kernel_size, stride, padding)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     * @param padding    implicit zero padding on both sides, at most half the kernel size
     *                   (PyTorch's default 0)
     */
    public AvgPool3d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long...)}
     */
    public AvgPool3d(AvgPoolOptions<AvgPool3d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and
     * {@code build()}.
     *
     * @param kernelSize {@code kernel_size}: one value for every spatial dimension, or one per dimension
     * @return the options
     */
    public static AvgPoolOptions<AvgPool3d> options(long... kernelSize) {
        return new AvgPoolOptions<>(kernelSize, AvgPool3d::new);
    }

    /**
     * Averages each window, as {@code F.avg_pool3d}.
     *
     * @param input {@code (N, C, D_in, H_in, W_in)} or unbatched {@code (C, D_in, H_in, W_in)}
     * @return {@code (N, C, D_out, H_out, W_out)} (unbatched without N), with per dimension (rounded up instead
     *         with {@code ceil_mode}, when the last window starts inside the input or left padding)
     *         {@code D_out = floor((D_in + 2 padding - kernel_size) / stride + 1)},
     *         {@code H_out = floor((H_in + 2 padding - kernel_size) / stride + 1)},
     *         {@code W_out = floor((W_in + 2 padding - kernel_size) / stride + 1)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.avgPool3d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
