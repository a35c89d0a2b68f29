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
    /** One layer, with biases, sequence first. */
    public LSTM(long inputSize, long hiddenSize) {
        this(options(inputSize, hiddenSize));
    }

    /** {@code numLayers} layers, with biases, sequence first. */
    public LSTM(long inputSize, long hiddenSize, int numLayers) {
        this(options(inputSize, hiddenSize).numLayers(numLayers));
    }

    /** The layer with {@code options}. */
    public LSTM(RnnOptions<LSTM> options) {
        super(options, 4, true);
        RecurrentArgs.noNonlinearity("LSTM", options.nonlinearity);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static RnnOptions<LSTM> options(long inputSize, long hiddenSize) {
        return new RnnOptions<>(inputSize, hiddenSize, LSTM::new);
    }

    /** The LSTM over {@code input} from the initial state {@code hx} (null for zeros), without hooks. */
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

    /** {@code (input[, hx])} with {@code hx} an {@link LstmState} or null. */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("LSTM", inputs), RecurrentArgs.state("LSTM", inputs, LstmState.class));
    }
}
