package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * Returns its input, as {@code torch.nn.Identity}: a placeholder that keeps a model's structure. As
 * PyTorch's, it passes on one input of any kind (a tensor, a layer's output record, a list, null),
 * so it can stand in for a layer whose output is not a tensor, as in {@code Sequential(lstm, identity)}.
 */
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

    /**
     * Returns its one input, whatever it is, as PyTorch's {@code forward(input)}.
     *
     * @param inputs exactly one input, of any type (null for None)
     * @return that input itself
     * @throws IllegalArgumentException with PyTorch's message for no input or several
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("Identity.forward() missing 1 required positional argument: 'input'");
        }
        if (inputs.length > 1) {
            throw new IllegalArgumentException("Identity.forward() takes 2 positional arguments but "
                    + (inputs.length + 1) + " were given");
        }
        return inputs[0];
    }
}
