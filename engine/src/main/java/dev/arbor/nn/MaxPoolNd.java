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

    @Override
    public String extraRepr() {
        return "kernel_size=" + LayerArgs.asGiven(kernelSize) + ", stride=" + LayerArgs.asGiven(stride) + ", padding="
                + LayerArgs.asGiven(padding) + ", dilation=" + LayerArgs.asGiven(dilation) + ", ceil_mode="
                + PyRepr.of(ceilMode);
    }
}
