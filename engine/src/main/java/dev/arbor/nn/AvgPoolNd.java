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

    @Override
    public String extraRepr() {
        return "kernel_size=" + LayerArgs.asGiven(kernelSize) + ", stride=" + LayerArgs.asGiven(stride) + ", padding="
                + LayerArgs.asGiven(padding);
    }
}
