package dev.arbor.optim;

import dev.arbor.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first scales the
 * parameters by {@code 1 - lr * weight_decay} (default weight decay 0.01), then takes Adam's step
 * on the raw gradient.
 */
public class AdamW extends Adam {
    /** AdamW's options: Adam's, with weight decay 0.01 by default. */
    public static final class Options extends Adam.Options {
        /** Options with PyTorch's defaults (weight decay 0.01). */
        public Options() {
            weightDecay = 1e-2;
        }
    }

    /**
     * Optimizes {@code params} as one group.
     *
     * @param params the parameters, leaf tensors, in order
     * @param options the options, checked with PyTorch's messages
     * @throws IllegalArgumentException for an invalid option, no parameters or a non-leaf tensor
     */
    public AdamW(Iterable<? extends Tensor> params, Adam.Options options) {
        this(single(params), options);
    }

    /**
     * Optimizes parameter groups with these defaults.
     *
     * @param groups the parameter groups; options they do not set take the defaults
     * @param options the default options, checked with PyTorch's messages
     * @throws IllegalArgumentException for an invalid option, no parameters, a non-leaf tensor or a
     *                                  parameter in two groups
     */
    public AdamW(List<ParamGroup> groups, Adam.Options options) {
        super(groups, options, true);
    }
}
