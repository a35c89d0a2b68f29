package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code x / (1 + |x|)}, as {@code torch.nn.Softsign}. */
public class Softsign extends Module {
    /** The layer. */
    public Softsign() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softsign(input);
    }
}
