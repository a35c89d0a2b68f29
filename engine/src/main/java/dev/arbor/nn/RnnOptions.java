package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import java.util.function.Function;

/**
 * The keyword arguments of {@link RNN}, {@link LSTM} and {@link GRU}, with PyTorch's defaults, built
 * fluently: {@code LSTM.options(32, 64).numLayers(2).bidirectional(true).batchFirst(true).build()}.
 *
 * @param <M> the layer {@link #build()} makes
 */
public final class RnnOptions<M extends Module> {
    final long inputSize;
    final long hiddenSize;
    int numLayers = 1;
    String nonlinearity;
    boolean bias = true;
    boolean batchFirst;
    double dropout;
    boolean bidirectional;
    long projSize;
    DType dtype = DType.FLOAT32;
    Device device = Device.CPU;
    private final Function<RnnOptions<M>, M> factory;

    RnnOptions(long inputSize, long hiddenSize, Function<RnnOptions<M>, M> factory) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.factory = factory;
    }

    /** The number of stacked layers (default 1). */
    public RnnOptions<M> numLayers(int numLayers) {
        this.numLayers = numLayers;
        return this;
    }

    /** {@link RNN} only: "tanh" (default) or "relu". */
    public RnnOptions<M> nonlinearity(String nonlinearity) {
        this.nonlinearity = nonlinearity;
        return this;
    }

    /** Whether the layers have biases {@code b_ih} and {@code b_hh} (default true). */
    public RnnOptions<M> bias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /**
     * Input and output as {@code [N, T, *]} (default false: {@code [T, N, *]}); hidden states are never batch first.
     */
    public RnnOptions<M> batchFirst(boolean batchFirst) {
        this.batchFirst = batchFirst;
        return this;
    }

    /** Dropout on the outputs of each layer but the last, in training (default 0). */
    public RnnOptions<M> dropout(double dropout) {
        this.dropout = dropout;
        return this;
    }

    /** Whether each layer also runs backwards in time (default false). */
    public RnnOptions<M> bidirectional(boolean bidirectional) {
        this.bidirectional = bidirectional;
        return this;
    }

    /** {@link LSTM} only: project the hidden state to this size (default 0: no projection). */
    public RnnOptions<M> projSize(long projSize) {
        this.projSize = projSize;
        return this;
    }

    /** The parameters' dtype (default float32). */
    public RnnOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /** The parameters' device (default the CPU). */
    public RnnOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /** The layer with these options. */
    public M build() {
        return factory.apply(this);
    }
}
