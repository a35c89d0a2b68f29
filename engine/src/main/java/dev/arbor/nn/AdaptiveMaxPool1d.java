package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 1-d max pooling of {@code [N, C, L]} to a fixed output length, as
 * {@code torch.nn.AdaptiveMaxPool1d}; see {@link AdaptiveMaxPoolNd} for {@code returnIndices}.
 */
public class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
    /** A layer that returns the pooled values only. */
    public AdaptiveMaxPool1d(long outputSize) {
        super(new long[] {outputSize}, false);
    }

    /** A layer that, with {@code returnIndices}, returns values and indices. */
    public AdaptiveMaxPool1d(long[] outputSize, boolean returnIndices) {
        super(outputSize, returnIndices);
    }

    @Override
    Tensor pool(Tensor input) {
        return F.adaptiveMaxPool1d(input, outputSize[0]);
    }

    @Override
    Tensor.ValuesIndices poolWithIndices(Tensor input) {
        return F.adaptiveMaxPool1dWithIndices(input, outputSize[0]);
    }
}
