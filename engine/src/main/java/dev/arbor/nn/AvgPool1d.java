package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 1-d average pooling of {@code [N, C, L]} (or without the batch dimension), as
 * {@code torch.nn.AvgPool1d}: {@code new AvgPool1d(2)}, or
 * {@code AvgPool1d.options(3).stride(2).padding(1).countIncludePad(false).build()}.
 */
public class AvgPool1d extends AvgPoolNd {
    /**
     * Creates the layer with windows of {@code kernelSize} and the same stride, as {@code nn.AvgPool1d(kernel_size)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     */
    public AvgPool1d(long kernelSize) {
        this(options(kernelSize));
    }

    /**
     * Creates the layer with a window size and stride, no padding, as {@code nn.AvgPool1d(kernel_size, stride)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     */
    public AvgPool1d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /**
     * Creates the layer with a window size, stride and padding, as {@code nn.AvgPool1d(kernel_size, stride, padding)}.
     *
     * @param kernelSize {@code kernel_size}, the window size in every spatial dimension
     * @param stride     the step between windows in every spatial dimension
     * @param padding    implicit zero padding on both sides, at most half the kernel size
     *                   (PyTorch's default 0)
     */
    public AvgPool1d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long...)}
     * @throws IllegalArgumentException when {@code divisor_override} is set: AvgPool1d does not take it
     */
    public AvgPool1d(AvgPoolOptions<AvgPool1d> options) {
        super(options);
        if (options.divisorOverride != null) {
            throw new IllegalArgumentException("AvgPool1d takes no divisor_override");
        }
    }

    /**
     * Starts the options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and
     * {@code build()}.
     *
     * @param kernelSize {@code kernel_size}: one value for every spatial dimension, or one per dimension
     * @return the options
     */
    public static AvgPoolOptions<AvgPool1d> options(long... kernelSize) {
        return new AvgPoolOptions<>(kernelSize, AvgPool1d::new);
    }

    /**
     * Averages each window, as {@code F.avg_pool1d}.
     *
     * @param input {@code (N, C, L_in)} or unbatched {@code (C, L_in)}
     * @return {@code (N, C, L_out)} (unbatched without N), with per dimension (rounded up instead
     *         with {@code ceil_mode}, when the last window starts inside the input or left padding)
     *         {@code L_out = floor((L_in + 2 padding - kernel_size) / stride + 1)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    /** PyTorch keeps the 1-d sizes as tuples, so they print as {@code (3,)}. */
    @Override
    public String extraRepr() {
        return "kernel_size=" + PyRepr.tuple(kernelSize) + ", stride=" + PyRepr.tuple(stride) + ", padding="
                + PyRepr.tuple(padding);
    }
}
