package dev.arbor.optim;

import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, as {@code torch.optim.RMSprop}: {@code v = alpha * v + (1 - alpha) * g^2}; the step
 * divides by {@code sqrt(v) + eps}, or with {@code centered} by {@code sqrt(v - mean(g)^2) + eps};
 * with momentum the quotient accumulates in a buffer. State: {@code step} (an integer),
 * {@code square_avg}, {@code momentum_buffer}, {@code grad_avg}.
 */
public class RMSprop extends Optimizer {
    /** RMSprop's options, with PyTorch's defaults (lr 1e-2, alpha 0.99, eps 1e-8). */
    public static final class Options extends AdaptiveOptions<Options> {
        private double alpha = 0.99;
        private double momentum;
        private boolean centered;

        /** Options with PyTorch's defaults. */
        public Options() {
            super(1e-2, 1e-8);
        }

        /**
         * Sets {@code alpha}, the smoothing constant of the squared-gradient average (default 0.99).
         *
         * @param v the constant, 0 or more
         * @return these options
         */
        public Options alpha(double v) {
            alpha = v;
            return this;
        }

        /**
         * Sets the momentum factor ({@code momentum}, default 0: no momentum buffer).
         *
         * @param v the factor, 0 or more
         * @return these options
         */
        public Options momentum(double v) {
            momentum = v;
            return this;
        }

        /**
         * Sets {@code centered}: whether the step normalises by the estimated variance of the gradient
         * instead of its second moment (default false).
         *
         * @param v true to centre
         * @return these options
         */
        public Options centered(boolean v) {
            centered = v;
            return this;
        }

        Map<String, Object> defaults() {
            checkCommon();
            check(momentum >= 0, "momentum value", momentum);
            check(alpha >= 0, "alpha value", alpha);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("momentum", momentum);
            d.put("alpha", alpha);
            d.put("eps", eps);
            d.put("centered", centered);
            d.put("weight_decay", weightDecay);
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
    public RMSprop(Iterable<? extends Tensor> params, Options options) {
        super(single(params), options.defaults());
    }

    /**
     * Optimizes parameter groups with these defaults.
     *
     * @param groups the parameter groups; options they do not set take the defaults
     * @param options the default options, checked with PyTorch's messages
     * @throws IllegalArgumentException for an invalid option, no parameters, a non-leaf tensor or a
     *                                  parameter in two groups
     */
    public RMSprop(List<ParamGroup> groups, Options options) {
        super(groups, options.defaults());
    }

    @Override
    protected void update(ParamGroup group) {
        double lr = group.lr();
        double alpha = group.getDouble("alpha");
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weight_decay");
        double momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            if (p.grad() == null) {
                continue;
            }
            Map<String, Object> state = state(p);
            if (state.isEmpty()) {
                state.put("step", 0);
                state.put("square_avg", Tensor.zerosLike(p));
                if (momentum > 0) {
                    state.put("momentum_buffer", Tensor.zerosLike(p));
                }
                if (centered) {
                    state.put("grad_avg", Tensor.zerosLike(p));
                }
            }
            state.put("step", ((Number) state.get("step")).intValue() + 1);
            Tensor grad = maximize ? p.grad().neg() : p.grad();
            if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            Tensor squareAvg = (Tensor) state.get("square_avg");
            squareAvg.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
            Tensor avg;
            if (centered) {
                Tensor gradAvg = (Tensor) state.get("grad_avg");
                gradAvg.mul_(alpha).add_(grad, 1 - alpha);
                avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
            } else {
                avg = squareAvg.sqrt();
            }
            avg = avg.add(eps);
            if (momentum > 0) {
                Tensor buf = (Tensor) state.get("momentum_buffer");
                buf.mul_(momentum).addcdiv_(grad, avg, 1);
                p.add_(buf, -lr);
            } else {
                p.addcdiv_(grad, avg, -lr);
            }
        }
    }
}
