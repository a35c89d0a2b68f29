package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code max(x, 0)}, as {@code torch.nn.ReLU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class ReLU extends Module {
    private final boolean inplace;

    /**
     * Creates the layer, as {@code nn.ReLU()}.
     */
    public ReLU() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.ReLU(inplace)}.
     *
     * @param inplace {@code inplace}: accepted for PyTorch's signature and printed; the computation stays out
     *                of place (PyTorch's default false)
     */
    public ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    /**
     * Applies {@code max(x, 0)} to each element, as {@code F.relu}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.relu(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
