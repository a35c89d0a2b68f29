package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** Splits dimension {@code dim} into {@code unflattenedSize}, as {@code torch.nn.Unflatten} (one size may be -1). */
public class Unflatten extends Module {
    private final int dim;
    private final long[] unflattenedSize;

    /** Splits dimension {@code dim} into {@code unflattenedSize} (one entry may be -1). */
    public Unflatten(int dim, long... unflattenedSize) {
        if (unflattenedSize.length == 0) {
            throw new IllegalArgumentException("unflattened_size must be a non-empty tuple of ints");
        }
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.unflatten(dim, unflattenedSize);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + PyRepr.tuple(unflattenedSize);
    }
}
