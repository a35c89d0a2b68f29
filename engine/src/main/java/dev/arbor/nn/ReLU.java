package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code max(x, 0)}, as {@code torch.nn.ReLU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class ReLU extends Module {
    private final boolean inplace;

    /** The layer with PyTorch's defaults. */
    public ReLU() {
        this(false);
    }

    /** The layer; {@code inplace} is printed, the computation stays out of place. */
    public ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.relu(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
