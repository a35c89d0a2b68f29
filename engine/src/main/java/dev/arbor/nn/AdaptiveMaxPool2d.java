package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 2-d max pooling of {@code [N, C, H, W]} to a fixed output size (one value for both dimensions, or two), as
 * {@code torch.nn.AdaptiveMaxPool2d}; see {@link AdaptiveMaxPoolNd} for {@code returnIndices}.
 */
public class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
    /**
     * Creates a layer that returns the pooled values only, as {@code nn.AdaptiveMaxPool2d(output_size)}.
     *
     * @param outputSize {@code output_size}: one value for every spatial dimension, or 2 values
     */
    public AdaptiveMaxPool2d(long... outputSize) {
        super(outputSize, false);
    }

    /**
     * Creates a layer that, with {@code returnIndices}, returns values and indices, as
     * {@code nn.AdaptiveMaxPool2d(output_size, return_indices)}.
     *
     * @param outputSize {@code output_size}: one value for every spatial dimension, or 2 values
     * @param returnIndices {@code return_indices}: true for a layer whose {@code call((Object) x)} returns
     *                      a {@link Tensor.ValuesIndices} (PyTorch's default false)
     */
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
