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
    /** Stride 1, no padding, with bias. */
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize) {
        this(options(inChannels, outChannels, kernelSize));
    }

    /** The given stride and padding, with bias. */
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(options(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public ConvTranspose1d(ConvOptions<ConvTranspose1d> options) {
        super(options);
    }

    /** The options of a layer with the required arguments and PyTorch's defaults, to adjust and {@code build()}. */
    public static ConvOptions<ConvTranspose1d> options(long inChannels, long outChannels, long... kernelSize) {
        return new ConvOptions<>(1, true, inChannels, outChannels, kernelSize, ConvTranspose1d::new);
    }

    @Override
    Tensor convTranspose(Tensor input, long[] outputPadding) {
        return F.convTranspose1d(input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
    }
}
