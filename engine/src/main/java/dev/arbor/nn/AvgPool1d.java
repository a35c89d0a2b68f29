package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 1-d average pooling of {@code [N, C, L]} (or without the batch dimension), as
 * {@code torch.nn.AvgPool1d}: {@code new AvgPool1d(2)}, or
 * {@code AvgPool1d.options(3).stride(2).padding(1).countIncludePad(false).build()}.
 */
public class AvgPool1d extends AvgPoolNd {
    /** Window and stride {@code kernelSize}. */
    public AvgPool1d(long kernelSize) {
        this(options(kernelSize));
    }

    /** Window {@code kernelSize}, the given stride, no padding. */
    public AvgPool1d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /** Window {@code kernelSize}, the given stride and padding. */
    public AvgPool1d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public AvgPool1d(AvgPoolOptions<AvgPool1d> options) {
        super(options);
        if (options.divisorOverride != null) {
            throw new IllegalArgumentException("AvgPool1d takes no divisor_override");
        }
    }

    /** The options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and {@code build()}. */
    public static AvgPoolOptions<AvgPool1d> options(long... kernelSize) {
        return new AvgPoolOptions<>(kernelSize, AvgPool1d::new);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    /** PyTorch keeps the 1-d sizes as tuples, so they print as {@code (3,)}. */
    @Override
    public String extraRepr() {
        return "kernel_size=" + PyRepr.tuple(kernelSize) + ", stride=" + PyRepr.tuple(stride) + ", padding="
                + PyRepr.tuple(padding);
    }
}
