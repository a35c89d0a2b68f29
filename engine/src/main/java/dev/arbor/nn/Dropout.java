package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Zeroes each element with probability {@code p} in training and scales the rest by {@code 1 / (1 - p)}, as
 * {@code torch.nn.Dropout}. See {@link DropoutNd}.
 */
public class Dropout extends DropoutNd {
    /** p = 0.5. */
    public Dropout() {
        this(0.5, false);
    }

    /** Drops with probability {@code p}. */
    public Dropout(double p) {
        this(p, false);
    }

    /** Drops with probability {@code p}; {@code inplace} is printed, the computation stays out of place. */
    public Dropout(double p, boolean inplace) {
        super(p, inplace);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout(input, p, isTraining());
    }
}
