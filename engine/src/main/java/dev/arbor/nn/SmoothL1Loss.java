package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}, reduced, as
 * {@code torch.nn.SmoothL1Loss} (beta 1.0).
 */
public class SmoothL1Loss extends Loss {
    private final double beta;

    /** The mean, beta 1.0. */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    /** The loss reduced by {@code reduction}. */
    public SmoothL1Loss(Reduction reduction) {
        this(reduction, 1.0);
    }

    /** The loss reduced by {@code reduction}, with the given {@code beta}. */
    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.smoothL1Loss(input, target, reduction, beta);
    }
}
