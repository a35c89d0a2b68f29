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

    /** alpha 1e-4, beta 0.75, k 1. */
    public LocalResponseNorm(int size) {
        this(size, 1e-4, 0.75, 1.0);
    }

    /** The layer with the given {@code size}, {@code alpha}, {@code beta}, {@code k}. */
    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.localResponseNorm(input, size, alpha, beta, k);
    }

    @Override
    public String extraRepr() {
        return size + ", alpha=" + PyRepr.of(alpha) + ", beta=" + PyRepr.of(beta) + ", k=" + PyRepr.of(k);
    }
}
