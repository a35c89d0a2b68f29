package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.LstmOutput;
import dev.arbor.nn.functional.LstmState;
import dev.arbor.tensor.Tensor;

/**
 * A multi-layer long short-term memory, as {@code torch.nn.LSTM}: gates input, forget, cell, output;
 * with {@code proj_size} the hidden state is projected by {@code weight_hr_l*}. {@code new LSTM(10, 20)},
 * {@code new LSTM(10, 20, 2)} or {@code LSTM.options(10, 20).numLayers(2).projSize(8).build()}. Returns
 * an {@link LstmOutput}; the initial state is an {@link LstmState} (or null):
 * {@code LstmOutput out = lstm.call(x, new LstmState(h0, c0));}. See {@link RNNBase}.
 */
public class LSTM extends RNNBase {
    /**
     * Creates one layer, with biases, sequence first, as {@code nn.LSTM(input_size, hidden_size)}.
     *
     * @param inputSize  {@code input_size}, the number of features of each input step
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     */
    public LSTM(long inputSize, long hiddenSize) {
        this(options(inputSize, hiddenSize));
    }

    /**
     * Creates stacked layers, with biases, sequence first, as
     * {@code nn.LSTM(input_size, hidden_size, num_layers)}.
     *
     * @param inputSize  {@code input_size}, the number of features of each input step
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     * @param numLayers  {@code num_layers}, the number of stacked layers (PyTorch's default 1)
     * @throws IllegalArgumentException with PyTorch's message when a size is not positive
     */
    public LSTM(long inputSize, long hiddenSize, int numLayers) {
        this(options(inputSize, hiddenSize).numLayers(numLayers));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param options the options from {@link #options(long, long)}
     * @throws IllegalArgumentException with PyTorch's message for options that do not fit (a dropout
     *                                  outside [0, 1], a size that is not positive, a
     *                                  {@code proj_size} not below {@code hidden_size}, or a nonlinearity,
     *                                  which only RNN takes)
     */
    public LSTM(RnnOptions<LSTM> options) {
        super(options, 4, true);
        RecurrentArgs.noNonlinearity("LSTM", options.nonlinearity);
    }

    /**
     * Starts the options of a layer with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param inputSize  {@code input_size}, the number of features of each input step
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     * @return the options
     */
    public static RnnOptions<LSTM> options(long inputSize, long hiddenSize) {
        return new RnnOptions<>(inputSize, hiddenSize, LSTM::new);
    }

    /**
     * Runs the LSTM over {@code input} from the initial state {@code hx} (without hooks; {@code call} runs
     * them). H_out is {@code proj_size} when set, else {@code hidden_size}; D is 2 when bidirectional.
     *
     * @param input {@code (L, N, input_size)}, {@code (N, L, input_size)} with {@code batch_first}, or
     *              unbatched {@code (L, input_size)}
     * @param hx    the initial {@code (h_0, c_0)}: {@code (D * num_layers, N, H_out)} and
     *              {@code (D * num_layers, N, hidden_size)} (without N unbatched); null for zeros
     * @return the output {@code (L, N, D * H_out)} (batch first or unbatched as the input) and the final
     *         {@code (h_n, c_n)}, shaped as {@code hx}
     * @throws IllegalArgumentException with PyTorch's message for inputs or states of the wrong shape
     */
    public LstmOutput forward(Tensor input, LstmState hx) {
        boolean batched = isBatched(input);
        Tensor x = batched ? input : input.unsqueeze(batchDim());
        LstmState state = hx;
        if (state != null) {
            int hDim = state.h().dim();
            int cDim = state.c().dim();
            int want = batched ? 3 : 2;
            if (hDim != want || cDim != want) {
                throw new IllegalArgumentException((batched ? "For batched 3-D input, hx and cx should also be 3-D"
                        : "For unbatched 2-D input, hx and cx should also be 2-D") + " but got (" + hDim + "-D, "
                        + cDim + "-D) tensors");
            }
            if (!batched) {
                state = new LstmState(state.h().unsqueeze(1), state.c().unsqueeze(1));
            }
        }
        checkInput(x);
        if (state != null) {
            checkHiddenSize(state.h(), expectedHiddenSize(x, projSize > 0 ? projSize : hiddenSize),
                    "Expected hidden[0] size");
            checkHiddenSize(state.c(), expectedHiddenSize(x, hiddenSize), "Expected hidden[1] size");
        }
        LstmOutput r = F.lstm(x, state, flatWeights(), bias, numLayers, dropout, isTraining(), bidirectional,
                batchFirst);
        return batched ? r : new LstmOutput(r.output().squeeze(batchDim()), r.hN().squeeze(1), r.cN().squeeze(1));
    }

    /**
     * Runs {@link #forward(Tensor, LstmState)} on {@code (input[, hx])}.
     *
     * @param inputs a tensor, optionally followed by an {@link LstmState} or null
     * @return an {@link LstmOutput}
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("LSTM", inputs), RecurrentArgs.state("LSTM", inputs, LstmState.class));
    }
}
