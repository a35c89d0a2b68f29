package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * tanh(softplus(x))}, as {@code torch.nn.Mish}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class Mish extends Module {
    private final boolean inplace;

    /**
     * Creates the layer, as {@code nn.Mish()}.
     */
    public Mish() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.Mish(inplace)}.
     *
     * @param inplace {@code inplace}: accepted for PyTorch's signature and printed; the computation stays out
     *                of place (PyTorch's default false)
     */
    public Mish(boolean inplace) {
        this.inplace = inplace;
    }

    /**
     * Applies {@code x * tanh(softplus(x))} to each element, as {@code F.mish}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.mish(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
