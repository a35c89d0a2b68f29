package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** The hyperbolic tangent, as {@code torch.nn.Tanh}. */
public class Tanh extends Module {
    /**
     * Creates the layer, as {@code nn.Tanh()}.
     */
    public Tanh() {
    }

    /**
     * Applies the hyperbolic tangent to each element, as {@code F.tanh}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.tanh(input);
    }
}
