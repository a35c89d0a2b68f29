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

    /** Optimizes {@code params} as one group. */
    public AdamW(Iterable<? extends Tensor> params, Adam.Options options) {
        this(single(params), options);
    }

    /** Optimizes parameter groups with these defaults. */
    public AdamW(List<ParamGroup> groups, Adam.Options options) {
        super(groups, options, true);
    }
}
