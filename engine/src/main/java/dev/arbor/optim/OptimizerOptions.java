package dev.arbor.optim;

/**
 * The options every optimizer has (learning rate, weight decay, maximize), with fluent setters that
 * return the optimizer's own options type.
 *
 * @param <O> the optimizer's own options type, which the setters return for chaining
 */
public abstract class OptimizerOptions<O extends OptimizerOptions<O>> {
    double lr;
    double weightDecay;
    boolean maximize;

    OptimizerOptions(double lr) {
        this.lr = lr;
    }

    /**
     * Sets the learning rate ({@code lr}).
     *
     * @param v the learning rate, 0 or more
     * @return these options
     */
    public O lr(double v) {
        lr = v;
        return self();
    }

    /**
     * Sets the weight decay ({@code weight_decay}): an L2 penalty added to the gradient, decoupled
     * (applied to the parameter directly) in AdamW.
     *
     * @param v the decay factor, 0 or more
     * @return these options
     */
    public O weightDecay(double v) {
        weightDecay = v;
        return self();
    }

    /**
     * Sets whether the objective is maximized instead of minimized ({@code maximize}, default false).
     *
     * @param v true to step along the gradient rather than against it
     * @return these options
     */
    public O maximize(boolean v) {
        maximize = v;
        return self();
    }

    @SuppressWarnings("unchecked")
    final O self() {
        return (O) this;
    }

    /** Checks the shared options with PyTorch's messages. */
    void checkCommon() {
        Optimizer.check(lr >= 0, "learning rate", lr);
        Optimizer.check(weightDecay >= 0, "weight_decay value", weightDecay);
    }
}
