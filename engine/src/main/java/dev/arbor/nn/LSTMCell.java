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
    /** With biases. */
    public LSTMCell(long inputSize, long hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** float32 on the CPU. */
    public LSTMCell(long inputSize, long hiddenSize, boolean bias) {
        this(inputSize, hiddenSize, bias, DType.FLOAT32, Device.CPU);
    }

    /** Parameters of {@code dtype} on {@code device}. */
    public LSTMCell(long inputSize, long hiddenSize, boolean bias, DType dtype, Device device) {
        super(inputSize, hiddenSize, bias, 4, dtype, device);
    }

    /** The next {@code (h, c)} from {@code input} and {@code hx} (null for zeros). */
    public LstmState forward(Tensor input, LstmState hx) {
        boolean batched = isBatched(input);
        LstmState state = hx == null ? null
                : new LstmState(batchedState(hx.h(), batched), batchedState(hx.c(), batched));
        LstmState r = F.lstmCell(batched ? input : input.unsqueeze(0), state, weightIh(), weightHh(), biasIh(),
                biasHh());
        return batched ? r : new LstmState(r.h().squeeze(0), r.c().squeeze(0));
    }

    /** {@code (input[, hx])} with {@code hx} an {@link LstmState} or null. */
    @Override
    public Object forward(Object... inputs) {
        return forward(RecurrentArgs.input("LSTMCell", inputs),
                RecurrentArgs.state("LSTMCell", inputs, LstmState.class));
    }
}
