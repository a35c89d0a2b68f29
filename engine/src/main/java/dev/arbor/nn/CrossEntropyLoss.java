package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Tensor;

/**
 * The cross-entropy of logits {@code [N, C, d1...]} (or {@code [C]}) against int64 class indices or
 * class probabilities, as {@code torch.nn.CrossEntropyLoss}: {@code new CrossEntropyLoss()} or
 * {@code CrossEntropyLoss.options().weight(w).ignoreIndex(0).labelSmoothing(0.1).build()}. The class
 * weights are the buffer {@code weight}.
 */
public class CrossEntropyLoss extends WeightedLoss {
    private final long ignoreIndex;
    private final double labelSmoothing;

    /** The keyword arguments of {@link CrossEntropyLoss}, with PyTorch's defaults. */
    public static final class Options {
        Tensor weight;
        long ignoreIndex = -100;
        Reduction reduction = Reduction.MEAN;
        double labelSmoothing;

        Options() {}

        /** Per-class weights {@code [C]} (default none). */
        public Options weight(Tensor weight) {
            this.weight = weight;
            return this;
        }

        /** Class-index targets equal to this count for nothing (default -100). */
        public Options ignoreIndex(long ignoreIndex) {
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        /** How the per-sample losses are reduced (default mean). */
        public Options reduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /** Mixes the target with the uniform distribution by this amount in [0, 1] (default 0). */
        public Options labelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** The loss with these options. */
        public CrossEntropyLoss build() {
            return new CrossEntropyLoss(this);
        }
    }

    /** Unweighted, mean, no label smoothing. */
    public CrossEntropyLoss() {
        this(options());
    }

    /** The loss reduced by {@code reduction}. */
    public CrossEntropyLoss(Reduction reduction) {
        this(options().reduction(reduction));
    }

    /** The loss with {@code options}. */
    public CrossEntropyLoss(Options o) {
        super(o.weight, o.reduction);
        this.ignoreIndex = o.ignoreIndex;
        this.labelSmoothing = o.labelSmoothing;
    }

    /** The options of a loss with PyTorch's defaults, to adjust and {@code build()}. */
    public static Options options() {
        return new Options();
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, weight(), ignoreIndex, reduction, labelSmoothing);
    }
}
