package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/** The squared error {@code (input - target)^2}, reduced, as {@code torch.nn.MSELoss}. */
public class MSELoss extends Loss {
    /** The mean over all elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** The loss reduced by {@code reduction}. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction);
    }
}
