package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Zeroes each element with probability {@code p} in training and scales the rest by {@code 1 / (1 - p)}, as
 * {@code torch.nn.Dropout}. See {@link DropoutNd}.
 */
public class Dropout extends DropoutNd {
    /**
     * Creates the layer with p 0.5, as {@code nn.Dropout()}.
     */
    public Dropout() {
        this(0.5, false);
    }

    /**
     * Creates the layer, as {@code nn.Dropout(p)}.
     *
     * @param p the probability of an element being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public Dropout(double p) {
        this(p, false);
    }

    /**
     * Creates the layer, as {@code nn.Dropout(p, inplace)}.
     *
     * @param p       the probability of an element being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public Dropout(double p, boolean inplace) {
        super(p, inplace);
    }

    /**
     * Zeroes each element with probability p and scales the rest by {@code 1 / (1 - p)} in training,
     * as {@code F.dropout}; returns the input in evaluation.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(writesInPlace(input), input, x -> F.dropout(x, p, isTraining()));
    }
}
