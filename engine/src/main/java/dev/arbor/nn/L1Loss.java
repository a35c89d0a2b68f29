package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/** The absolute error {@code |input - target|}, reduced, as {@code torch.nn.L1Loss}. */
public class L1Loss extends Loss {
    /** Creates the loss reduced by the mean over all elements, as {@code nn.L1Loss()}. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /**
     * Creates the loss reduced by {@code reduction}, as {@code nn.L1Loss(reduction=...)}.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    /**
     * Computes the absolute error of each element, reduced, as {@code F.l1_loss}.
     *
     * @param input  {@code (*)}, any shape
     * @param target {@code (*)}, the same shape as {@code input}
     * @return a 0-d tensor, or {@code (*)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction);
    }
}
