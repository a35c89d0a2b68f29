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

    /** Creates the unweighted loss, ignore index -100, reduced by the mean, as {@code nn.NLLLoss()}. */
    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    /**
     * Creates the loss weighted by class, ignore index -100, reduced by the mean, as {@code nn.NLLLoss(weight)}.
     *
     * @param weight per-class weights {@code (C)}, or null for equal weights
     */
    public NLLLoss(Tensor weight) {
        this(weight, -100, Reduction.MEAN);
    }

    /**
     * Creates the loss, as {@code nn.NLLLoss(weight, ignore_index=..., reduction=...)}.
     *
     * @param weight      per-class weights {@code (C)}, or null (PyTorch's default None) for equal weights
     * @param ignoreIndex {@code ignore_index}: targets equal to it count for nothing (PyTorch's default -100)
     * @param reduction   {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's
     *                    default; weighted by the targets' weights) or {@link Reduction#SUM}
     */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(weight, reduction);
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * Computes the negative log-likelihood, as {@code F.nll_loss}.
     *
     * @param input  log-probabilities {@code (N, C)}, {@code (C)} or {@code (N, C, d1, ..., dK)}
     * @param target int64 class indices in {@code [0, C)}: {@code (N)}, {@code ()} or {@code (N, d1, ..., dK)}
     * @return a 0-d tensor, or {@code (N)} / {@code (N, d1, ..., dK)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.nllLoss(input, target, weight(), ignoreIndex, reduction);
    }
}
