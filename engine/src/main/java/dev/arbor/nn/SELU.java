package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * The self-normalising ELU, {@code scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))}, as {@code torch.nn.SELU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
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
     * @param inplace {@code inplace}: accepted for PyTorch's signature and printed; the computation stays out
     *                of place (PyTorch's default false)
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
        return F.selu(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
