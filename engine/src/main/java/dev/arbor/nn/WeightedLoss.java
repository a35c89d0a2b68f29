package dev.arbor.nn;

import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * A loss with per-class (or per-element) weights, as PyTorch's {@code _WeightedLoss}: the weight is the
 * buffer {@code weight} (registered as None when absent), so it moves with the module and is saved in
 * its state dict.
 */
public abstract class WeightedLoss extends Loss {
    /**
     * Creates a loss with the weight buffer {@code weight}, reduced by {@code reduction}.
     *
     * @param weight    the weights, or null (PyTorch's default None) for none
     * @param reduction how the per-element losses are reduced (PyTorch's default {@link Reduction#MEAN})
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    protected WeightedLoss(Tensor weight, Reduction reduction) {
        super(reduction);
        registerBuffer("weight", weight);
    }

    /** {@return the buffer {@code weight}, or null when the loss is unweighted} */
    public Tensor weight() {
        return buffer("weight");
    }
}
