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

    /** Margin 0, mean. */
    public CosineEmbeddingLoss() {
        this(0, Reduction.MEAN);
    }

    /** The loss with the given {@code margin}, averaged. */
    public CosineEmbeddingLoss(double margin) {
        this(margin, Reduction.MEAN);
    }

    /** The loss with the given {@code margin}, reduced by {@code reduction}. */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    /** Not a two-input loss: use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input1, Tensor input2) {
        throw new IllegalArgumentException("CosineEmbeddingLoss.forward takes (input1, input2, target): three Tensors");
    }

    /** The loss of the pairs {@code (input1, input2)} against targets of 1 or -1. */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return F.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    /** {@code (input1, input2, target)}. */
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
