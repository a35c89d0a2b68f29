package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * The KL divergence {@code target * (log(target) - input)} of log-probabilities {@code input}, as
 * {@code torch.nn.KLDivLoss}; {@link Reduction#BATCHMEAN} gives the true KL divergence, and with
 * {@code logTarget} the target is given as log-probabilities too.
 */
public class KLDivLoss extends Loss {
    private final boolean logTarget;

    /** Creates the loss reduced by the mean (PyTorch's default), target as probabilities, as {@code nn.KLDivLoss()}. */
    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    /**
     * Creates the loss reduced by {@code reduction}, target as probabilities.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default),
     *                  {@link Reduction#SUM} or {@link Reduction#BATCHMEAN} (the true KL divergence)
     */
    public KLDivLoss(Reduction reduction) {
        this(reduction, false);
    }

    /**
     * Creates the loss, as {@code nn.KLDivLoss(reduction=..., log_target=...)}.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default),
     *                  {@link Reduction#SUM} or {@link Reduction#BATCHMEAN} (the true KL divergence)
     * @param logTarget {@code log_target}: whether the target is given as log-probabilities (PyTorch's
     *                  default false)
     */
    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    /**
     * Computes the pointwise KL divergence, reduced, as {@code F.kl_div}.
     *
     * @param input  log-probabilities, {@code (*)}
     * @param target probabilities (log-probabilities with {@code log_target}), the same shape as {@code input}
     * @return a 0-d tensor, or {@code (*)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.klDiv(input, target, reduction, logTarget);
    }
}
