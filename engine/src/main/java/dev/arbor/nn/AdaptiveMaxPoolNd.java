package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * What the adaptive max-pooling layers share, as PyTorch's {@code _AdaptiveMaxPoolNd}: the output
 * size and, with {@code returnIndices}, values and indices as a {@link Tensor.ValuesIndices} (call the
 * layer as {@code Tensor.ValuesIndices r = pool.call((Object) x);}).
 */
public abstract class AdaptiveMaxPoolNd extends Module {
    /** The output size as given: one value for every spatial dimension, or one per dimension. */
    protected final long[] outputSize;
    protected final boolean returnIndices;

    protected AdaptiveMaxPoolNd(long[] outputSize, boolean returnIndices) {
        this.outputSize = outputSize.clone();
        this.returnIndices = returnIndices;
    }

    /** {@code F.adaptive_max_poolNd} with the layer's output size. */
    protected abstract Tensor pool(Tensor input);

    /** {@code F.adaptive_max_poolNd} with {@code return_indices=True}. */
    protected abstract Tensor.ValuesIndices poolWithIndices(Tensor input);

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

    @Override
    public String extraRepr() {
        return "output_size=" + LayerArgs.asGiven(outputSize);
    }
}
