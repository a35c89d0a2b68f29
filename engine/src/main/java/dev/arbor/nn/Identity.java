package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** Returns its input, as {@code torch.nn.Identity}: a placeholder that keeps a model's structure. */
public class Identity extends Module {
    /** Creates the layer, as {@code nn.Identity()} (which ignores any arguments). */
    public Identity() {}

    /**
     * Returns its input.
     *
     * @param input any tensor
     * @return {@code input} itself
     */
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
