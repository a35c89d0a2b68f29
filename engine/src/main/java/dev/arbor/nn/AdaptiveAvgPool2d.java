package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 2-d average pooling of {@code [N, C, H, W]} to a fixed output size (one value for both dimensions, or two),
 * as {@code torch.nn.AdaptiveAvgPool2d}.
 */
public class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
    /** Pooling to {@code outputSize}. */
    public AdaptiveAvgPool2d(long... outputSize) {
        super(outputSize);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool2d(input, outputSize);
    }
}
