package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/** {@code log(sigmoid(x))}, computed stably, as {@code torch.nn.LogSigmoid}. */
public class LogSigmoid extends Module {
    /**
     * Creates the layer, as {@code nn.LogSigmoid()}.
     */
    public LogSigmoid() {
    }

    /**
     * Applies {@code log(sigmoid(x))} to each element, as {@code F.logsigmoid}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.logsigmoid(input);
    }
}
