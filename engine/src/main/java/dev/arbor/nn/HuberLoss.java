package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}, reduced, as
 * {@code torch.nn.HuberLoss} (delta 1.0).
 */
public class HuberLoss extends Loss {
    private final double delta;

    /** The mean, delta 1.0. */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /** The loss reduced by {@code reduction}. */
    public HuberLoss(Reduction reduction) {
        this(reduction, 1.0);
    }

    /** The loss reduced by {@code reduction}, with the given {@code delta}. */
    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.huberLoss(input, target, reduction, delta);
    }
}
