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

    /** The step between windows (default 1). */
    public ConvOptions<M> stride(long... stride) {
        this.stride = stride.clone();
        return this;
    }

    /** Padding added on both sides of each spatial dimension (default 0). */
    public ConvOptions<M> padding(long... padding) {
        this.padding = padding.clone();
        this.paddingString = null;
        return this;
    }

    /** {@code "valid"} (no padding) or {@code "same"} (the output as large as the input; stride 1 only). */
    public ConvOptions<M> padding(String padding) {
        this.paddingString = padding;
        return this;
    }

    /** Transposed convolutions only: size added on one side of each output dimension (default 0). */
    public ConvOptions<M> outputPadding(long... outputPadding) {
        this.outputPadding = outputPadding.clone();
        return this;
    }

    /** The spacing between kernel elements (default 1). */
    public ConvOptions<M> dilation(long... dilation) {
        this.dilation = dilation.clone();
        return this;
    }

    /** The number of blocked connections from input to output channels (default 1). */
    public ConvOptions<M> groups(long groups) {
        this.groups = groups;
        return this;
    }

    /** Whether the layer has a learnable bias (default true). */
    public ConvOptions<M> bias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /** {@code "zeros"} (default), {@code "reflect"}, {@code "replicate"} or {@code "circular"}. */
    public ConvOptions<M> paddingMode(String paddingMode) {
        this.paddingMode = paddingMode;
        return this;
    }

    /** The parameters' dtype (default float32). */
    public ConvOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /** The parameters' device (default the CPU). */
    public ConvOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /** The layer with these options. */
    public M build() {
        return factory.apply(this);
    }
}
