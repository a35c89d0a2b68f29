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

    /**
     * Creates the layer with beta 1, threshold 20, as {@code nn.Softplus()}.
     */
    public Softplus() {
        this(1, 20);
    }

    /**
     * Creates the layer, as {@code nn.Softplus(beta, threshold)}.
     *
     * @param beta      the sharpness (PyTorch's default 1); an Integer prints as an int, a Double as a float
     * @param threshold the result is linear where {@code beta * x > threshold} (PyTorch's default 20)
     */
    public Softplus(Number beta, Number threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    /**
     * Applies {@code log(1 + exp(beta * x)) / beta} to each element, as {@code F.softplus}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.softplus(input, beta.doubleValue(), threshold.doubleValue());
    }

    @Override
    public String extraRepr() {
        return "beta=" + LayerArgs.number(beta) + ", threshold=" + LayerArgs.number(threshold);
    }
}
