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

    /**
     * Sets {@code stride}: the step between windows.
     *
     * @param stride one value for every spatial dimension, or one per dimension; PyTorch's default
     *               (None) is {@code kernel_size}
     * @return this builder
     */
    public AvgPoolOptions<M> stride(long... stride) {
        this.stride = stride.clone();
        return this;
    }

    /**
     * Sets {@code padding}: implicit zero padding added on both sides of each spatial dimension.
     *
     * @param padding one value for every spatial dimension, or one per dimension, each at most half the
     *                kernel size; PyTorch's default 0
     * @return this builder
     */
    public AvgPoolOptions<M> padding(long... padding) {
        this.padding = padding.clone();
        return this;
    }

    /**
     * Sets {@code ceil_mode}: whether the output size is rounded up, so that a last partial window (one
     * that starts inside the input or left padding) makes an output element.
     *
     * @param ceilMode true to round up; PyTorch's default false (round down)
     * @return this builder
     */
    public AvgPoolOptions<M> ceilMode(boolean ceilMode) {
        this.ceilMode = ceilMode;
        return this;
    }

    /**
     * Sets {@code count_include_pad}: whether the zero padding counts in the divisor of each average.
     *
     * @param countIncludePad true (PyTorch's default) to divide by the window size including padding;
     *                        false to divide by the number of input elements in the window
     * @return this builder
     */
    public AvgPoolOptions<M> countIncludePad(boolean countIncludePad) {
        this.countIncludePad = countIncludePad;
        return this;
    }

    /**
     * Sets {@code divisor_override}, for {@link AvgPool2d} and {@link AvgPool3d} only: a fixed divisor
     * instead of the window size.
     *
     * @param divisorOverride a non-zero divisor, or null (PyTorch's default None) for the window size
     * @return this builder
     */
    public AvgPoolOptions<M> divisorOverride(Long divisorOverride) {
        this.divisorOverride = divisorOverride;
        return this;
    }

    /** {@return a new layer with these options; the sizes are checked when it runs, as in PyTorch} */
    public M build() {
        return factory.apply(this);
    }
}
