package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * The self-normalising ELU, {@code scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))}, as {@code torch.nn.SELU}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
 */
public class SELU extends Module {
    private final boolean inplace;

    /**
     * Creates the layer, as {@code nn.SELU()}.
     */
    public SELU() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.SELU(inplace)}.
     *
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     */
    public SELU(boolean inplace) {
        this.inplace = inplace;
    }

    /**
     * Applies SELU to each element, as {@code F.selu}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, F::selu);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
