package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 1-d max pooling of {@code [N, C, L]} to a fixed output length, as
 * {@code torch.nn.AdaptiveMaxPool1d}; see {@link AdaptiveMaxPoolNd} for {@code returnIndices}.
 */
public class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
    /**
     * Creates a layer that returns the pooled values only, as {@code nn.AdaptiveMaxPool1d(output_size)}.
     *
     * @param outputSize {@code output_size}, the output length L_out (one value)
     */
    public AdaptiveMaxPool1d(long outputSize) {
        super(new long[] {outputSize}, false);
    }

    /**
     * Creates a layer that, with {@code returnIndices}, returns values and indices, as
     * {@code nn.AdaptiveMaxPool1d(output_size, return_indices)}.
     *
     * @param outputSize {@code output_size}, the output length L_out (one value)
     * @param returnIndices {@code return_indices}: true for a layer whose {@code call((Object) x)} returns
     *                      a {@link Tensor.ValuesIndices} (PyTorch's default false)
     */
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
