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
    /** Creates the unweighted loss reduced by the mean, as {@code nn.BCELoss()}. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /**
     * Creates the loss, as {@code nn.BCELoss(weight, reduction=...)}.
     *
     * @param weight    element weights broadcast to the input, or null (PyTorch's default None) for none
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(weight, reduction);
    }

    /**
     * Computes the binary cross-entropy, as {@code F.binary_cross_entropy}.
     *
     * @param input  probabilities in [0, 1], {@code (*)}
     * @param target {@code (*)}, the same shape as {@code input}, values in [0, 1]
     * @return a 0-d tensor, or {@code (*)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropy(input, target, weight(), reduction);
    }
}
