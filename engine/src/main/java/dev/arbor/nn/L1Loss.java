package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/** The absolute error {@code |input - target|}, reduced, as {@code torch.nn.L1Loss}. */
public class L1Loss extends Loss {
    /** The mean over all elements. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** The loss reduced by {@code reduction}. */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction);
    }
}
