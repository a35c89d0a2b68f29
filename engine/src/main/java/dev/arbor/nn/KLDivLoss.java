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

    /** Reduction mean (PyTorch's default), target as probabilities. */
    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    /** The loss reduced by {@code reduction}. */
    public KLDivLoss(Reduction reduction) {
        this(reduction, false);
    }

    /** The loss reduced by {@code reduction}, with the given {@code logTarget}. */
    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.klDiv(input, target, reduction, logTarget);
    }
}
