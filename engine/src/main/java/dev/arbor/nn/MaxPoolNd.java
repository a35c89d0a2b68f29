package dev.arbor.nn;

/**
 * What the max-pooling layers share, as PyTorch's {@code _MaxPoolNd}: the window arguments and the
 * repr. With {@code returnIndices} the layer returns the pooled values and the flat indices of the
 * maxima as a {@link dev.arbor.tensor.Tensor.ValuesIndices}: call it as
 * {@code Tensor.ValuesIndices r = pool.call((Object) x);}.
 */
public abstract class MaxPoolNd extends MaxPoolBase {
    final long[] kernelSize;
    final long[] stride;
    final long[] padding;
    final long[] dilation;
    final boolean ceilMode;

    MaxPoolNd(MaxPoolOptions<?> o) {
        super(o.returnIndices);
        this.kernelSize = o.kernelSize;
        this.stride = o.stride == null || o.stride.length == 0 ? o.kernelSize : o.stride;
        this.padding = o.padding;
        this.dilation = o.dilation;
        this.ceilMode = o.ceilMode;
    }

    /** {@return the window size {@code kernel_size} as given (one value for every dimension, or one per dimension)} */
    public long[] kernelSize() {
        return kernelSize.clone();
    }

    /** {@return the stride as given (the kernel size when none was)} */
    public long[] stride() {
        return stride.clone();
    }

    /** {@return the padding as given} */
    public long[] padding() {
        return padding.clone();
    }

    /** {@return the dilation as given} */
    public long[] dilation() {
        return dilation.clone();
    }

    /** {@return whether a last partial window makes an output element, {@code ceil_mode}} */
    public boolean ceilMode() {
        return ceilMode;
    }

    /** {@return whether the layer also returns the indices of the maxima, {@code return_indices}} */
    public boolean returnIndices() {
        return returnIndices;
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + LayerArgs.asGiven(kernelSize) + ", stride=" + LayerArgs.asGiven(stride) + ", padding="
                + LayerArgs.asGiven(padding) + ", dilation=" + LayerArgs.asGiven(dilation) + ", ceil_mode="
                + PyRepr.of(ceilMode);
    }
}
