package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** The gated linear unit {@code a * sigmoid(b)} of the two halves of {@code dim}, as {@code torch.nn.GLU} (dim -1). */
public class GLU extends Module {
    private final int dim;

    /**
     * Creates the layer splitting the last dimension, as {@code nn.GLU()}.
     */
    public GLU() {
        this(-1);
    }

    /**
     * Creates the layer, as {@code nn.GLU(dim)}.
     *
     * @param dim the dimension split in halves, negative counting from the end (PyTorch's default -1)
     */
    public GLU(int dim) {
        this.dim = dim;
    }

    /**
     * Gates the first half of {@code dim} by the sigmoid of the second, as {@code F.glu}.
     *
     * @param input {@code (*, 2M, *)}: the size of {@code dim} must be even
     * @return {@code (*, M, *)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.glu(input, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
