package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * What the max-pooling layers, windowed and adaptive, share: with {@code returnIndices} the layer
 * returns the pooled values and the flat indices of the maxima as a {@link Tensor.ValuesIndices}
 * (PyTorch's tuple), so it is called as {@code Tensor.ValuesIndices r = pool.call((Object) x);}.
 */
abstract class MaxPoolBase extends Module {
    final boolean returnIndices;

    MaxPoolBase(boolean returnIndices) {
        this.returnIndices = returnIndices;
    }

    /** {@code F.max_poolNd} (or its adaptive form) with the layer's arguments. */
    abstract Tensor pool(Tensor input);

    /** The same with {@code return_indices=True}. */
    abstract Tensor.ValuesIndices poolWithIndices(Tensor input);

    /**
     * Takes the maximum of each window, as {@code F.max_poolNd} or {@code F.adaptive_max_poolNd}; also
     * when the layer returns indices ({@link #forward(Object...)} returns both).
     *
     * @param input {@code (N, C, *)} or unbatched {@code (C, *)}, with one size per spatial dimension
     * @return the pooled values {@code (N, C, *)} (unbatched without N): the output size of an adaptive
     *         layer, else per dimension
     *         {@code floor((in + 2 padding - dilation (kernel_size - 1) - 1) / stride + 1)} (rounded up with
     *         {@code ceil_mode}, when the last window starts inside the input or left padding)
     */
    @Override
    public Tensor forward(Tensor input) {
        return pool(input);
    }

    /**
     * Pools one tensor: with {@code return_indices}, the values and the flat indices of the maxima within
     * each plane; otherwise the values as {@link #forward(Tensor)} does.
     *
     * @param inputs one tensor, {@code (N, C, *)} or unbatched {@code (C, *)}
     * @return a {@link Tensor.ValuesIndices} with {@code return_indices}, else a {@link Tensor}
     */
    @Override
    public Object forward(Object... inputs) {
        if (returnIndices && inputs.length == 1 && inputs[0] instanceof Tensor x) {
            return poolWithIndices(x);
        }
        return super.forward(inputs);
    }
}
