package dev.arbor.optim;

/**
 * The options of the optimizers that divide by a running gradient magnitude: the shared ones and {@code eps}.
 *
 * @param <O> the optimizer's own options type, which the setters return for chaining
 */
public abstract class AdaptiveOptions<O extends AdaptiveOptions<O>> extends OptimizerOptions<O> {
    double eps;

    AdaptiveOptions(double lr, double eps) {
        super(lr);
        this.eps = eps;
    }

    /**
     * Sets {@code eps}, the term added to the denominator for numerical stability.
     *
     * @param v the term, 0 or more
     * @return these options
     */
    public O eps(double v) {
        eps = v;
        return self();
    }

    @Override
    void checkCommon() {
        super.checkCommon();
        Optimizer.check(eps >= 0, "epsilon value", eps);
    }
}
