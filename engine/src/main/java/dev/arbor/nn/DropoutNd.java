package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * What the dropout layers share, as PyTorch's {@code _DropoutNd}: the probability {@code p} and the
 * {@code inplace} flag. Dropout acts in training only; in evaluation the layer returns its input.
 * With {@code inplace} the result is written into the input, which is returned, as in PyTorch; as there,
 * an input that dropout leaves as it is (evaluation, {@code p} 0, no elements) is returned unwritten, and
 * {@link AlphaDropout} and {@link FeatureAlphaDropout} ignore the flag. Masks come from
 * {@link dev.arbor.tensor.Generator#defaultGenerator()}.
 */
public abstract class DropoutNd extends Module {
    final double p;
    final boolean inplace;

    DropoutNd(double p, boolean inplace) {
        this.p = LayerArgs.probability(p);
        this.inplace = inplace;
    }

    /** Whether this forward writes into {@code input}: PyTorch's {@code dropout_} returns it untouched when nothing drops. */
    boolean writesInPlace(Tensor input) {
        return inplace && isTraining() && p > 0 && input.numel() > 0;
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
