package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Dropout for SELU networks, as {@code torch.nn.AlphaDropout}: dropped elements take SELU's negative saturation value
 * and the result is scaled and shifted to keep the mean and variance. See {@link DropoutNd}.
 */
public class AlphaDropout extends DropoutNd {
    /**
     * Creates the layer with p 0.5, as {@code nn.AlphaDropout()}.
     */
    public AlphaDropout() {
        this(0.5, false);
    }

    /**
     * Creates the layer, as {@code nn.AlphaDropout(p)}.
     *
     * @param p the probability of an element being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public AlphaDropout(double p) {
        this(p, false);
    }

    /**
     * Creates the layer, as {@code nn.AlphaDropout(p, inplace)}.
     *
     * @param p       the probability of an element being zeroed, in [0, 1] (PyTorch's default 0.5)
     * @param inplace accepted for PyTorch's signature and printed, and ignored as PyTorch 1.13's layer
     *                ignores it: the computation stays out of place
     *                (PyTorch's default false)
     * @throws IllegalArgumentException with PyTorch's message for a probability outside [0, 1]
     */
    public AlphaDropout(double p, boolean inplace) {
        super(p, inplace);
    }

    /**
     * Applies alpha dropout to each element in training, as {@code F.alpha_dropout}; returns the
     * input in evaluation.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.alphaDropout(input, p, isTraining());
    }
}
