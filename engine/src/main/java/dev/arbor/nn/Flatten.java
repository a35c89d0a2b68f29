package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** Flattens dimensions {@code startDim..endDim} into one, as {@code torch.nn.Flatten} (default 1..-1). */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Creates a layer that flattens everything after the batch dimension, as {@code nn.Flatten()}. */
    public Flatten() {
        this(1, -1);
    }

    /**
     * Creates a layer that flattens dimensions {@code startDim..endDim}, as
     * {@code nn.Flatten(start_dim, end_dim)}.
     *
     * @param startDim {@code start_dim}, the first dimension flattened, negative counting from the end
     *                 (PyTorch's default 1)
     * @param endDim   {@code end_dim}, the last dimension flattened, inclusive, negative counting from
     *                 the end (PyTorch's default -1)
     */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /**
     * Flattens the dimensions, as {@code input.flatten(start_dim, end_dim)}.
     *
     * @param input {@code (*, S_start, ..., S_end, *)}
     * @return {@code (*, S_start * ... * S_end, *)}, a view where the strides allow
     */
    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
