package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 3-d average pooling of {@code [N, C, D, H, W]} to a fixed output size (one value for all dimensions, or
 * three), as {@code torch.nn.AdaptiveAvgPool3d}.
 */
public class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
    /**
     * Creates the layer, as {@code nn.AdaptiveAvgPool3d(output_size)}.
     *
     * @param outputSize {@code output_size}: one value for every spatial dimension, or 3 values
     */
    public AdaptiveAvgPool3d(long... outputSize) {
        super(outputSize);
    }

    /**
     * Averages over windows chosen so that the output has the layer's size, as
     * {@code F.adaptive_avg_pool3d}.
     *
     * @param input {@code (N, C, D_in, H_in, W_in)} or unbatched {@code (C, D_in, H_in, W_in)}
     * @return {@code (N, C, D_out, H_out, W_out)} (unbatched without N), {@code (D_out, H_out, W_out)} being the output size
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool3d(input, outputSize);
    }
}
