package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 3-d average pooling of {@code [N, C, D, H, W]} to a fixed output size (one value for all dimensions, or
 * three), as {@code torch.nn.AdaptiveAvgPool3d}.
 */
public class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
    /** Pooling to {@code outputSize}. */
    public AdaptiveAvgPool3d(long... outputSize) {
        super(outputSize);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool3d(input, outputSize);
    }
}
