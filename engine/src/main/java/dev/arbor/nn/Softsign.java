package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code x / (1 + |x|)}, as {@code torch.nn.Softsign}. */
public class Softsign extends Module {
    /**
     * Creates the layer, as {@code nn.Softsign()}.
     */
    public Softsign() {
    }

    /**
     * Applies {@code x / (1 + |x|)} to each element, as {@code F.softsign}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.softsign(input);
    }
}
