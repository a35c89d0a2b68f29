package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.RecurrentOutput;
import dev.arbor.tensor.Tensor;

/**
 * A multi-layer gated recurrent unit, as {@code torch.nn.GRU}: gates reset, update and new, with
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))} and {@code h' = (1 - z) * n + z * h}.
 * {@code new GRU(10, 20)}, {@code new GRU(10, 20, 2)} or
 * {@code GRU.options(10, 20).batchFirst(true).bidirectional(true).build()}. Returns a
 * {@link RecurrentOutput}; see {@link RNNBase} for parameters and calling.
 */
public class GRU extends RNNBase {
    /** One layer, with biases, sequence first. */
    public GRU(long inputSize, long hiddenSize) {
        this(options(inputSize, hiddenSize));
    }

    /** {@code numLayers} layers, with biases, sequence first. */
    public GRU(long inputSize, long hiddenSize, int numLayers) {
        this(options(inputSize, hiddenSize).numLayers(numLayers));
    }

    /** The layer with {@code options}. */
    public GRU(RnnOptions<GRU> options) {
        super(options, 3, false);
        RecurrentArgs.noNonlinearity("GRU", options.nonlinearity);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static RnnOptions<GRU> options(long inputSize, long hiddenSize) {
        return new RnnOptions<>(inputSize, hiddenSize, GRU::new);
    }

    /** The GRU over {@code input} from the initial state {@code hx} (null for zeros), without hooks. */
    public RecurrentOutput forward(Tensor input, Tensor hx) {
        return forwardSimple(input, hx, (x, h) -> F.gru(x, h, flatWeights(), bias, numLayers, dropout, isTraining(),
                bidirectional, batchFirst));
    }

    /** {@code (input[, hx])}. */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("GRU", inputs), RecurrentArgs.state("GRU", inputs, Tensor.class));
    }
}
