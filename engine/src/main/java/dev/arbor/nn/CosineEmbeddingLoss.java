package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * {@code 1 - cos(x1, x2)} where the target is 1 and {@code max(0, cos(x1, x2) - margin)} where it is
 * -1, reduced, as {@code torch.nn.CosineEmbeddingLoss}; called with three tensors:
 * {@code Tensor loss = criterion.call(x1, x2, target);}.
 */
public class CosineEmbeddingLoss extends Loss {
    private final double margin;

    /** Creates the loss with margin 0, reduced by the mean, as {@code nn.CosineEmbeddingLoss()}. */
    public CosineEmbeddingLoss() {
        this(0, Reduction.MEAN);
    }

    /**
     * Creates the loss with a margin, reduced by the mean, as {@code nn.CosineEmbeddingLoss(margin)}.
     *
     * @param margin subtracted from the cosine of dissimilar pairs; in [-1, 1], 0 to 0.5 suggested
     *               (PyTorch's default 0)
     */
    public CosineEmbeddingLoss(double margin) {
        this(margin, Reduction.MEAN);
    }

    /**
     * Creates the loss, as {@code nn.CosineEmbeddingLoss(margin, reduction=...)}.
     *
     * @param margin    subtracted from the cosine of dissimilar pairs (PyTorch's default 0)
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    /**
     * Fails: this loss takes three inputs; use {@link #forward(Tensor, Tensor, Tensor)}.
     *
     * @param input1 ignored
     * @param input2 ignored
     * @return never
     * @throws IllegalArgumentException always
     */
    @Override
    public Tensor forward(Tensor input1, Tensor input2) {
        throw new IllegalArgumentException("CosineEmbeddingLoss.forward takes (input1, input2, target): three Tensors");
    }

    /**
     * Computes the loss of the pairs {@code (input1, input2)} against targets of 1 (similar) or -1
     * (dissimilar), as {@code F.cosine_embedding_loss}.
     *
     * @param input1 {@code (N, D)} or {@code (D)}
     * @param input2 shaped as {@code input1}
     * @param target {@code (N)} or {@code ()}, values 1 or -1
     * @return a 0-d tensor, or {@code (N)} with reduction {@code none}
     */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return F.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    /**
     * Runs {@link #forward(Tensor, Tensor, Tensor)} on {@code (input1, input2, target)}.
     *
     * @param inputs three tensors
     * @return the loss tensor
     * @throws IllegalArgumentException for anything but three tensors
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length != 3 || !(inputs[0] instanceof Tensor a) || !(inputs[1] instanceof Tensor b)
                || !(inputs[2] instanceof Tensor t)) {
            throw new IllegalArgumentException("CosineEmbeddingLoss.forward takes (input1, input2, target): three "
                    + "Tensors, got " + inputs.length + " arguments");
        }
        return forward(a, b, t);
    }
}
