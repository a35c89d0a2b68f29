package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.RecurrentOutput;
import dev.arbor.tensor.Tensor;

/**
 * A multi-layer Elman RNN, {@code h_t = tanh(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh)} (or ReLU), as
 * {@code torch.nn.RNN}: {@code new RNN(10, 20)}, {@code new RNN(10, 20, 2)} or
 * {@code RNN.options(10, 20).nonlinearity("relu").bidirectional(true).build()}. Returns a
 * {@link RecurrentOutput}; see {@link RNNBase} for parameters and calling.
 */
public class RNN extends RNNBase {
    private final String nonlinearity;

    /** One layer, tanh, with biases, sequence first. */
    public RNN(long inputSize, long hiddenSize) {
        this(options(inputSize, hiddenSize));
    }

    /** {@code numLayers} layers, tanh, with biases, sequence first. */
    public RNN(long inputSize, long hiddenSize, int numLayers) {
        this(options(inputSize, hiddenSize).numLayers(numLayers));
    }

    /** The layer with {@code options}. */
    public RNN(RnnOptions<RNN> options) {
        super(options, 1, false);
        this.nonlinearity = options.nonlinearity == null ? "tanh" : options.nonlinearity;
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("Unknown nonlinearity '" + nonlinearity
                    + "'. Select from 'tanh' or 'relu'.");
        }
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static RnnOptions<RNN> options(long inputSize, long hiddenSize) {
        return new RnnOptions<>(inputSize, hiddenSize, RNN::new);
    }

    /** The RNN over {@code input} from the initial state {@code hx} (null for zeros), without hooks. */
    public RecurrentOutput forward(Tensor input, Tensor hx) {
        return forwardSimple(input, hx, (x, h) -> F.rnn(x, h, flatWeights(), bias, nonlinearity, numLayers, dropout,
                isTraining(), bidirectional, batchFirst));
    }

    /** {@code (input[, hx])}. */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("RNN", inputs), RecurrentArgs.state("RNN", inputs, Tensor.class));
    }
}
