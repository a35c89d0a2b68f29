package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * relu6(x + 3) / 6}, as {@code torch.nn.Hardswish}.
 * {@code inplace} is accepted; Arbor computes out of place (see {@link DropoutNd}). PyTorch prints no
 * arguments for it.
 */
public class Hardswish extends Module {
    /**
     * Creates the layer, as {@code nn.Hardswish()}.
     */
    public Hardswish() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.Hardswish(inplace)}.
     *
     * @param inplace accepted for PyTorch's signature and ignored: the computation stays out of place and
     *                PyTorch prints no arguments (PyTorch's default false)
     */
    public Hardswish(boolean inplace) {
    }

    /**
     * Applies {@code x * relu6(x + 3) / 6} to each element, as {@code F.hardswish}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.hardswish(input);
    }
}
