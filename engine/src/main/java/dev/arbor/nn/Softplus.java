package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code log(1 + exp(beta * x)) / beta}, linear where {@code beta * x > threshold}, as
 * {@code torch.nn.Softplus} (beta 1, threshold 20). The arguments are numbers as in Python: an integer
 * prints as one ({@code beta=1}), a double as a float ({@code beta=1.0}).
 */
public class Softplus extends Module {
    private final Number beta;
    private final Number threshold;

    /** The layer with PyTorch's defaults. */
    public Softplus() {
        this(1, 20);
    }

    /** The layer with the given {@code beta}, {@code threshold}. */
    public Softplus(Number beta, Number threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softplus(input, beta.doubleValue(), threshold.doubleValue());
    }

    @Override
    public String extraRepr() {
        return "beta=" + LayerArgs.number(beta) + ", threshold=" + LayerArgs.number(threshold);
    }
}
