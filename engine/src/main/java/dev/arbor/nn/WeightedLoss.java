package dev.arbor.nn;

import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * A loss with per-class (or per-element) weights, as PyTorch's {@code _WeightedLoss}: the weight is the
 * buffer {@code weight} (registered as None when absent), so it moves with the module and is saved in
 * its state dict.
 */
public abstract class WeightedLoss extends Loss {
    /** A loss with the weight buffer {@code weight} (or null), reduced by {@code reduction}. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    protected WeightedLoss(Tensor weight, Reduction reduction) {
        super(reduction);
        registerBuffer("weight", weight);
    }

    /** The weight buffer, or null. */
    public Tensor weight() {
        return buffer("weight");
    }
}
