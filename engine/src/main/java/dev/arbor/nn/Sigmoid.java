package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code 1 / (1 + exp(-x))}, as {@code torch.nn.Sigmoid}. */
public class Sigmoid extends Module {
    /**
     * Creates the layer, as {@code nn.Sigmoid()}.
     */
    public Sigmoid() {
    }

    /**
     * Applies the logistic sigmoid to each element, as {@code F.sigmoid}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.sigmoid(input);
    }
}
