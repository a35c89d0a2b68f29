package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * The self-normalising ELU, {@code scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))}, as {@code torch.nn.SELU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class SELU extends Module {
    private final boolean inplace;

    /** The layer with PyTorch's defaults. */
    public SELU() {
        this(false);
    }

    /** The layer; {@code inplace} is printed, the computation stays out of place. */
    public SELU(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.selu(input);
    }

    @Override
    public String extraRepr() {
        return LayerArgs.inplace(inplace);
    }
}
