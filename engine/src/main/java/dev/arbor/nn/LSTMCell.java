package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.LstmState;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/**
 * One step of an LSTM, as {@code torch.nn.LSTMCell}: returns the new {@link LstmState}:
 * {@code LstmState s = cell.call(x, state)} (state null for zeros) or {@code cell.call((Object) x)}.
 */
public class LSTMCell extends RNNCellBase {
    /**
     * Creates a cell with biases, as {@code nn.LSTMCell(input_size, hidden_size)}.
     *
     * @param inputSize  {@code input_size}, the number of features of the input
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     */
    public LSTMCell(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /**
     * Creates a cell with float32 parameters on the CPU, as {@code nn.LSTMCell(input_size, hidden_size, bias)}.
     *
     * @param inputSize  {@code input_size}, the number of features of the input
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     * @param bias       whether the cell has the biases {@code bias_ih} and {@code bias_hh} (PyTorch's default true)
     */
    public LSTMCell(long inputSize, long hiddenSize, boolean bias) {
        this(inputSize, hiddenSize, bias, DType.FLOAT32, Device.CPU);
    }

    /**
     * Creates a cell with parameters of {@code dtype} on {@code device}.
     *
     * @param inputSize  {@code input_size}, the number of features of the input
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     * @param bias       whether the cell has the biases {@code bias_ih} and {@code bias_hh} (PyTorch's default true)
     * @param dtype      the parameters' floating-point dtype (PyTorch's default float32)
     * @param device     where the parameters are created (PyTorch's default the CPU)
     */
    public LSTMCell(long inputSize, long hiddenSize, boolean bias, DType dtype, Device device) {
        super(inputSize, hiddenSize, bias, 4, dtype, device);
    }

    /**
     * Computes the next hidden and cell states (without hooks; {@code call} runs them).
     *
     * @param input {@code (N, input_size)} or unbatched {@code (input_size)}
     * @param hx    the state {@code (h, c)}, each {@code (N, hidden_size)} (or {@code (hidden_size)}), or
     *              null for zeros
     * @return the next {@code (h', c')}, each {@code (N, hidden_size)} or unbatched {@code (hidden_size)}
     * @throws IllegalArgumentException with PyTorch's message for an input that is not 1-d or 2-d
     */
    public LstmState forward(Tensor input, LstmState hx) {
        boolean batched = isBatched(input);
        LstmState state = hx == null ? null
                : new LstmState(batchedState(hx.h(), batched), batchedState(hx.c(), batched));
        LstmState r = F.lstmCell(batched ? input : input.unsqueeze(0), state, weightIh(), weightHh(), biasIh(),
                biasHh());
        return batched ? r : new LstmState(r.h().squeeze(0), r.c().squeeze(0));
    }

    /**
     * Runs {@link #forward(Tensor, LstmState)} on {@code (input[, hx])}.
     *
     * @param inputs a tensor, optionally followed by an {@link LstmState} or null
     * @return the next {@link LstmState}
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("LSTMCell", inputs),
                RecurrentArgs.state("LSTMCell", inputs, LstmState.class));
    }
}
