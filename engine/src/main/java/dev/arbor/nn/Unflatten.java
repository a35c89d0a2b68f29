package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** Splits dimension {@code dim} into {@code unflattenedSize}, as {@code torch.nn.Unflatten} (one size may be -1). */
public class Unflatten extends Module {
    private final int dim;
    private final long[] unflattenedSize;

    /**
     * Creates a layer that splits dimension {@code dim} into {@code unflattenedSize}, as
     * {@code nn.Unflatten(dim, unflattened_size)}.
     *
     * @param dim             the dimension to split, negative counting from the end
     * @param unflattenedSize {@code unflattened_size}, the new sizes, whose product is the size of
     *                        {@code dim}; one entry may be -1, inferred
     * @throws IllegalArgumentException with PyTorch's message when {@code unflattenedSize} is empty
     */
    public Unflatten(int dim, long... unflattenedSize) {
        if (unflattenedSize.length == 0) {
            throw new IllegalArgumentException("unflattened_size must be a non-empty tuple of ints");
        }
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    /**
     * Splits the dimension, as {@code input.unflatten(dim, unflattened_size)}.
     *
     * @param input {@code (*, S_dim, *)}
     * @return {@code (*, U_1, ..., U_n, *)}, with {@code U} the unflattened sizes
     */
    @Override
    public Tensor forward(Tensor input) {
        return input.unflatten(dim, unflattenedSize);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + PyRepr.tuple(unflattenedSize);
    }
}
