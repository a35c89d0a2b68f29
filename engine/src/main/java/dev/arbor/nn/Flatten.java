package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** Flattens dimensions {@code startDim..endDim} into one, as {@code torch.nn.Flatten} (default 1..-1). */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens everything after the batch dimension. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim..endDim} (negative from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
