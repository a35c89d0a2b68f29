package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/** The squared error {@code (input - target)^2}, reduced, as {@code torch.nn.MSELoss}. */
public class MSELoss extends Loss {
    /** Creates the loss reduced by the mean over all elements, as {@code nn.MSELoss()}. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /**
     * Creates the loss reduced by {@code reduction}, as {@code nn.MSELoss(reduction=...)}.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    /**
     * Computes the squared error of each element, reduced, as {@code F.mse_loss}.
     *
     * @param input  {@code (*)}, any shape
     * @param target {@code (*)}, the same shape as {@code input}
     * @return a 0-d tensor, or {@code (*)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction);
    }
}
