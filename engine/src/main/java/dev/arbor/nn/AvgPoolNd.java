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

    /** The window size as given (one value for every dimension, or one per dimension). */
    public long[] kernelSize() {
        return kernelSize.clone();
    }

    /** The stride as given (the kernel size when none was). */
    public long[] stride() {
        return stride.clone();
    }

    /** The padding as given. */
    public long[] padding() {
        return padding.clone();
    }

    /** Whether a last partial window makes an output element. */
    public boolean ceilMode() {
        return ceilMode;
    }

    /** Whether the zero padding counts in the divisor. */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** The fixed divisor, or null for the window size. */
    public Long divisorOverride() {
        return divisorOverride;
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + LayerArgs.asGiven(kernelSize) + ", stride=" + LayerArgs.asGiven(stride) + ", padding="
                + LayerArgs.asGiven(padding);
    }
}
