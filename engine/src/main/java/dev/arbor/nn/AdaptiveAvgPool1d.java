package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Adaptive 1-d average pooling of {@code [N, C, L]} to a fixed output length, as {@code torch.nn.AdaptiveAvgPool1d}.
 */
public class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
    /**
     * Creates the layer, as {@code nn.AdaptiveAvgPool1d(output_size)}.
     *
     * @param outputSize {@code output_size}, the output length L_out (one value)
     */
    public AdaptiveAvgPool1d(long outputSize) {
        super(new long[] {outputSize});
    }

    /**
     * Averages over windows chosen so that the output has the layer's size, as
     * {@code F.adaptive_avg_pool1d}.
     *
     * @param input {@code (N, C, L_in)} or unbatched {@code (C, L_in)}
     * @return {@code (N, C, L_out)} (unbatched without N), {@code (L_out)} being the output size
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool1d(input, outputSize[0]);
    }
}
