package dev.arbor.backend;

import dev.arbor.tensor.Tensor;

/**
 * Bounds a fused kernel clamps its output into as it writes it, {@code min(max(y, min), max)} as
 * {@code torch.clamp} (NaN stays NaN): the activation that follows a convolution in inference graphs,
 * ReLU ({@code [0, inf]}) or ReLU6 and ONNX's {@code Clip} ({@code [0, 6]} and others), folded into the
 * convolution's store so the output is written once.
 *
 * @param min the lower bound, {@code -inf} for none
 * @param max the upper bound, {@code +inf} for none
 */
public record Clamp(double min, double max) {
    /** No bounds: the output as computed. */
    public static final Clamp NONE = new Clamp(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    /** ReLU's bounds, {@code [0, inf]}. */
    public static final Clamp RELU = new Clamp(0, Double.POSITIVE_INFINITY);

    /** Checks that the bounds are numbers and in order. */
    public Clamp {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("clamp bounds must be numbers with min <= max, got [" + min + ", " + max
                    + "]");
        }
    }

    /** {@return whether this clamp leaves every value as it is} */
    public boolean isNone() {
        return min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY;
    }

    /**
     * {@return {@code torch.clamp(t, min, max)} as the recorded op (autograd and tracers see it), or
     * {@code t} itself when there are no bounds}: what a fused kernel stands for where it cannot run
     *
     * @param t the values
     */
    public Tensor apply(Tensor t) {
        return isNone() ? t : t.clamp(min == Double.NEGATIVE_INFINITY ? null : min,
                max == Double.POSITIVE_INFINITY ? null : max);
    }

    /**
     * Clamps a floating-point tensor in place with {@code backend}'s binary kernels, for the paths
     * that cannot fold the clamp into the store of the values.
     *
     * @param backend the backend that holds {@code t}
     * @param t the values, changed in place
     */
    public void applyInPlace(Backend backend, Tensor t) {
        if (min != Double.NEGATIVE_INFINITY) {
            backend.binary(BinaryOp.MAXIMUM, t, Tensor.full(min, t.dtype(), t.device()).expand(t.shape()), t);
        }
        if (max != Double.POSITIVE_INFINITY) {
            backend.binary(BinaryOp.MINIMUM, t, Tensor.full(max, t.dtype(), t.device()).expand(t.shape()), t);
        }
    }
}
