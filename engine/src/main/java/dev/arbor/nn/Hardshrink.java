package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code x} where {@code |x| > lambda}, else 0, as {@code torch.nn.Hardshrink} (lambda 0.5). */
public class Hardshrink extends Module {
    private final double lambd;

    /**
     * Creates the layer with lambda 0.5, as {@code nn.Hardshrink()}.
     */
    public Hardshrink() {
        this(0.5);
    }

    /**
     * Creates the layer, as {@code nn.Hardshrink(lambd)}.
     *
     * @param lambd the threshold lambda (PyTorch's default 0.5)
     */
    public Hardshrink(double lambd) {
        this.lambd = lambd;
    }

    /**
     * Applies hard shrinkage to each element, as {@code F.hardshrink}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.hardshrink(input, lambd);
    }

    @Override
    public String extraRepr() {
        return PyRepr.of(lambd);
    }
}
