package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Zeroes whole channels of {@code [N, C, H, W]} with probability {@code p} in training, as {@code torch.nn.Dropout2d}
 * (a 3-d input is taken as {@code [N, C, L]}, as in PyTorch 1.13). See {@link DropoutNd}.
 */
public class Dropout2d extends DropoutNd {
    /** p = 0.5. */
    public Dropout2d() {
        this(0.5, false);
    }

    /** Drops with probability {@code p}. */
    public Dropout2d(double p) {
        this(p, false);
    }

    /** Drops with probability {@code p}; {@code inplace} is printed, the computation stays out of place. */
    public Dropout2d(double p, boolean inplace) {
        super(p, inplace);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout2d(input, p, isTraining());
    }
}
