package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}, as {@code torch.nn.CELU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class CELU extends Module {
    private final double alpha;
    private final boolean inplace;

    /** {@code alpha = 1.0}. */
    public CELU() {
        this(1.0, false);
    }

    /** The layer with the given {@code alpha}. */
    public CELU(double alpha) {
        this(alpha, false);
    }

    /** The layer with the given {@code alpha}; {@code inplace} is printed, the computation stays out of place. */
    public CELU(double alpha, boolean inplace) {
        this.alpha = alpha;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.celu(input, alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + PyRepr.of(alpha) + LayerArgs.inplaceSuffix(inplace);
    }
}
