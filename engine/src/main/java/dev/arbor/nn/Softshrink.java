package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code x - lambda} above {@code lambda}, {@code x + lambda} below {@code -lambda}, else 0, as
 * {@code torch.nn.Softshrink} (lambda 0.5).
 */
public class Softshrink extends Module {
    private final double lambd;

    /** The layer with PyTorch's defaults. */
    public Softshrink() {
        this(0.5);
    }

    /** The layer with the given {@code lambd}. */
    public Softshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softshrink(input, lambd);
    }

    @Override
    public String extraRepr() {
        return PyRepr.of(lambd);
    }
}
