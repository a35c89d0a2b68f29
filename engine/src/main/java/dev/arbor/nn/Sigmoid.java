package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code 1 / (1 + exp(-x))}, as {@code torch.nn.Sigmoid}. */
public class Sigmoid extends Module {
    /** The layer. */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.sigmoid(input);
    }
}
