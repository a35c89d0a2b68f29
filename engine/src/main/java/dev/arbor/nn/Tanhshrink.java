package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code x - tanh(x)}, as {@code torch.nn.Tanhshrink}. */
public class Tanhshrink extends Module {
    /**
     * Creates the layer, as {@code nn.Tanhshrink()}.
     */
    public Tanhshrink() {
    }

    /**
     * Applies {@code x - tanh(x)} to each element, as {@code F.tanhshrink}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.tanhshrink(input);
    }
}
