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

    /** The pooled values (also when the layer returns indices: {@link #forward(Object...)} returns both). */
    @Override
    public Tensor forward(Tensor input) {
        return pool(input);
    }

    @Override
    public Object forward(Object... inputs) {
        if (returnIndices && inputs.length == 1 && inputs[0] instanceof Tensor x) {
            return poolWithIndices(x);
        }
        return super.forward(inputs);
    }
}
