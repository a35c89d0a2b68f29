package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x > 0 ? x : negative_slope * x}, as {@code torch.nn.LeakyReLU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;
    private final boolean inplace;

    /** {@code negativeSlope = 1e-2}. */
    public LeakyReLU() {
        this(1e-2, false);
    }

    /** The layer with the given {@code negativeSlope}. */
    public LeakyReLU(double negativeSlope) {
        this(negativeSlope, false);
    }

    /**
     * The layer with the given {@code negativeSlope}; {@code inplace} is printed, the computation stays out of
     * place.
     */
    public LeakyReLU(double negativeSlope, boolean inplace) {
        this.negativeSlope = negativeSlope;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.leakyRelu(input, negativeSlope);
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + PyRepr.of(negativeSlope) + LayerArgs.inplaceSuffix(inplace);
    }
}
