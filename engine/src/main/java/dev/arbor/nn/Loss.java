package dev.arbor.nn;

import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * The base of the loss modules, as PyTorch's {@code _Loss}: a module with a {@link Reduction} (mean by
 * default) that computes {@code loss(input, target)} with the functional form in {@code F}. Called as
 * {@code Tensor loss = criterion.call(output, target);}. Losses print without arguments, as in
 * PyTorch ({@code CrossEntropyLoss()}).
 */
public abstract class Loss extends Module {
    final Reduction reduction;

    /** A loss reduced by {@code reduction}. */
    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** How the loss is reduced. */
    public Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code input} against {@code target} (without hooks; {@code call} runs them). */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** {@code (input, target)}. */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length != 2 || !(inputs[0] instanceof Tensor input) || !(inputs[1] instanceof Tensor target)) {
            throw new IllegalArgumentException(typeName() + ".forward takes (input, target): two Tensors, got "
                    + inputs.length + " arguments");
        }
        return forward(input, target);
    }
}
