package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * Binary cross-entropy of logits, computed stably, as {@code torch.nn.BCEWithLogitsLoss}: the
 * element weights and the positive-class weights (broadcast over the last dimension) are the buffers
 * {@code weight} and {@code pos_weight} (either registered as None when absent).
 */
public class BCEWithLogitsLoss extends Loss {
    /** Unweighted, mean. */
    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN, null);
    }

    /** Arguments in PyTorch's order: {@code weight}, {@code reduction}, {@code pos_weight} (tensors may be null). */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        registerBuffer("weight", weight);
        registerBuffer("pos_weight", posWeight);
    }

    /** The element weights, or null. */
    public Tensor weight() {
        return buffer("weight");
    }

    /** The positive-class weights, or null. */
    public Tensor posWeight() {
        return buffer("pos_weight");
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, weight(), posWeight(), reduction);
    }
}
