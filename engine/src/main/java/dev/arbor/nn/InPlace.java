package dev.arbor.nn;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code inplace=True} of the activation and dropout layers: the result is written into the
 * input, whose version goes up, and the input itself is returned. In grad mode a leaf that requires grad
 * (or a view of one) is refused with PyTorch's error; any other input takes the history of the result,
 * so gradients equal the out-of-place form's.
 */
final class InPlace {
    private InPlace() {
    }

    /**
     * {@return {@code fn(input)}, written into {@code input} and returned as it when {@code inplace}}
     *
     * @param inplace the layer's {@code inplace} flag
     * @param input   the layer's input
     * @param fn      the out-of-place computation
     */
    static Tensor apply(boolean inplace, Tensor input, UnaryOperator<Tensor> fn) {
        if (!inplace) {
            return fn.apply(input);
        }
        Autograd.checkInPlace(input);
        // under autograd fn reads a copy: the input's old value is about to change, and its history goes
        // on through the copy
        return input.copy_(fn.apply(Autograd.needsGrad(input) ? input.clone() : input));
    }
}
