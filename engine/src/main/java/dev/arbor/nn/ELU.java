package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x > 0 ? x : alpha * (exp(x) - 1)}, as {@code torch.nn.ELU}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
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
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
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
        return InPlace.apply(inplace, input, x -> F.elu(x, alpha));
    }

    @Override
    public String extraRepr() {
        return "alpha=" + PyRepr.of(alpha) + LayerArgs.inplaceSuffix(inplace);
    }
}
