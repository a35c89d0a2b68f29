package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}, reduced, as
 * {@code torch.nn.SmoothL1Loss} (beta 1.0).
 */
public class SmoothL1Loss extends Loss {
    private final double beta;

    /** Creates the loss reduced by the mean, beta 1.0, as {@code nn.SmoothL1Loss()}. */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * Creates the loss reduced by {@code reduction}, beta 1.0.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     */
    public SmoothL1Loss(Reduction reduction) {
        this(reduction, 1.0);
    }

    /**
     * Creates the loss, as {@code nn.SmoothL1Loss(reduction=..., beta=...)}.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @param beta      the threshold between the quadratic and linear parts; non-negative, 0 for L1 (PyTorch's default 1.0)
     */
    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    /**
     * Computes the smooth L1 loss of each element's difference, reduced, as {@code F.smooth_l1_loss}.
     *
     * @param input  {@code (*)}, any shape
     * @param target {@code (*)}, the same shape as {@code input}
     * @return a 0-d tensor, or {@code (*)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.smoothL1Loss(input, target, reduction, beta);
    }
}
