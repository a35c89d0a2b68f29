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

    /**
     * Sets {@code stride}: the step between windows.
     *
     * @param stride one value for every spatial dimension, or one per dimension; PyTorch's default
     *               (None) is {@code kernel_size}
     * @return this builder
     */
    public MaxPoolOptions<M> stride(long... stride) {
        this.stride = stride.clone();
        return this;
    }

    /**
     * Sets {@code padding}: implicit {@code -inf} padding added on both sides of each spatial dimension.
     *
     * @param padding one value for every spatial dimension, or one per dimension, each at most half the
     *                kernel size; PyTorch's default 0
     * @return this builder
     */
    public MaxPoolOptions<M> padding(long... padding) {
        this.padding = padding.clone();
        return this;
    }

    /**
     * Sets {@code dilation}: the spacing between the elements of a window.
     *
     * @param dilation one value for every spatial dimension, or one per dimension; PyTorch's default 1
     * @return this builder
     */
    public MaxPoolOptions<M> dilation(long... dilation) {
        this.dilation = dilation.clone();
        return this;
    }

    /**
     * Sets {@code return_indices}: whether the layer also returns the indices of the maxima; see
     * {@link MaxPoolNd}.
     *
     * @param returnIndices true to return {@code (output, indices)}; PyTorch's default false
     * @return this builder
     */
    public MaxPoolOptions<M> returnIndices(boolean returnIndices) {
        this.returnIndices = returnIndices;
        return this;
    }

    /**
     * Sets {@code ceil_mode}: whether the output size is rounded up, so that a last partial window (one
     * that starts inside the input or left padding) makes an output element.
     *
     * @param ceilMode true to round up; PyTorch's default false (round down)
     * @return this builder
     */
    public MaxPoolOptions<M> ceilMode(boolean ceilMode) {
        this.ceilMode = ceilMode;
        return this;
    }

    /** {@return a new layer with these options; the sizes are checked when it runs, as in PyTorch} */
    public M build() {
        return factory.apply(this);
    }
}
