package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 3-d max pooling of {@code [N, C, D, H, W]} to a fixed output size (one value for all
 * dimensions, or three), as
 * {@code torch.nn.AdaptiveMaxPool3d}; see {@link AdaptiveMaxPoolNd} for {@code returnIndices}.
 */
public class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd {
    /** A layer that returns the pooled values only. */
    public AdaptiveMaxPool3d(long... outputSize) {
        super(outputSize, false);
    }

    /** A layer that, with {@code returnIndices}, returns values and indices. */
    public AdaptiveMaxPool3d(long[] outputSize, boolean returnIndices) {
        super(outputSize, returnIndices);
    }

    @Override
    Tensor pool(Tensor input) {
        return F.adaptiveMaxPool3d(input, outputSize);
    }

    @Override
    Tensor.ValuesIndices poolWithIndices(Tensor input) {
        return F.adaptiveMaxPool3dWithIndices(input, outputSize);
    }
}
