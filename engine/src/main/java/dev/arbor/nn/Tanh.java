package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** The hyperbolic tangent, as {@code torch.nn.Tanh}. */
public class Tanh extends Module {
    /** The layer. */
    public Tanh() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.tanh(input);
    }
}
