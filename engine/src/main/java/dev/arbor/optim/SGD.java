package dev.arbor.optim;

import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD}: with {@code d = grad}
 * (negated when maximizing) {@code + weight_decay * p}, the momentum buffer is {@code d} at the first
 * step and {@code momentum * buf + (1 - dampening) * d} after; the step is {@code buf}, or
 * {@code d + momentum * buf} with Nesterov; {@code p -= lr * step}. State: {@code momentum_buffer}.
 */
public class SGD extends Optimizer {
    /** SGD's options; the learning rate has no default, as in PyTorch. */
    public static final class Options extends OptimizerOptions<Options> {
        private double momentum;
        private double dampening;
        private boolean nesterov;

        /**
         * Options with this learning rate and no momentum.
         *
         * @param lr the learning rate, 0 or more
         */
        public Options(double lr) {
            super(lr);
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
         * Sets {@code dampening}: the new gradient enters the momentum buffer scaled by {@code 1 - dampening}
         * (default 0).
         *
         * @param v the dampening
         * @return these options
         */
        public Options dampening(double v) {
            dampening = v;
            return this;
        }

        /**
         * Sets {@code nesterov}: whether the step uses Nesterov momentum (needs momentum and zero
         * dampening; default false).
         *
         * @param v true for Nesterov momentum
         * @return these options
         */
        public Options nesterov(boolean v) {
            nesterov = v;
            return this;
        }

        Map<String, Object> defaults() {
            checkCommon();
            check(momentum >= 0, "momentum value", momentum);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("momentum", momentum);
            d.put("dampening", dampening);
            d.put("weight_decay", weightDecay);
            d.put("nesterov", nesterov);
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
    public SGD(Iterable<? extends Tensor> params, Options options) {
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
    public SGD(List<ParamGroup> groups, Options options) {
        super(groups, options.defaults());
    }

    @Override
    protected void update(ParamGroup group) {
        double lr = group.lr();
        double momentum = group.getDouble("momentum");
        double dampening = group.getDouble("dampening");
        double weightDecay = group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            if (p.grad() == null) {
                continue;
            }
            Tensor d = maximize ? p.grad().neg() : p.grad();
            if (weightDecay != 0) {
                d = d.add(p, weightDecay);
            }
            Map<String, Object> state = state(p);
            Tensor buf = null;
            if (momentum != 0) {
                buf = (Tensor) state.get("momentum_buffer");
                if (buf == null) {
                    buf = d.detach().clone();
                } else {
                    buf.mul_(momentum).add_(d, 1 - dampening);
                }
                d = nesterov ? d.add(buf, momentum) : buf;
            }
            state.put("momentum_buffer", buf);
            p.add_(d, -lr);
        }
    }
}
