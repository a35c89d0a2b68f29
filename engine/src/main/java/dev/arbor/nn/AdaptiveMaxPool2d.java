package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 2-d max pooling of {@code [N, C, H, W]} to a fixed output size (one value for both dimensions, or two), as
 * {@code torch.nn.AdaptiveMaxPool2d}; see {@link AdaptiveMaxPoolNd} for {@code returnIndices}.
 */
public class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
    /** A layer that returns the pooled values only. */
    public AdaptiveMaxPool2d(long... outputSize) {
        super(outputSize, false);
    }

    /** A layer that, with {@code returnIndices}, returns values and indices. */
    public AdaptiveMaxPool2d(long[] outputSize, boolean returnIndices) {
        super(outputSize, returnIndices);
    }

    @Override
    Tensor pool(Tensor input) {
        return F.adaptiveMaxPool2d(input, outputSize);
    }

    @Override
    Tensor.ValuesIndices poolWithIndices(Tensor input) {
        return F.adaptiveMaxPool2dWithIndices(input, outputSize);
    }
}
