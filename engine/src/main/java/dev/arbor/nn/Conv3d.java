package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * A 3-d convolution, as {@code torch.nn.Conv3d}: input {@code [N, C_in, D, H, W]} (or without the batch
 * dimension), weight {@code [C_out, C_in / groups, *kernel_size]}. Built as {@code new Conv3d(4, 8, 3)} or
 * with every option: {@code Conv3d.options(in, out, k).stride(2).padding(1).bias(false).build()}.
 * See {@link ConvNd} for initialisation and padding modes.
 */
public class Conv3d extends ConvNd {
    /** Stride 1, no padding, with bias. */
    public Conv3d(long inChannels, long outChannels, long kernelSize) {
        this(options(inChannels, outChannels, kernelSize));
    }

    /** The given stride and zero padding on every side, with bias. */
    public Conv3d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(options(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public Conv3d(ConvOptions<Conv3d> options) {
        super(options);
    }

    /** The options of a layer with the required arguments and PyTorch's defaults, to adjust and {@code build()}. */
    public static ConvOptions<Conv3d> options(long inChannels, long outChannels, long... kernelSize) {
        return new ConvOptions<>(3, false, inChannels, outChannels, kernelSize, Conv3d::new);
    }

    @Override
    public Tensor forward(Tensor input) {
        return convForward(input, (x, padding, paddingString) -> paddingString == null
                ? F.conv3d(x, weight(), bias(), stride, padding, dilation, groups)
                : F.conv3d(x, weight(), bias(), stride, paddingString, dilation, groups));
    }
}
