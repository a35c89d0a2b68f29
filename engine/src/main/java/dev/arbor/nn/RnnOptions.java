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

    /**
     * Sets {@code num_layers}: the number of stacked recurrent layers, each taking the previous one's
     * output.
     *
     * @param numLayers at least 1; PyTorch's default 1
     * @return this builder
     */
    public RnnOptions<M> numLayers(int numLayers) {
        this.numLayers = numLayers;
        return this;
    }

    /**
     * Sets {@code nonlinearity}, for {@link RNN} only: the function applied to each new hidden state.
     *
     * @param nonlinearity {@code "tanh"} (PyTorch's default) or {@code "relu"}
     * @return this builder
     */
    public RnnOptions<M> nonlinearity(String nonlinearity) {
        this.nonlinearity = nonlinearity;
        return this;
    }

    /**
     * Sets {@code bias}: whether the layers have the biases {@code b_ih} and {@code b_hh}.
     *
     * @param bias true (PyTorch's default) for biases
     * @return this builder
     */
    public RnnOptions<M> bias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /**
     * Sets {@code batch_first}: whether batched input and output put the batch first; hidden states are
     * never batch first.
     *
     * @param batchFirst true for {@code [N, T, *]}; false (PyTorch's default) for {@code [T, N, *]}
     * @return this builder
     */
    public RnnOptions<M> batchFirst(boolean batchFirst) {
        this.batchFirst = batchFirst;
        return this;
    }

    /**
     * Sets {@code dropout}: the probability of dropout on the outputs of each layer but the last, in
     * training.
     *
     * @param dropout a probability in [0, 1]; PyTorch's default 0
     * @return this builder
     */
    public RnnOptions<M> dropout(double dropout) {
        this.dropout = dropout;
        return this;
    }

    /**
     * Sets {@code bidirectional}: whether each layer also runs backwards in time, doubling the output's
     * features (D = 2).
     *
     * @param bidirectional true for both directions; PyTorch's default false
     * @return this builder
     */
    public RnnOptions<M> bidirectional(boolean bidirectional) {
        this.bidirectional = bidirectional;
        return this;
    }

    /**
     * Sets {@code proj_size}, for {@link LSTM} only: the size the hidden state is projected to (the
     * parameters {@code weight_hr}).
     *
     * @param projSize smaller than {@code hidden_size}; PyTorch's default 0, no projection
     * @return this builder
     */
    public RnnOptions<M> projSize(long projSize) {
        this.projSize = projSize;
        return this;
    }

    /**
     * Sets {@code dtype}: the dtype the parameters are created with.
     *
     * @param dtype a floating-point dtype (default float32)
     * @return this builder
     */
    public RnnOptions<M> dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    /**
     * Sets {@code device}: where the parameters are created.
     *
     * @param device the device (default the CPU)
     * @return this builder
     */
    public RnnOptions<M> device(Device device) {
        this.device = device;
        return this;
    }

    /**
     * {@return a new layer with these options}
     *
     * @throws IllegalArgumentException with PyTorch's message for options that do not fit (a dropout
     *                                  outside [0, 1], an unknown nonlinearity, a bad projection size)
     */
    public M build() {
        return factory.apply(this);
    }
}
