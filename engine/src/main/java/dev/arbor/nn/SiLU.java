package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * sigmoid(x)}, as {@code torch.nn.SiLU}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
 */
public class SiLU extends Module {
    private final boolean inplace;

    /**
     * Creates the layer, as {@code nn.SiLU()}.
     */
    public SiLU() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.SiLU(inplace)}.
     *
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     */
    public SiLU(boolean inplace) {
        this.inplace = inplace;
    }

    /**
     * Applies {@code x * sigmoid(x)} to each element, as {@code F.silu}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, F::silu);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
