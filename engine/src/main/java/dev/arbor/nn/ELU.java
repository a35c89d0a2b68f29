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

    /**
     * Creates the layer with alpha 1.0, as {@code nn.ELU()}.
     */
    public ELU() {
        this(1.0, false);
    }

    /**
     * Creates the layer, as {@code nn.ELU(alpha)}.
     *
     * @param alpha the scale of the negative part (PyTorch's default 1.0)
     */
    public ELU(double alpha) {
        this(alpha, false);
    }

    /**
     * Creates the layer, as {@code nn.ELU(alpha, inplace)}.
     *
     * @param alpha   the scale of the negative part (PyTorch's default 1.0)
     * @param inplace accepted for PyTorch's signature and printed; the computation stays out of
     *                place (PyTorch's default false)
     */
    public ELU(double alpha, boolean inplace) {
        this.alpha = alpha;
        this.inplace = inplace;
    }

    /**
     * Applies {@code x > 0 ? x : alpha * (exp(x) - 1)} to each element, as {@code F.elu}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.elu(input, alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + PyRepr.of(alpha) + LayerArgs.inplaceSuffix(inplace);
    }
}
