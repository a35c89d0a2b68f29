package dev.arbor.nn;

/** What the average-pooling layers share, as PyTorch's {@code _AvgPoolNd}: the arguments. */
public abstract class AvgPoolNd extends Module {
    final long[] kernelSize;
    final long[] stride;
    final long[] padding;
    final boolean ceilMode;
    final boolean countIncludePad;
    final Long divisorOverride;

    AvgPoolNd(AvgPoolOptions<?> o) {
        this.kernelSize = o.kernelSize;
        this.stride = o.stride == null || o.stride.length == 0 ? o.kernelSize : o.stride;
        this.padding = o.padding;
        this.ceilMode = o.ceilMode;
        this.countIncludePad = o.countIncludePad;
        this.divisorOverride = o.divisorOverride;
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

    /** {@return whether a last partial window makes an output element, {@code ceil_mode}} */
    public boolean ceilMode() {
        return ceilMode;
    }

    /** {@return whether the zero padding counts in the divisor, {@code count_include_pad}} */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** {@return the fixed divisor {@code divisor_override}, or null for the window size} */
    public Long divisorOverride() {
        return divisorOverride;
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + LayerArgs.asGiven(kernelSize) + ", stride=" + LayerArgs.asGiven(stride) + ", padding="
                + LayerArgs.asGiven(padding);
    }
}
