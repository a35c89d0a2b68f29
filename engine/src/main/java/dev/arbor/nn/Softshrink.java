package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x - lambda} above {@code lambda}, {@code x + lambda} below {@code -lambda}, else 0, as
 * {@code torch.nn.Softshrink} (lambda 0.5).
 */
public class Softshrink extends Module {
    private final double lambd;

    /**
     * Creates the layer with lambda 0.5, as {@code nn.Softshrink()}.
     */
    public Softshrink() {
        this(0.5);
    }

    /**
     * Creates the layer, as {@code nn.Softshrink(lambd)}.
     *
     * @param lambd the threshold lambda (PyTorch's default 0.5)
     */
    public Softshrink(double lambd) {
        this.lambd = lambd;
    }

    /**
     * Applies soft shrinkage to each element, as {@code F.softshrink}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.softshrink(input, lambd);
    }

    @Override
    public String extraRepr() {
        return PyRepr.of(lambd);
    }
}
