package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * {@code clamp(x, min_val, max_val)}, as {@code torch.nn.Hardtanh} (default -1, 1).
 * {@code inplace} is accepted and printed as PyTorch does; Arbor computes out of place (see {@link DropoutNd}).
 */
public class Hardtanh extends Module {
    final double minVal;
    final double maxVal;
    final boolean inplace;

    /** The layer with PyTorch's defaults. */
    public Hardtanh() {
        this(-1.0, 1.0, false);
    }

    /** The layer with the given {@code minVal}, {@code maxVal}. */
    public Hardtanh(double minVal, double maxVal) {
        this(minVal, maxVal, false);
    }

    /**
     * Clamps to {@code [minVal, maxVal]}; {@code inplace} is printed, the computation stays out of place.
     *
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

    @Override
    public Tensor forward(Tensor input) {
        return F.hardtanh(input, minVal, maxVal);
    }

    @Override
    public String extraRepr() {
        return "min_val=" + PyRepr.of(minVal) + ", max_val=" + PyRepr.of(maxVal) + LayerArgs.inplaceSuffix(inplace);
    }
}
