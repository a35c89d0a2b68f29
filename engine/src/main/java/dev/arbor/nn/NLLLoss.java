package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * The negative log-likelihood of log-probabilities {@code [N, C, d1...]} at int64 class indices, as
 * {@code torch.nn.NLLLoss}: class weights (the buffer {@code weight}, or null), targets equal to
 * {@code ignoreIndex} (-100) skipped, the mean weighted by the targets' weights.
 */
public class NLLLoss extends WeightedLoss {
    private final long ignoreIndex;

    /** Unweighted, ignore index -100, mean. */
    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    /** Weighted by class, ignore index -100, mean. */
    public NLLLoss(Tensor weight) {
        this(weight, -100, Reduction.MEAN);
    }

    /**
     * Class weights {@code weight} (or null), targets equal to {@code ignoreIndex} skipped, reduced by {@code
     * reduction}.
     */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(weight, reduction);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.nllLoss(input, target, weight(), ignoreIndex, reduction);
    }
}
