package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * A 2-d transposed convolution, as {@code torch.nn.ConvTranspose2d}: input {@code [N, C_in, H, W]} (or
 * without the batch dimension), weight {@code [C_in, C_out / groups, *kernel_size]}. Built as
 * {@code new ConvTranspose2d(16, 8, 4, 2, 1)} or with every option:
 * {@code ConvTranspose2d.options(in, out, k).stride(2).outputPadding(1).build()}. Only zero padding.
 */
public class ConvTranspose2d extends ConvTransposeNd {
    /** Stride 1, no padding, with bias. */
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize) {
        this(options(inChannels, outChannels, kernelSize));
    }

    /** The given stride and padding, with bias. */
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(options(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public ConvTranspose2d(ConvOptions<ConvTranspose2d> options) {
        super(options);
    }

    /** The options of a layer with the required arguments and PyTorch's defaults, to adjust and {@code build()}. */
    public static ConvOptions<ConvTranspose2d> options(long inChannels, long outChannels, long... kernelSize) {
        return new ConvOptions<>(2, true, inChannels, outChannels, kernelSize, ConvTranspose2d::new);
    }

    @Override
    Tensor convTranspose(Tensor input, long[] outputPadding) {
        return F.convTranspose2d(input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
    }
}
