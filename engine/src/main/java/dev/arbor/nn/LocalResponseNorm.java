package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Local response normalization across channels, as {@code torch.nn.LocalResponseNorm}:
 * {@code x / (k + alpha / size * sum of x^2 over size neighbouring channels)^beta}.
 */
public class LocalResponseNorm extends Module {
    private final int size;
    private final double alpha;
    private final double beta;
    private final double k;

    /**
     * Creates the layer with alpha 1e-4, beta 0.75, k 1, as {@code nn.LocalResponseNorm(size)}.
     *
     * @param size  the number of neighbouring channels summed over
     */
    public LocalResponseNorm(int size) {
        this(size, 1e-4, 0.75, 1.0);
    }

    /**
     * Creates the layer, as {@code nn.LocalResponseNorm(size, alpha, beta, k)}.
     *
     * @param size  the number of neighbouring channels summed over
     * @param alpha the multiplicative factor (PyTorch's default 1e-4)
     * @param beta  the exponent (PyTorch's default 0.75)
     * @param k     the additive factor (PyTorch's default 1)
     */
    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    /**
     * Normalizes across channels, as {@code F.local_response_norm}.
     *
     * @param input {@code (N, C, *)}, at least 3-d
     * @return the normalized input, of the same shape
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.localResponseNorm(input, size, alpha, beta, k);
    }

    @Override
    public String extraRepr() {
        return size + ", alpha=" + PyRepr.of(alpha) + ", beta=" + PyRepr.of(beta) + ", k=" + PyRepr.of(k);
    }
}
