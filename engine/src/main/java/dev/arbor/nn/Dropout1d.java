package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Zeroes whole channels of {@code [N, C, L]} (or {@code [C, L]}) with probability {@code p} in training, as
 * {@code torch.nn.Dropout1d}. See {@link DropoutNd}.
 */
public class Dropout1d extends DropoutNd {
    /** p = 0.5. */
    public Dropout1d() {
        this(0.5, false);
    }

    /** Drops with probability {@code p}. */
    public Dropout1d(double p) {
        this(p, false);
    }

    /** Drops with probability {@code p}; {@code inplace} is printed, the computation stays out of place. */
    public Dropout1d(double p, boolean inplace) {
        super(p, inplace);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout1d(input, p, isTraining());
    }
}
