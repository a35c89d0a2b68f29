package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code max(x, 0)}, as {@code torch.nn.ReLU}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
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
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
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
        return InPlace.apply(inplace, input, F::relu);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
