package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;

/** One step of a GRU, as {@code torch.nn.GRUCell}: {@code Tensor h1 = cell.call(x)} or {@code cell.call(x, h)}. */
public class GRUCell extends RNNCellBase {
    /** With biases. */
    public GRUCell(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** float32 on the CPU. */
    public GRUCell(long inputSize, long hiddenSize, boolean bias) {
        this(inputSize, hiddenSize, bias, DType.FLOAT32, Device.CPU);
    }

    /** Parameters of {@code dtype} on {@code device}. */
    public GRUCell(long inputSize, long hiddenSize, boolean bias, DType dtype, Device device) {
        super(inputSize, hiddenSize, bias, 3, dtype, device);
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /** The next hidden state from {@code input} and {@code hx} (null for zeros). */
    public Tensor forward(Tensor input, Tensor hx) {
        boolean batched = isBatched(input);
        Tensor h = F.gruCell(batched ? input : input.unsqueeze(0), batchedState(hx, batched), weightIh(), weightHh(),
                biasIh(), biasHh());
        return batched ? h : h.squeeze(0);
    }

    /** {@code (input[, hx])}. */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("GRUCell", inputs), RecurrentArgs.state("GRUCell", inputs, Tensor.class));
    }
}
