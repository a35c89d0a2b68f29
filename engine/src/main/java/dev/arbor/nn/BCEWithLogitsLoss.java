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
    /** Creates the unweighted loss reduced by the mean, as {@code nn.BCEWithLogitsLoss()}. */
    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN, null);
    }

    /**
     * Creates the loss with arguments in PyTorch's order, as
     * {@code nn.BCEWithLogitsLoss(weight, reduction=..., pos_weight=...)}.
     *
     * @param weight    element weights broadcast to the input, or null (PyTorch's default None) for none
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @param posWeight {@code pos_weight}: weights of the positive examples, one per class {@code (C)},
     *                  broadcast over the last dimension; or null (default) for none
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        registerBuffer("weight", weight);
        registerBuffer("pos_weight", posWeight);
    }

    /** {@return the buffer {@code weight} of element weights, or null} */
    public Tensor weight() {
        return buffer("weight");
    }

    /** {@return the buffer {@code pos_weight} of positive-class weights, or null} */
    public Tensor posWeight() {
        return buffer("pos_weight");
    }

    /**
     * Computes the binary cross-entropy of the sigmoid of {@code input}, as
     * {@code F.binary_cross_entropy_with_logits}.
     *
     * @param input  logits, {@code (*)}
     * @param target {@code (*)}, the same shape as {@code input}, values in [0, 1]
     * @return a 0-d tensor, or {@code (*)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, weight(), posWeight(), reduction);
    }
}
