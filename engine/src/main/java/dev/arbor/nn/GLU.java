package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** The gated linear unit {@code a * sigmoid(b)} of the two halves of {@code dim}, as {@code torch.nn.GLU} (dim -1). */
public class GLU extends Module {
    private final int dim;

    /** The layer with PyTorch's defaults. */
    public GLU() {
        this(-1);
    }

    /** The layer with the given {@code dim}. */
    public GLU(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.glu(input, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
