package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Zeroes whole channels of {@code [N, C, H, W]} with probability {@code p} in training, as {@code torch.nn.Dropout2d}
 * (a 3-d input is taken as {@code [N, C, L]}, as in PyTorch 1.13). See {@link DropoutNd}.
 */
public class Dropout2d extends DropoutNd {
    /**
     * Creates the layer with p 0.5, as {@code nn.Dropout2d()}.
     */
    public Dropout2d() {
        this(0.5, false);
    }

    /**
     * Creates the layer, as {@code nn.Dropout2d(p)}.
     *
     * @param p the probability of a channel being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public Dropout2d(double p) {
        this(p, false);
    }

    /**
     * Creates the layer, as {@code nn.Dropout2d(p, inplace)}.
     *
     * @param p       the probability of a channel being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public Dropout2d(double p, boolean inplace) {
        super(p, inplace);
    }

    /**
     * Zeroes whole channels with probability p and scales the rest by {@code 1 / (1 - p)} in
     * training, as {@code F.dropout2d}; returns the input in evaluation.
     *
     * @param input {@code (N, C, H, W)} or {@code (N, C, L)} (taken as PyTorch 1.13 takes a 3-d input)
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(writesInPlace(input), input, x -> F.dropout2d(x, p, isTraining()));
    }
}
