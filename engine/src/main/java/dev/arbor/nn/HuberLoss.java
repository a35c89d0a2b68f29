package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}, reduced, as
 * {@code torch.nn.HuberLoss} (delta 1.0).
 */
public class HuberLoss extends Loss {
    private final double delta;

    /** Creates the loss reduced by the mean, delta 1.0, as {@code nn.HuberLoss()}. */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * Creates the loss reduced by {@code reduction}, delta 1.0.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     */
    public HuberLoss(Reduction reduction) {
        this(reduction, 1.0);
    }

    /**
     * Creates the loss, as {@code nn.HuberLoss(reduction=..., delta=...)}.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @param delta     the threshold between the quadratic and linear parts; positive (PyTorch's default 1.0)
     */
    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    /**
     * Computes the Huber loss of each element's difference, reduced, as {@code F.huber_loss}.
     *
     * @param input  {@code (*)}, any shape
     * @param target {@code (*)}, the same shape as {@code input}
     * @return a 0-d tensor, or {@code (*)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.huberLoss(input, target, reduction, delta);
    }
}
