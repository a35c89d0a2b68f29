package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * A 1-d transposed convolution, as {@code torch.nn.ConvTranspose1d}: input {@code [N, C_in, L]} (or
 * without the batch dimension), weight {@code [C_in, C_out / groups, *kernel_size]}. Built as
 * {@code new ConvTranspose1d(16, 33, 3)} or with every option:
 * {@code ConvTranspose1d.options(in, out, k).stride(2).outputPadding(1).build()}. Only zero padding.
 */
public class ConvTranspose1d extends ConvTransposeNd {
    /**
     * Creates the layer with stride 1, no padding, with bias, as {@code nn.ConvTranspose1d(in_channels, out_channels,
     * kernel_size)}.
     *
     * @param inChannels  {@code in_channels}, the number of channels of the input
     * @param outChannels {@code out_channels}, the number of channels the convolution produces
     * @param kernelSize  {@code kernel_size}, the size of the kernel in every spatial dimension
     */
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize) {
        this(options(inChannels, outChannels, kernelSize));
    }

    /**
     * Creates the layer with a stride and padding, with bias, as {@code nn.ConvTranspose1d(in_channels, out_channels,
     * kernel_size, stride, padding)}.
     *
     * @param inChannels  {@code in_channels}, the number of channels of the input
     * @param outChannels {@code out_channels}, the number of channels the convolution produces
     * @param kernelSize  {@code kernel_size}, the size of the kernel in every spatial dimension
     * @param stride      the stride in every spatial dimension (PyTorch's default 1)
     * @param padding     {@code dilation * (kernel_size - 1) - padding} zero padding added on both sides of the input
     *                    (PyTorch's default 0)
     */
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(options(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long, long, long...)}
     * @throws IllegalArgumentException with PyTorch's message for options that do not fit together
     */
    public ConvTranspose1d(ConvOptions<ConvTranspose1d> options) {
        super(options);
    }

    /**
     * Starts the options of a layer with the required arguments and PyTorch's defaults, to adjust and
     * {@code build()}.
     *
     * @param inChannels  {@code in_channels}, the number of channels of the input
     * @param outChannels {@code out_channels}, the number of channels the convolution produces
     * @param kernelSize  {@code kernel_size}: one value for every spatial dimension, or one per dimension
     * @return the options
     */
    public static ConvOptions<ConvTranspose1d> options(long inChannels, long outChannels, long... kernelSize) {
        return new ConvOptions<>(1, true, inChannels, outChannels, kernelSize, ConvTranspose1d::new);
    }

    @Override
    Tensor convTranspose(Tensor input, long[] outputPadding) {
        return F.convTranspose1d(input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
    }
}
