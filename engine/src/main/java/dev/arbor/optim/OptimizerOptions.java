package dev.arbor.optim;

/**
 * The options every optimizer has (learning rate, weight decay, maximize), with fluent setters that
 * return the optimizer's own options type.
 */
public abstract class OptimizerOptions<O extends OptimizerOptions<O>> {
    double lr;
    double weightDecay;
    boolean maximize;

    OptimizerOptions(double lr) {
        this.lr = lr;
    }

    /** The learning rate. */
    public O lr(double v) {
        lr = v;
        return self();
    }

    /** The weight decay (L2 penalty; decoupled in AdamW). */
    public O weightDecay(double v) {
        weightDecay = v;
        return self();
    }

    /** Maximizes the objective instead of minimizing it. */
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
