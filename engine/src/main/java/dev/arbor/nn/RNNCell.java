package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/**
 * One step of an Elman RNN, {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)} (or ReLU), as
 * {@code torch.nn.RNNCell}: {@code Tensor h1 = cell.call(x)} or {@code cell.call(x, h)}.
 */
public class RNNCell extends RNNCellBase {
    private final String nonlinearity;

    /**
     * Creates a cell with biases and tanh, as {@code nn.RNNCell(input_size, hidden_size)}.
     *
     * @param inputSize  {@code input_size}, the number of features of the input
     * @param hiddenSize {@code hidden_size}, the number of features of the hidden state
     */
    public RNNCell(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, true, "tanh");
    }

    /**
     * Creates a cell with float32 parameters on the CPU, as
     * {@code nn.RNNCell(input_size, hidden_size, bias, nonlinearity)}.
     *
     * @param inputSize    {@code input_size}, the number of features of the input
     * @param hiddenSize   {@code hidden_size}, the number of features of the hidden state
     * @param bias         whether the cell has the biases {@code bias_ih} and {@code bias_hh} (PyTorch's default true)
     * @param nonlinearity {@code "tanh"} (PyTorch's default) or {@code "relu"}
     * @throws IllegalArgumentException with PyTorch's message for another nonlinearity
     */
    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        this(inputSize, hiddenSize, bias, nonlinearity, DType.FLOAT32, Device.CPU);
    }

    /**
     * Creates a cell with parameters of {@code dtype} on {@code device}.
     *
     * @param inputSize    {@code input_size}, the number of features of the input
     * @param hiddenSize   {@code hidden_size}, the number of features of the hidden state
     * @param bias         whether the cell has the biases {@code bias_ih} and {@code bias_hh} (PyTorch's default true)
     * @param nonlinearity {@code "tanh"} (PyTorch's default) or {@code "relu"}
     * @param dtype        the parameters' floating-point dtype (PyTorch's default float32)
     * @param device       where the parameters are created (PyTorch's default the CPU)
     * @throws IllegalArgumentException with PyTorch's message for another nonlinearity
     */
    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity, DType dtype, Device device) {
        super(inputSize, hiddenSize, bias, 1, dtype, device);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("Unknown nonlinearity: " + nonlinearity);
        }
        this.nonlinearity = nonlinearity;
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
        Tensor h = F.rnnCell(batched ? input : input.unsqueeze(0), batchedState(hx, batched), weightIh(), weightHh(),
                biasIh(), biasHh(), nonlinearity);
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
        return forward(RecurrentArgs.input("RNNCell", inputs), RecurrentArgs.state("RNNCell", inputs, Tensor.class));
    }

    @Override
    public String extraRepr() {
        return super.extraRepr() + (nonlinearity.equals("tanh") ? "" : ", nonlinearity=" + nonlinearity);
    }
}
