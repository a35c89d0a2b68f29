package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** Returns its input, as {@code torch.nn.Identity}: a placeholder that keeps a model's structure. */
public class Identity extends Module {
    /** The identity. */
    public Identity() {}

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
