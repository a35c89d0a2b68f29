package dev.arbor.nn;

import java.util.function.Function;

/**
 * The keyword arguments of the average-pooling layers, with PyTorch's defaults, built fluently:
 * {@code AvgPool2d.options(3).stride(2).padding(1).countIncludePad(false).build()}. Sizes take one
 * value or one per spatial dimension.
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class AvgPoolOptions<M extends Module> {
    final long[] kernelSize;
    long[] stride;
    long[] padding = {0};
    boolean ceilMode;
    boolean countIncludePad = true;
    Long divisorOverride;
    private final Function<AvgPoolOptions<M>, M> factory;

    AvgPoolOptions(long[] kernelSize, Function<AvgPoolOptions<M>, M> factory) {
        this.kernelSize = kernelSize.clone();
        this.factory = factory;
    }

    /** The step between windows (default: the kernel size). */
    public AvgPoolOptions<M> stride(long... stride) {
        this.stride = stride.clone();
        return this;
    }

    /** Implicit zero padding on both sides, at most half the kernel (default 0). */
    public AvgPoolOptions<M> padding(long... padding) {
        this.padding = padding.clone();
        return this;
    }

    /** Whether a last partial window makes an output element (default false). */
    public AvgPoolOptions<M> ceilMode(boolean ceilMode) {
        this.ceilMode = ceilMode;
        return this;
    }

    /** Whether the zero padding counts in the divisor (default true). */
    public AvgPoolOptions<M> countIncludePad(boolean countIncludePad) {
        this.countIncludePad = countIncludePad;
        return this;
    }

    /** 2-d and 3-d only: a fixed divisor instead of the window size (default none). */
    public AvgPoolOptions<M> divisorOverride(Long divisorOverride) {
        this.divisorOverride = divisorOverride;
        return this;
    }

    /** The layer with these options. */
    public M build() {
        return factory.apply(this);
    }
}
