package dev.arbor.nn;

/**
 * What the adaptive max-pooling layers share, as PyTorch's {@code _AdaptiveMaxPoolNd}: the output
 * size and the repr. With {@code returnIndices} the layer returns values and indices as a
 * {@link dev.arbor.tensor.Tensor.ValuesIndices}: call it as
 * {@code Tensor.ValuesIndices r = pool.call((Object) x);}.
 */
public abstract class AdaptiveMaxPoolNd extends MaxPoolBase {
    /** The output size as given: one value for every spatial dimension, or one per dimension. */
    final long[] outputSize;

    AdaptiveMaxPoolNd(long[] outputSize, boolean returnIndices) {
        super(returnIndices);
        this.outputSize = outputSize.clone();
    }

    /** {@return the output size {@code output_size} as given (one value for every dimension, or one per dimension)} */
    public long[] outputSize() {
        return outputSize.clone();
    }

    @Override
    public String extraRepr() {
        return "output_size=" + LayerArgs.asGiven(outputSize);
    }
}
