package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code x} where {@code |x| > lambda}, else 0, as {@code torch.nn.Hardshrink} (lambda 0.5). */
public class Hardshrink extends Module {
    private final double lambd;

    /** The layer with PyTorch's defaults. */
    public Hardshrink() {
        this(0.5);
    }

    /** The layer with the given {@code lambd}. */
    public Hardshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardshrink(input, lambd);
    }

    @Override
    public String extraRepr() {
        return PyRepr.of(lambd);
    }
}
