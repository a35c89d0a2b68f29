package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * sigmoid(x)}, as {@code torch.nn.SiLU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
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
     * @param inplace {@code inplace}: accepted for PyTorch's signature and printed; the computation stays out
     *                of place (PyTorch's default false)
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
        return F.silu(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
