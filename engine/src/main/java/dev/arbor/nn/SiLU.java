package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x * sigmoid(x)}, as {@code torch.nn.SiLU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class SiLU extends Module {
    private final boolean inplace;

    /** The layer with PyTorch's defaults. */
    public SiLU() {
        this(false);
    }

    /** The layer; {@code inplace} is printed, the computation stays out of place. */
    public SiLU(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.silu(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
