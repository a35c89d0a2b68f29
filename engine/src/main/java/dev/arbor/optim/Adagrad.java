package dev.arbor.optim;

import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, as {@code torch.optim.Adagrad}: the squared gradients accumulate in {@code sum} (starting
 * at {@code initial_accumulator_value}); {@code p -= clr * g / (sqrt(sum) + eps)} with
 * {@code clr = lr / (1 + (t - 1) * lr_decay)}. State, made for every parameter when the optimizer is
 * built: {@code step} (a 0-d float32 tensor) and {@code sum}.
 */
public class Adagrad extends Optimizer {
    /** Adagrad's options, with PyTorch's defaults (lr 1e-2, eps 1e-10). */
    public static final class Options extends AdaptiveOptions<Options> {
        private double lrDecay;
        private double initialAccumulatorValue;

        /** Options with PyTorch's defaults. */
        public Options() {
            super(1e-2, 1e-10);
        }

        /**
         * Sets {@code lr_decay}: step {@code t} uses {@code lr / (1 + (t - 1) * lr_decay)} (default 0).
         *
         * @param v the decay, 0 or more
         * @return these options
         */
        public Options lrDecay(double v) {
            lrDecay = v;
            return this;
        }

        /**
         * Sets {@code initial_accumulator_value}, the starting value of the squared-gradient sum (default 0).
         *
         * @param v the starting value, 0 or more
         * @return these options
         */
        public Options initialAccumulatorValue(double v) {
            initialAccumulatorValue = v;
            return this;
        }

        Map<String, Object> defaults() {
            checkCommon();
            check(lrDecay >= 0, "lr_decay value", lrDecay);
            check(initialAccumulatorValue >= 0, "initial_accumulator_value value", initialAccumulatorValue);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("lr_decay", lrDecay);
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("initial_accumulator_value", initialAccumulatorValue);
            d.put("maximize", maximize);
            return d;
        }
    }

    /**
     * Optimizes {@code params} as one group.
     *
     * @param params the parameters, leaf tensors, in order
     * @param options the options, checked with PyTorch's messages
     * @throws IllegalArgumentException for an invalid option, no parameters or a non-leaf tensor
     */
    public Adagrad(Iterable<? extends Tensor> params, Options options) {
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
    @SuppressWarnings("this-escape") // initState only reads the groups and fills the state map
    public Adagrad(List<ParamGroup> groups, Options options) {
        super(groups, options.defaults());
        for (ParamGroup g : paramGroups()) {
            initState(g);
        }
    }

    /** PyTorch makes the state when the optimizer is built; a group added later gets it at its first step. */
    private void initState(ParamGroup group) {
        double init = group.getDouble("initial_accumulator_value");
        for (Tensor p : group.params()) {
            Map<String, Object> state = state(p);
            if (state.isEmpty()) {
                state.put("step", Tensor.scalar(0.0));
                state.put("sum", Tensor.fullLike(p, init));
            }
        }
    }

    @Override
    protected void update(ParamGroup group) {
        double lr = group.lr();
        double lrDecay = group.getDouble("lr_decay");
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weight_decay");
        boolean maximize = group.getBoolean("maximize");
        initState(group);
        for (Tensor p : group.params()) {
            if (p.grad() == null) {
                continue;
            }
            Map<String, Object> state = state(p);
            Tensor stepT = (Tensor) state.get("step");
            stepT.add_(1);
            double step = stepT.item();
            Tensor grad = maximize ? p.grad().neg() : p.grad();
            if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            double clr = lr / (1 + (step - 1) * lrDecay);
            Tensor sum = (Tensor) state.get("sum");
            sum.addcmul_(grad, grad, 1);
            Tensor std = sum.sqrt().add_(eps);
            p.addcdiv_(grad, std, -clr);
        }
    }
}
