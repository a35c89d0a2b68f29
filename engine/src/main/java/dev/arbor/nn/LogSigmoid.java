package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code log(sigmoid(x))}, computed stably, as {@code torch.nn.LogSigmoid}. */
public class LogSigmoid extends Module {
    /** The layer. */
    public LogSigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.logsigmoid(input);
    }
}
