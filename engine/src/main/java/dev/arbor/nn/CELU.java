package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}, as {@code torch.nn.CELU}.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
 */
public class CELU extends Module {
    private final double alpha;
    private final boolean inplace;

    /**
     * Creates the layer with alpha 1.0, as {@code nn.CELU()}.
     */
    public CELU() {
        this(1.0, false);
    }

    /**
     * Creates the layer, as {@code nn.CELU(alpha)}.
     *
     * @param alpha the scale of the negative part (PyTorch's default 1.0)
     */
    public CELU(double alpha) {
        this(alpha, false);
    }

    /**
     * Creates the layer, as {@code nn.CELU(alpha, inplace)}.
     *
     * @param alpha   the scale of the negative part (PyTorch's default 1.0)
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     */
    public CELU(double alpha, boolean inplace) {
        this.alpha = alpha;
        this.inplace = inplace;
    }

    /**
     * Applies {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))} to each element, as {@code F.celu}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, x -> F.celu(x, alpha));
    }

    @Override
    public String extraRepr() {
        return "alpha=" + PyRepr.of(alpha) + LayerArgs.inplaceSuffix(inplace);
    }
}
