package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * A 3-d transposed convolution, as {@code torch.nn.ConvTranspose3d}: input {@code [N, C_in, D, H, W]} (or
 * without the batch dimension), weight {@code [C_in, C_out / groups, *kernel_size]}. Built as
 * {@code new ConvTranspose3d(8, 4, 3)} or with every option:
 * {@code ConvTranspose3d.options(in, out, k).stride(2).outputPadding(1).build()}. Only zero padding.
 */
public class ConvTranspose3d extends ConvTransposeNd {
    /** Stride 1, no padding, with bias. */
    public ConvTranspose3d(long inChannels, long outChannels, long kernelSize) {
        this(options(inChannels, outChannels, kernelSize));
    }

    /** The given stride and padding, with bias. */
    public ConvTranspose3d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(options(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public ConvTranspose3d(ConvOptions<ConvTranspose3d> options) {
        super(options);
    }

    /** The options of a layer with the required arguments and PyTorch's defaults, to adjust and {@code build()}. */
    public static ConvOptions<ConvTranspose3d> options(long inChannels, long outChannels, long... kernelSize) {
        return new ConvOptions<>(3, true, inChannels, outChannels, kernelSize, ConvTranspose3d::new);
    }

    @Override
    Tensor convTranspose(Tensor input, long[] outputPadding) {
        return F.convTranspose3d(input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
    }
}
