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

    /** With biases, tanh. */
    public RNNCell(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, true, "tanh");
    }

    /** {@code nonlinearity} "tanh" or "relu"; float32 on the CPU. */
    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        this(inputSize, hiddenSize, bias, nonlinearity, DType.FLOAT32, Device.CPU);
    }

    /** Parameters of {@code dtype} on {@code device}. */
    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity, DType dtype, Device device) {
        super(inputSize, hiddenSize, bias, 1, dtype, device);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("Unknown nonlinearity: " + nonlinearity);
        }
        this.nonlinearity = nonlinearity;
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /** The next hidden state from {@code input} and {@code hx} (null for zeros). */
    public Tensor forward(Tensor input, Tensor hx) {
        boolean batched = isBatched(input);
        Tensor h = F.rnnCell(batched ? input : input.unsqueeze(0), batchedState(hx, batched), weightIh(), weightHh(),
                biasIh(), biasHh(), nonlinearity);
        return batched ? h : h.squeeze(0);
    }

    /** {@code (input[, hx])}. */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("RNNCell", inputs), RecurrentArgs.state("RNNCell", inputs, Tensor.class));
    }

    @Override
    public String extraRepr() {
        return super.extraRepr() + (nonlinearity.equals("tanh") ? "" : ", nonlinearity=" + nonlinearity);
    }
}
