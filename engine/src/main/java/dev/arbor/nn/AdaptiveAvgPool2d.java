package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 2-d average pooling of {@code [N, C, H, W]} to a fixed output size (one value for both dimensions, or two),
 * as {@code torch.nn.AdaptiveAvgPool2d}.
 */
public class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
    /**
     * Creates the layer, as {@code nn.AdaptiveAvgPool2d(output_size)}.
     *
     * @param outputSize {@code output_size}: one value for every spatial dimension, or 2 values
     */
    public AdaptiveAvgPool2d(long... outputSize) {
        super(outputSize);
    }

    /**
     * Averages over windows chosen so that the output has the layer's size, as
     * {@code F.adaptive_avg_pool2d}.
     *
     * @param input {@code (N, C, H_in, W_in)} or unbatched {@code (C, H_in, W_in)}
     * @return {@code (N, C, H_out, W_out)} (unbatched without N), {@code (H_out, W_out)} being the output size
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool2d(input, outputSize);
    }
}
