package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * 3-d average pooling of {@code [N, C, D, H, W]} (or without the batch dimension), as
 * {@code torch.nn.AvgPool3d}: {@code new AvgPool3d(2)}, or
 * {@code AvgPool3d.options(3).stride(2).padding(1).countIncludePad(false).build()}.
 */
public class AvgPool3d extends AvgPoolNd {
    /** Window and stride {@code kernelSize}. */
    public AvgPool3d(long kernelSize) {
        this(options(kernelSize));
    }

    /** Window {@code kernelSize}, the given stride, no padding. */
    public AvgPool3d(long kernelSize, long stride) {
        this(options(kernelSize).stride(stride));
    }

    /** Window {@code kernelSize}, the given stride and padding. */
    public AvgPool3d(long kernelSize, long stride, long padding) {
        this(options(kernelSize).stride(stride).padding(padding));
    }

    /** The layer with {@code options}. */
    public AvgPool3d(AvgPoolOptions<AvgPool3d> options) {
        super(options);
    }

    /** The options of a layer with window {@code kernelSize} and PyTorch's defaults, to adjust and {@code build()}. */
    public static AvgPoolOptions<AvgPool3d> options(long... kernelSize) {
        return new AvgPoolOptions<>(kernelSize, AvgPool3d::new);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.avgPool3d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
