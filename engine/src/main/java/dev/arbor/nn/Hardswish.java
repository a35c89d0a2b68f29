package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * relu6(x + 3) / 6}, as {@code torch.nn.Hardswish}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch (which
 * prints no arguments for it).
 */
public class Hardswish extends Module {
    private final boolean inplace;

    /**
     * Creates the layer, as {@code nn.Hardswish()}.
     */
    public Hardswish() {
        this(false);
    }

    /**
     * Creates the layer, as {@code nn.Hardswish(inplace)}.
     *
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     */
    public Hardswish(boolean inplace) {
        this.inplace = inplace;
    }

    /**
     * Applies {@code x * relu6(x + 3) / 6} to each element, as {@code F.hardswish}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, F::hardswish);
    }
}
