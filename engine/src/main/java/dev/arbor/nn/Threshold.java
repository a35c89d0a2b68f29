package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x > threshold ? x : value}, as {@code torch.nn.Threshold}. The arguments are numbers as in
 * Python: an integer prints as one, a double as a float.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class Threshold extends Module {
    private final Number threshold;
    private final Number value;
    private final boolean inplace;

    /** The layer with the given {@code threshold}, {@code value}. */
    public Threshold(Number threshold, Number value) {
        this(threshold, value, false);
    }

    /**
     * The layer with the given {@code threshold}, {@code value}; {@code inplace} is printed, the computation stays
     * out of place.
     */
    public Threshold(Number threshold, Number value, boolean inplace) {
        this.threshold = threshold;
        this.value = value;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.threshold(input, threshold.doubleValue(), value.doubleValue());
    }

    @Override
    public String extraRepr() {
        return "threshold=" + LayerArgs.number(threshold) + ", value=" + LayerArgs.number(value)
                + LayerArgs.inplaceSuffix(inplace);
    }
}
