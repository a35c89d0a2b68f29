package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code log(softmax(x))} along {@code dim}, as {@code torch.nn.LogSoftmax}. Without a dimension (PyTorch's deprecated
 * {@code dim=None}) it picks PyTorch's legacy choice: 0 for inputs of 0, 1 or 3 dimensions, else 1.
 */
public class LogSoftmax extends Module {
    private final Integer dim;

    /**
     * Creates the layer with PyTorch's deprecated implicit dimension ({@code dim=None}); prefer
     * {@link #LogSoftmax(int)}.
     */
    public LogSoftmax() {
        this.dim = null;
    }

    /**
     * Creates the layer, as {@code nn.LogSoftmax(dim)}.
     *
     * @param dim the dimension along which the log-softmax is computed, negative counting from the end
     */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    /**
     * Computes the log-softmax along the layer's dimension, as {@code F.log_softmax}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.logSoftmax(input, dim != null ? dim : LayerArgs.legacySoftmaxDim("logSoftmax", input.dim()));
    }

    @Override
    public String extraRepr() {
        return "dim=" + (dim == null ? "None" : dim);
    }
}
