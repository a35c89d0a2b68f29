package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 1-d average pooling of {@code [N, C, L]} to a fixed output length, as {@code torch.nn.AdaptiveAvgPool1d}.
 */
public class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
    /** Pooling to {@code outputSize}. */
    public AdaptiveAvgPool1d(long outputSize) {
        super(new long[] {outputSize});
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool1d(input, outputSize[0]);
    }
}
