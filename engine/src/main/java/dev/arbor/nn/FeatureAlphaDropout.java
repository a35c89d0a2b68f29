package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Alpha dropout of whole channels of {@code [N, C, *]}, as {@code torch.nn.FeatureAlphaDropout}. See {@link
 * DropoutNd}.
 */
public class FeatureAlphaDropout extends DropoutNd {
    /** p = 0.5. */
    public FeatureAlphaDropout() {
        this(0.5, false);
    }

    /** Drops with probability {@code p}. */
    public FeatureAlphaDropout(double p) {
        this(p, false);
    }

    /** Drops with probability {@code p}; {@code inplace} is printed, the computation stays out of place. */
    public FeatureAlphaDropout(double p, boolean inplace) {
        super(p, inplace);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.featureAlphaDropout(input, p, isTraining());
    }
}
