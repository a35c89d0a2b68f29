package dev.arbor.nn;

/**
 * What the dropout layers share, as PyTorch's {@code _DropoutNd}: the probability {@code p} and the
 * {@code inplace} flag. Dropout acts in training only; in evaluation the layer returns its input.
 * {@code inplace} is accepted and printed as PyTorch does, but Arbor always computes out of place (the
 * result is the same; the input is left unchanged), so that no tensor an earlier op saved for backward
 * is overwritten. Masks come from {@link dev.arbor.tensor.Generator#defaultGenerator()}.
 */
public abstract class DropoutNd extends Module {
    final double p;
    final boolean inplace;

    DropoutNd(double p, boolean inplace) {
        this.p = LayerArgs.probability(p);
        this.inplace = inplace;
    }

    /** {@return the probability {@code p} of zeroing an element (or channel)} */
    public double p() {
        return p;
    }

    @Override
    public String extraRepr() {
        return "p=" + PyRepr.of(p) + ", inplace=" + PyRepr.of(inplace);
    }
}
