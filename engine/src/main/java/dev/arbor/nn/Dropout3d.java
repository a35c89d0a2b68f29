package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Zeroes whole channels of {@code [N, C, D, H, W]} (or {@code [C, D, H, W]}) with probability {@code p} in training,
 * as {@code torch.nn.Dropout3d}. See {@link DropoutNd}.
 */
public class Dropout3d extends DropoutNd {
    /** p = 0.5. */
    public Dropout3d() {
        this(0.5, false);
    }

    /** Drops with probability {@code p}. */
    public Dropout3d(double p) {
        this(p, false);
    }

    /** Drops with probability {@code p}; {@code inplace} is printed, the computation stays out of place. */
    public Dropout3d(double p, boolean inplace) {
        super(p, inplace);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout3d(input, p, isTraining());
    }
}
