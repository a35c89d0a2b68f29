package dev.arbor.nn;

/** What the adaptive average-pooling layers share, as PyTorch's {@code _AdaptiveAvgPoolNd}: the output size. */
public abstract class AdaptiveAvgPoolNd extends Module {
    /** The output size as given: one value for every spatial dimension, or one per dimension. */
    final long[] outputSize;

    AdaptiveAvgPoolNd(long[] outputSize) {
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
