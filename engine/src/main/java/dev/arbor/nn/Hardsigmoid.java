package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code relu6(x + 3) / 6}, as {@code torch.nn.Hardsigmoid}.
 * {@code inplace} is accepted; Arbor computes out of place (see {@link DropoutNd}). PyTorch prints no
 * arguments for it.
 */
public class Hardsigmoid extends Module {
    /**
     * Creates the layer, as {@code nn.Hardsigmoid()}.
     */
    public Hardsigmoid() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.Hardsigmoid(inplace)}.
     *
     * @param inplace accepted for PyTorch's signature and ignored: the computation stays out of place and
     *                PyTorch prints no arguments (PyTorch's default false)
     */
    public Hardsigmoid(boolean inplace) {
    }

    /**
     * Applies {@code relu6(x + 3) / 6} to each element, as {@code F.hardsigmoid}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.hardsigmoid(input);
    }
}
