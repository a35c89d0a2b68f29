package dev.arbor.nn;

import java.util.function.Function;

/**
 * The keyword arguments of the max-pooling layers, with PyTorch's defaults, built fluently:
 * {@code MaxPool2d.options(3).stride(2).padding(1).build()}. Sizes take one value or one per spatial
 * dimension; the repr prints them as given, as PyTorch does.
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class MaxPoolOptions<M extends Module> {
    final long[] kernelSize;
    long[] stride;
    long[] padding = {0};
    long[] dilation = {1};
    boolean returnIndices;
    boolean ceilMode;
    private final Function<MaxPoolOptions<M>, M> factory;

    MaxPoolOptions(long[] kernelSize, Function<MaxPoolOptions<M>, M> factory) {
        this.kernelSize = kernelSize.clone();
        this.factory = factory;
    }

    /** The step between windows (default: the kernel size). */
    public MaxPoolOptions<M> stride(long... stride) {
        this.stride = stride.clone();
        return this;
    }

    /** Implicit {@code -inf} padding on both sides, at most half the kernel (default 0). */
    public MaxPoolOptions<M> padding(long... padding) {
        this.padding = padding.clone();
        return this;
    }

    /** The spacing between window elements (default 1). */
    public MaxPoolOptions<M> dilation(long... dilation) {
        this.dilation = dilation.clone();
        return this;
    }

    /** Whether the layer also returns the indices of the maxima (default false); see {@link MaxPoolNd}. */
    public MaxPoolOptions<M> returnIndices(boolean returnIndices) {
        this.returnIndices = returnIndices;
        return this;
    }

    /** Whether a last partial window makes an output element (default false). */
    public MaxPoolOptions<M> ceilMode(boolean ceilMode) {
        this.ceilMode = ceilMode;
        return this;
    }

    /** The layer with these options. */
    public M build() {
        return factory.apply(this);
    }
}
