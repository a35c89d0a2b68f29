package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Dropout for SELU networks, as {@code torch.nn.AlphaDropout}: dropped elements take SELU's negative saturation value
 * and the result is scaled and shifted to keep the mean and variance. See {@link DropoutNd}.
 */
public class AlphaDropout extends DropoutNd {
    /** p = 0.5. */
    public AlphaDropout() {
        this(0.5, false);
    }

    /** Drops with probability {@code p}. */
    public AlphaDropout(double p) {
        this(p, false);
    }

    /** Drops with probability {@code p}; {@code inplace} is printed, the computation stays out of place. */
    public AlphaDropout(double p, boolean inplace) {
        super(p, inplace);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.alphaDropout(input, p, isTraining());
    }
}
