package dev.arbor.nn;

import dev.arbor.backend.Clamp;
import dev.arbor.tensor.Tensor;

/**
 * A 1-d convolution, as {@code torch.nn.Conv1d}: input {@code [N, C_in, L]} (or without the batch
 * dimension), weight {@code [C_out, C_in / groups, *kernel_size]}. Built as {@code new Conv1d(16, 33, 3)} or
 * with every option: {@code Conv1d.options(in, out, k).stride(2).padding(1).bias(false).build()}.
 * See {@link ConvNd} for initialisation and padding modes.
 */
public class Conv1d extends ConvNd {
    /**
     * Creates the layer with stride 1, no padding, with bias, as {@code nn.Conv1d(in_channels, out_channels,
     * kernel_size)}.
     *
     * @param inChannels  {@code in_channels}, the number of channels of the input
     * @param outChannels {@code out_channels}, the number of channels the convolution produces
     * @param kernelSize  {@code kernel_size}, the size of the kernel in every spatial dimension
     */
    public Conv1d(long inChannels, long outChannels, long kernelSize) {
        this(options(inChannels, outChannels, kernelSize));
    }

    /**
     * Creates the layer with a stride and padding, with bias, as {@code nn.Conv1d(in_channels, out_channels,
     * kernel_size, stride, padding)}.
     *
     * @param inChannels  {@code in_channels}, the number of channels of the input
     * @param outChannels {@code out_channels}, the number of channels the convolution produces
     * @param kernelSize  {@code kernel_size}, the size of the kernel in every spatial dimension
     * @param stride      the stride in every spatial dimension (PyTorch's default 1)
     * @param padding     zero padding added on both sides of each spatial dimension (PyTorch's default 0)
     */
    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(options(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long, long, long...)}
     * @throws IllegalArgumentException with PyTorch's message for options that do not fit together
     */
    public Conv1d(ConvOptions<Conv1d> options) {
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
    public static ConvOptions<Conv1d> options(long inChannels, long outChannels, long... kernelSize) {
        return new ConvOptions<>(1, false, inChannels, outChannels, kernelSize, Conv1d::new);
    }

    /**
     * Convolves the input, as {@code F.conv1d} (after padding it in {@code padding_mode}).
     *
     * @param input {@code (N, C_in, L_in)} or unbatched {@code (C_in, L_in)}
     * @return {@code (N, C_out, L_out)} (unbatched without N), with per dimension (padding {@code "same"}
     *         keeps the input's sizes)
     *         {@code L_out = floor((L_in + 2 padding - dilation (kernel_size - 1) - 1) / stride + 1)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return convForward(input, weight(), bias());
    }

    /**
     * This layer's convolution with another weight and bias, as PyTorch's {@code _conv_forward}: for
     * tensors derived from the layer's own, such as a weight with a following BatchNorm folded in.
     *
     * @param input  as for {@link #forward(Tensor)}
     * @param weight of the layer weight's shape
     * @param bias   of the layer bias's shape, or null for none
     * @return the convolution, with the layer's stride, padding (and padding mode), dilation and groups
     */
    public Tensor convForward(Tensor input, Tensor weight, Tensor bias) {
        return convForward(input, weight, bias, null, Clamp.NONE);
    }

    /**
     * {@link #convForward(Tensor, Tensor, Tensor)} plus {@code residual}, then {@code clamp(min, max)}: one
     * kernel where no gradient is recorded, for a following skip connection and ReLU (or ReLU6) folded in
     * for inference.
     *
     * @param input    as for {@link #forward(Tensor)}
     * @param weight   of the layer weight's shape
     * @param bias     of the layer bias's shape, or null for none
     * @param residual added before the clamp (broadcasting as {@code Tensor.add}), or null for none
     * @param clamp    the bounds of the output
     * @return the clamped sum
     */
    public Tensor convForward(Tensor input, Tensor weight, Tensor bias, Tensor residual, Clamp clamp) {
        return fusedConvolution(input, weight, bias, residual, clamp, false);
    }

    /**
     * {@link #convForward(Tensor, Tensor, Tensor, Tensor, Clamp)}, then with {@code average} each output
     * channel's mean over the output positions, which stay as dimensions of size 1: a global average
     * pooling that alone reads the result, folded in for inference (the kernel, where it takes the
     * shapes, averages as it stores and writes no full output).
     *
     * @param input    as for {@link #forward(Tensor)}
     * @param weight   of the layer weight's shape
     * @param bias     of the layer bias's shape, or null for none
     * @param residual added before the clamp (broadcasting as {@code Tensor.add}), or null for none
     * @param clamp    the bounds of the output
     * @param average  whether to return the mean over the positions instead of the output
     * @return the clamped sum, or its mean over the positions
     */
    public Tensor convForward(Tensor input, Tensor weight, Tensor bias, Tensor residual, Clamp clamp,
                              boolean average) {
        return fusedConvolution(input, weight, bias, residual, clamp, average);
    }
}
