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

        /**
         * Sets {@code weight}: a rescaling weight for each class.
         *
         * @param weight {@code (C)}, or null (PyTorch's default None) for equal weights
         * @return these options
         */
        public Options weight(Tensor weight) {
            this.weight = weight;
            return this;
        }

        /**
         * Sets {@code ignore_index}: a class-index target that counts for nothing, nor in the mean.
         *
         * @param ignoreIndex the ignored class index (PyTorch's default -100)
         * @return these options
         */
        public Options ignoreIndex(long ignoreIndex) {
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        /**
         * Sets {@code reduction}: how the per-sample losses are reduced.
         *
         * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
         *                  {@link Reduction#SUM}
         * @return these options
         */
        public Options reduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /**
         * Sets {@code label_smoothing}: the target is mixed with the uniform distribution by this amount.
         *
         * @param labelSmoothing an amount in [0, 1] (PyTorch's default 0, no smoothing)
         * @return these options
         */
        public Options labelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** {@return a new loss with these options} */
        public CrossEntropyLoss build() {
            return new CrossEntropyLoss(this);
        }
    }

    /**
     * Creates the loss with PyTorch's defaults (unweighted, ignore index -100, mean, no label smoothing),
     * as {@code nn.CrossEntropyLoss()}.
     */
    public CrossEntropyLoss() {
        this(options());
    }

    /**
     * Creates the loss reduced by {@code reduction}, otherwise with PyTorch's defaults.
     *
     * @param reduction {@code reduction}: {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     */
    public CrossEntropyLoss(Reduction reduction) {
        this(options().reduction(reduction));
    }

    /**
     * Creates the loss with every option, as {@code options()...build()} does.
     *
     * @param o the options from {@link #options()}
     */
    public CrossEntropyLoss(Options o) {
        super(o.weight, o.reduction);
        this.ignoreIndex = o.ignoreIndex;
        this.labelSmoothing = o.labelSmoothing;
    }

    /** {@return new options with PyTorch's defaults, to adjust and {@code build()}} */
    public static Options options() {
        return new Options();
    }

    /**
     * Computes the cross-entropy, as {@code F.cross_entropy}.
     *
     * @param input  logits {@code (N, C)}, {@code (C)} or {@code (N, C, d1, ..., dK)}
     * @param target int64 class indices in {@code [0, C)}, {@code (N)}, {@code ()} or
     *               {@code (N, d1, ..., dK)}; or class probabilities shaped as {@code input}
     * @return a 0-d tensor, or {@code (N)} / {@code (N, d1, ..., dK)} with reduction {@code none}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, weight(), ignoreIndex, reduction, labelSmoothing);
    }
}
