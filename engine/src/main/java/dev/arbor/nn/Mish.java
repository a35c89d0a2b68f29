package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * tanh(softplus(x))}, as {@code torch.nn.Mish}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class Mish extends Module {
    private final boolean inplace;

    /** The layer with PyTorch's defaults. */
    public Mish() {
        this(false);
    }

    /** The layer; {@code inplace} is printed, the computation stays out of place. */
    public Mish(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.mish(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
