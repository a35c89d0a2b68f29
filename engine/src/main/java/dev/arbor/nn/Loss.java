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

    /**
     * Creates a loss reduced by {@code reduction}.
     *
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE},
     *                  {@link Reduction#MEAN} (PyTorch's default) or {@link Reduction#SUM}
     */
    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** {@return how the loss is reduced, {@code reduction}} */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * Computes the loss of {@code input} against {@code target} (without hooks; {@code call} runs them).
     *
     * @param input  the prediction; each loss says its shape
     * @param target the expected values
     * @return the loss: a 0-d tensor when reduced, else one value per element or sample
     */
    public abstract Tensor forward(Tensor input, Tensor target);

    /**
     * Runs {@link #forward(Tensor, Tensor)} on {@code (input, target)}.
     *
     * @param inputs two tensors, the input and the target
     * @return the loss tensor
     * @throws IllegalArgumentException for anything but two tensors
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length != 2 || !(inputs[0] instanceof Tensor input) || !(inputs[1] instanceof Tensor target)) {
            throw new IllegalArgumentException(typeName() + ".forward takes (input, target): two Tensors, got "
                    + inputs.length + " arguments");
        }
        return forward(input, target);
    }
}
