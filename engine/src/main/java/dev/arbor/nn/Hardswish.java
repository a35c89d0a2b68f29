package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * relu6(x + 3) / 6}, as {@code torch.nn.Hardswish}.
 * {@code inplace} is accepted; Arbor computes out of place (see {@link DropoutNd}). PyTorch prints no
 * arguments for it.
 */
public class Hardswish extends Module {
    /** The layer with PyTorch's defaults. */
    public Hardswish() {
        this(false);
    }

    /** The layer; {@code inplace} is accepted for PyTorch's signature. */
    public Hardswish(boolean inplace) {
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardswish(input);
    }
}
