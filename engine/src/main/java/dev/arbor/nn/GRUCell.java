package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/** One step of a GRU, as {@code torch.nn.GRUCell}: {@code Tensor h1 = cell.call(x)} or {@code cell.call(x, h)}. */
public class GRUCell extends RNNCellBase {
    /**
     * Creates a cell with biases, as {@code nn.GRUCell(input_size, hidden_size)}.
     *
     * @param inputSize  {@code input_size}, the number of features of the input
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     */
    public GRUCell(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /**
     * Creates a cell with float32 parameters on the CPU, as {@code nn.GRUCell(input_size, hidden_size, bias)}.
     *
     * @param inputSize  {@code input_size}, the number of features of the input
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     * @param bias       whether the cell has the biases {@code bias_ih} and {@code bias_hh} (PyTorch's default true)
     */
    public GRUCell(long inputSize, long hiddenSize, boolean bias) {
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
    public GRUCell(long inputSize, long hiddenSize, boolean bias, DType dtype, Device device) {
        super(inputSize, hiddenSize, bias, 3, dtype, device);
    }

    /**
     * Computes the next hidden state from a zero state.
     *
     * @param input {@code (N, input_size)} or unbatched {@code (input_size)}
     * @return {@code (N, hidden_size)} or unbatched {@code (hidden_size)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * Computes the next hidden state (without hooks; {@code call} runs them).
     *
     * @param input {@code (N, input_size)} or unbatched {@code (input_size)}
     * @param hx    the hidden state {@code (N, hidden_size)} (or {@code (hidden_size)}), or null for zeros
     * @return the next hidden state, {@code (N, hidden_size)} or unbatched {@code (hidden_size)}
     * @throws IllegalArgumentException with PyTorch's message for an input that is not 1-d or 2-d
     */
    public Tensor forward(Tensor input, Tensor hx) {
        boolean batched = isBatched(input);
        Tensor h = F.gruCell(batched ? input : input.unsqueeze(0), batchedState(hx, batched), weightIh(), weightHh(),
                biasIh(), biasHh());
        return batched ? h : h.squeeze(0);
    }

    /**
     * Runs {@link #forward(Tensor, Tensor)} on {@code (input[, hx])}.
     *
     * @param inputs a tensor, optionally followed by the hidden state or null
     * @return the next hidden state, a tensor
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("GRUCell", inputs), RecurrentArgs.state("GRUCell", inputs, Tensor.class));
    }
}
