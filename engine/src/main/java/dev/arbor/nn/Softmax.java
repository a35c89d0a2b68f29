package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code softmax(x)} along {@code dim}, as {@code torch.nn.Softmax}. Without a dimension (PyTorch's deprecated
 * {@code dim=None}) it picks PyTorch's legacy choice: 0 for inputs of 0, 1 or 3 dimensions, else 1.
 */
public class Softmax extends Module {
    private final Integer dim;

    /**
     * Creates the layer with PyTorch's deprecated implicit dimension ({@code dim=None}); prefer
     * {@link #Softmax(int)}.
     */
    public Softmax() {
        this.dim = null;
    }

    /**
     * Creates the layer, as {@code nn.Softmax(dim)}.
     *
     * @param dim the dimension along which the softmax is computed, negative counting from the end
     */
    public Softmax(int dim) {
        this.dim = dim;
    }

    /**
     * Computes the softmax along the layer's dimension, as {@code F.softmax}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.softmax(input, dim != null ? dim : LayerArgs.legacySoftmaxDim("softmax", input.dim()));
    }

    @Override
    public String extraRepr() {
        return "dim=" + (dim == null ? "None" : dim);
    }
}
