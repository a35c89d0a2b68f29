package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x > threshold ? x : value}, as {@code torch.nn.Threshold}. The arguments are numbers as in
 * Python: an integer prints as one, a double as a float.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
 */
public class Threshold extends Module {
    private final Number threshold;
    private final Number value;
    private final boolean inplace;

    /**
     * Creates the layer, as {@code nn.Threshold(threshold, value)}.
     *
     * @param threshold elements not above it are replaced; an Integer prints as an int, a Double as a float
     * @param value     the replacement
     */
    public Threshold(Number threshold, Number value) {
        this(threshold, value, false);
    }

    /**
     * Creates the layer, as {@code nn.Threshold(threshold, value, inplace)}.
     *
     * @param threshold elements not above it are replaced; an Integer prints as an int, a Double as a float
     * @param value     the replacement
     * @param inplace   whether the result is written into the input, which is returned
     *                  (PyTorch's default false)
     */
    public Threshold(Number threshold, Number value, boolean inplace) {
        this.threshold = threshold;
        this.value = value;
        this.inplace = inplace;
    }

    /**
     * Replaces each element not above {@code threshold} by {@code value}, as {@code F.threshold}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, x -> F.threshold(x, threshold.doubleValue(), value.doubleValue()));
    }

    @Override
    public String extraRepr() {
        return "threshold=" + LayerArgs.number(threshold) + ", value=" + LayerArgs.number(value)
                + LayerArgs.inplaceSuffix(inplace);
    }
}
