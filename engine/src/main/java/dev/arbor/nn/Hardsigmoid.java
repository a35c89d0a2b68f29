package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code relu6(x + 3) / 6}, as {@code torch.nn.Hardsigmoid}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch (which
 * prints no arguments for it).
 */
public class Hardsigmoid extends Module {
    private final boolean inplace;

    /**
     * Creates the layer, as {@code nn.Hardsigmoid()}.
     */
    public Hardsigmoid() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.Hardsigmoid(inplace)}.
     *
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     */
    public Hardsigmoid(boolean inplace) {
        this.inplace = inplace;
    }

    /**
     * Applies {@code relu6(x + 3) / 6} to each element, as {@code F.hardsigmoid}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, F::hardsigmoid);
    }
}
