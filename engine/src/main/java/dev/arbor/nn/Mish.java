package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * tanh(softplus(x))}, as {@code torch.nn.Mish}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
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
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
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
        return InPlace.apply(inplace, input, F::mish);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
