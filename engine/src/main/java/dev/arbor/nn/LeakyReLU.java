package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x > 0 ? x : negative_slope * x}, as {@code torch.nn.LeakyReLU}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;
    private final boolean inplace;

    /**
     * Creates the layer with negative slope 0.01, as {@code nn.LeakyReLU()}.
     */
    public LeakyReLU() {
        this(1e-2, false);
    }

    /**
     * Creates the layer, as {@code nn.LeakyReLU(negative_slope)}.
     *
     * @param negativeSlope {@code negative_slope}, the factor of negative inputs (PyTorch's default 0.01)
     */
    public LeakyReLU(double negativeSlope) {
        this(negativeSlope, false);
    }

    /**
     * Creates the layer, as {@code nn.LeakyReLU(negative_slope, inplace)}.
     *
     * @param negativeSlope {@code negative_slope}, the factor of negative inputs (PyTorch's default 0.01)
     * @param inplace       whether the result is written into the input, which is returned
     *                      (PyTorch's default false)
     */
    public LeakyReLU(double negativeSlope, boolean inplace) {
        this.negativeSlope = negativeSlope;
        this.inplace = inplace;
    }

    /**
     * Applies {@code x > 0 ? x : negative_slope * x} to each element, as {@code F.leaky_relu}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, x -> F.leakyRelu(x, negativeSlope));
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + PyRepr.of(negativeSlope) + LayerArgs.inplaceSuffix(inplace);
    }
}
