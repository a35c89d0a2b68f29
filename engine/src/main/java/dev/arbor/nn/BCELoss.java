package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities, {@code -w (t log x + (1 - t) log(1 - x))} with the logs
 * clamped at -100, as {@code torch.nn.BCELoss}; the weight (broadcast to the input) is the buffer
 * {@code weight}.
 */
public class BCELoss extends WeightedLoss {
    /** Unweighted, mean. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** The loss with element weights {@code weight} (or null), reduced by {@code reduction}. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(weight, reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropy(input, target, weight(), reduction);
    }
}
