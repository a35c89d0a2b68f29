package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code relu6(x + 3) / 6}, as {@code torch.nn.Hardsigmoid}.
 * {@code inplace} is accepted; Arbor computes out of place (see {@link DropoutNd}). PyTorch prints no
 * arguments for it.
 */
public class Hardsigmoid extends Module {
    /** The layer with PyTorch's defaults. */
    public Hardsigmoid() {
        this(false);
    }

    /** The layer; {@code inplace} is accepted for PyTorch's signature. */
    public Hardsigmoid(boolean inplace) {
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardsigmoid(input);
    }
}
