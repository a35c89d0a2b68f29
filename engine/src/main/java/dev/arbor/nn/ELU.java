package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x > 0 ? x : alpha * (exp(x) - 1)}, as {@code torch.nn.ELU}.
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class ELU extends Module {
    private final double alpha;
    private final boolean inplace;

    /** {@code alpha = 1.0}. */
    public ELU() {
        this(1.0, false);
    }

    /** The layer with the given {@code alpha}. */
    public ELU(double alpha) {
        this(alpha, false);
    }

    /** The layer with the given {@code alpha}; {@code inplace} is printed, the computation stays out of place. */
    public ELU(double alpha, boolean inplace) {
        this.alpha = alpha;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.elu(input, alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + PyRepr.of(alpha) + LayerArgs.inplaceSuffix(inplace);
    }
}
