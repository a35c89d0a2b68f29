package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Alpha dropout of whole channels of {@code [N, C, *]}, as {@code torch.nn.FeatureAlphaDropout}. See {@link
 * DropoutNd}.
 */
public class FeatureAlphaDropout extends DropoutNd {
    /**
     * Creates the layer with p 0.5, as {@code nn.FeatureAlphaDropout()}.
     */
    public FeatureAlphaDropout() {
        this(0.5, false);
    }

    /**
     * Creates the layer, as {@code nn.FeatureAlphaDropout(p)}.
     *
     * @param p the probability of a channel being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public FeatureAlphaDropout(double p) {
        this(p, false);
    }

    /**
     * Creates the layer, as {@code nn.FeatureAlphaDropout(p, inplace)}.
     *
     * @param p       the probability of a channel being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @param inplace accepted for PyTorch's signature and printed, and ignored as PyTorch 1.13's layer
     *                ignores it: the computation stays out of place
     *                (PyTorch's default false)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public FeatureAlphaDropout(double p, boolean inplace) {
        super(p, inplace);
    }

    /**
     * Applies alpha dropout to whole channels in training, as {@code F.feature_alpha_dropout};
     * returns the input in evaluation.
     *
     * @param input {@code (N, C, *)}
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.featureAlphaDropout(input, p, isTraining());
    }
}
