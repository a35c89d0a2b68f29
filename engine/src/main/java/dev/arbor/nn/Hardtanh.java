package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code clamp(x, min_val, max_val)}, as {@code torch.nn.Hardtanh} (default -1, 1).
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch.
 */
public class Hardtanh extends Module {
    final double minVal;
    final double maxVal;
    final boolean inplace;

    /**
     * Creates the layer clamping to [-1, 1], as {@code nn.Hardtanh()}.
     */
    public Hardtanh() {
        this(-1.0, 1.0, false);
    }

    /**
     * Creates the layer, as {@code nn.Hardtanh(min_val, max_val)}.
     *
     * @param minVal {@code min_val}, the lower bound (PyTorch's default -1)
     * @param maxVal {@code max_val}, the upper bound, greater than {@code minVal} (PyTorch's default 1)
     * @throws IllegalArgumentException unless {@code maxVal > minVal}
     */
    public Hardtanh(double minVal, double maxVal) {
        this(minVal, maxVal, false);
    }

    /**
     * Creates the layer, as {@code nn.Hardtanh(min_val, max_val, inplace)}.
     *
     * @param minVal  {@code min_val}, the lower bound (PyTorch's default -1)
     * @param maxVal  {@code max_val}, the upper bound, greater than {@code minVal} (PyTorch's default 1)
     * @param inplace whether the result is written into the input, which is returned
     *                (PyTorch's default false)
     * @throws IllegalArgumentException unless {@code maxVal > minVal}
     */
    public Hardtanh(double minVal, double maxVal, boolean inplace) {
        if (!(maxVal > minVal)) {
            throw new IllegalArgumentException("Hardtanh: max_val (" + PyRepr.of(maxVal) + ") must be greater than "
                    + "min_val (" + PyRepr.of(minVal) + ")");
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
        this.inplace = inplace;
    }

    /**
     * Clamps each element to {@code [min_val, max_val]}, as {@code F.hardtanh}.
     *
     * @param input {@code (*)}, any shape
     * @return {@code (*)}, the same shape as the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return InPlace.apply(inplace, input, x -> F.hardtanh(x, minVal, maxVal));
    }

    @Override
    public String extraRepr() {
        return "min_val=" + PyRepr.of(minVal) + ", max_val=" + PyRepr.of(maxVal) + LayerArgs.inplaceSuffix(inplace);
    }
}
