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

    /**
     * Creates one layer, tanh, with biases, sequence first, as {@code nn.RNN(input_size, hidden_size)}.
     *
     * @param inputSize  {@code input_size}, the number of features of each input step
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     */
    public RNN(long inputSize, long hiddenSize) {
        this(options(inputSize, hiddenSize));
    }

    /**
     * Creates stacked layers, tanh, with biases, sequence first, as
     * {@code nn.RNN(input_size, hidden_size, num_layers)}.
     *
     * @param inputSize  {@code input_size}, the number of features of each input step
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     * @param numLayers  {@code num_layers}, the number of stacked layers (PyTorch's default 1)
     * @throws IllegalArgumentException with PyTorch's message when a size is not positive
     */
    public RNN(long inputSize, long hiddenSize, int numLayers) {
        this(options(inputSize, hiddenSize).numLayers(numLayers));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long, long)}
     * @throws IllegalArgumentException with PyTorch's message for options that do not fit (a dropout
     *                                  outside [0, 1], a size that is not positive, an unknown
     *                                  nonlinearity, or a {@code proj_size}, which only LSTM takes)
     */
    public RNN(RnnOptions<RNN> options) {
        super(options, 1, false);
        this.nonlinearity = options.nonlinearity == null ? "tanh" : options.nonlinearity;
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("Unknown nonlinearity '" + nonlinearity
                    + "'. Select from 'tanh' or 'relu'.");
        }
    }

    /**
     * Starts the options of a layer with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param inputSize  {@code input_size}, the number of features of each input step
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     * @return the options
     */
    public static RnnOptions<RNN> options(long inputSize, long hiddenSize) {
        return new RnnOptions<>(inputSize, hiddenSize, RNN::new);
    }

    /**
     * Runs the RNN over {@code input} from the initial state {@code hx} (without hooks; {@code call}
     * runs them). D is 2 when bidirectional.
     *
     * @param input {@code (L, N, input_size)}, {@code (N, L, input_size)} with {@code batch_first}, or
     *              unbatched {@code (L, input_size)}
     * @param hx    the initial hidden state {@code (D * num_layers, N, hidden_size)} (without N unbatched;
     *              never batch first), or null for zeros
     * @return the output {@code (L, N, D * hidden_size)} (batch first or unbatched as the input) and the
     *         final hidden state {@code h_n}, shaped as {@code hx}
     * @throws IllegalArgumentException with PyTorch's message for inputs or states of the wrong shape
     */
    public RecurrentOutput forward(Tensor input, Tensor hx) {
        return forwardSimple(input, hx, (x, h) -> F.rnn(x, h, flatWeights(), bias, nonlinearity, numLayers, dropout,
                isTraining(), bidirectional, batchFirst));
    }

    /**
     * Runs {@link #forward(Tensor, Tensor)} on {@code (input[, hx])}.
     *
     * @param inputs a tensor, optionally followed by the initial hidden state or null
     * @return a {@link RecurrentOutput}
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("RNN", inputs), RecurrentArgs.state("RNN", inputs, Tensor.class));
    }
}
