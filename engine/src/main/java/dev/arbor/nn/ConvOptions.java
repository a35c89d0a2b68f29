package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import java.util.function.Function;

/**
 * The keyword arguments of the convolution layers, with PyTorch's defaults, built fluently:
 * {@code Conv2d.options(3, 16, 3).stride(2).padding(1).bias(false).build()}. Each size takes one
 * value for every spatial dimension or one per dimension. Made by the layers' {@code options}
 * methods ({@link Conv2d#options}, {@link ConvTranspose2d#options}, ...).
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class ConvOptions<M extends Module> {
    final int dims;
    final boolean transposed;
    final long inChannels;
    final long outChannels;
    final long[] kernelSize;
    long[] stride = {1};
    long[] padding = {0};
    String paddingString;
    long[] outputPadding = {0};
    long[] dilation = {1};
    long groups = 1;
    boolean bias = true;
    String paddingMode = "zeros";
    DType dtype = DType.FLOAT32;
    Device device = Device.CPU;
    private final Function<ConvOptions<M>, M> factory;

    ConvOptions(int dims, boolean transposed, long inChannels, long outChannels, long[] kernelSize,
                Function<ConvOptions<M>, M> factory) {
        this.dims = dims;
        this.transposed = transposed;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
        this.factory = factory;
    }

    /**
     * Sets {@code stride}: the step between the positions of the kernel.
     *
     * @param stride one value for every spatial dimension, or one per dimension; PyTorch's default 1
     * @return this builder
     */
    public ConvOptions<M> stride(long... stride) {
        this.stride = stride.clone();
        return this;
    }

    /**
     * Sets {@code padding} as sizes: implicit padding added on both sides of each spatial dimension,
     * in {@code padding_mode}. Replaces a padding string set before.
     *
     * @param padding one value for every spatial dimension, or one per dimension; PyTorch's default 0
     * @return this builder
     */
    public ConvOptions<M> padding(long... padding) {
        this.padding = padding.clone();
        this.paddingString = null;
        return this;
    }

    /**
     * Sets {@code padding} as a string: {@code "valid"} (no padding) or {@code "same"} (the output as
     * large as the input, stride 1 only; the odd element goes after). Not for transposed convolutions.
     *
     * @param padding {@code "valid"} or {@code "same"}; another string fails in {@link #build()}
     * @return this builder
     */
    public ConvOptions<M> padding(String padding) {
        this.paddingString = padding;
        return this;
    }

    /**
     * Sets {@code output_padding}, for transposed convolutions only: size added on one side of each
     * output dimension, to choose among the output sizes a stride allows.
     *
     * @param outputPadding one value for every spatial dimension, or one per dimension, each smaller than
     *                      the stride or the dilation; PyTorch's default 0
     * @return this builder
     */
    public ConvOptions<M> outputPadding(long... outputPadding) {
        this.outputPadding = outputPadding.clone();
        return this;
    }

    /**
     * Sets {@code dilation}: the spacing between kernel elements.
     *
     * @param dilation one value for every spatial dimension, or one per dimension; PyTorch's default 1
     * @return this builder
     */
    public ConvOptions<M> dilation(long... dilation) {
        this.dilation = dilation.clone();
        return this;
    }

    /**
     * Sets {@code groups}: the number of blocked connections from input to output channels.
     *
     * @param groups a positive divisor of both {@code in_channels} and {@code out_channels}; PyTorch's
     *               default 1 (every input channel reaches every output channel)
     * @return this builder
     */
    public ConvOptions<M> groups(long groups) {
        this.groups = groups;
        return this;
    }

    /**
     * Sets {@code bias}: whether the layer adds a learnable bias to the output.
     *
     * @param bias true (PyTorch's default) for a {@code bias} parameter {@code [out_channels]}
     * @return this builder
     */
    public ConvOptions<M> bias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /**
     * Sets {@code padding_mode}: how the padded positions are filled.
     *
     * @param paddingMode {@code "zeros"} (PyTorch's default), {@code "reflect"}, {@code "replicate"} or
     *                    {@code "circular"}; only {@code "zeros"} for transposed convolutions
     * @return this builder
     */
    public ConvOptions<M> paddingMode(String paddingMode) {
        this.paddingMode = paddingMode;
        return this;
    }

    /**
     * Sets {@code dtype}: the dtype the parameters are created with.
     *
     * @param dtype a floating-point dtype (default float32)
     * @return this builder
     */
    public ConvOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /**
     * Sets {@code device}: where the parameters are created.
     *
     * @param device the device (default the CPU)
     * @return this builder
     */
    public ConvOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /**
     * {@return a new layer with these options}
     *
     * @throws IllegalArgumentException with PyTorch's message for options that do not fit together
     *                                  (groups not dividing the channels, a bad padding string or mode)
     */
    public M build() {
        return factory.apply(this);
    }
}
