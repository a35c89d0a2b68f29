package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code x - tanh(x)}, as {@code torch.nn.Tanhshrink}. */
public class Tanhshrink extends Module {
    /** The layer. */
    public Tanhshrink() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.tanhshrink(input);
    }
}
