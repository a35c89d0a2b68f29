package dev.arbor.optim;

import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, as {@code torch.optim.Adam}: first and second moment estimates with bias correction,
 * {@code p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)}; AMSGrad uses the running
 * maximum of {@code v}. Weight decay is added to the gradient (L2); {@link AdamW} decouples it.
 * State: {@code step} (a 0-d float32 tensor), {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq} (AMSGrad).
 */
public class Adam extends Optimizer {
    /** Adam's options, with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8). */
    public static class Options extends AdaptiveOptions<Options> {
        double beta1 = 0.9;
        double beta2 = 0.999;
        boolean amsgrad;

        /** Options with PyTorch's defaults. */
        public Options() {
            super(1e-3, 1e-8);
        }

        /**
         * Sets {@code betas}, the decay rates of the first and second moment estimates (default (0.9, 0.999)).
         *
         * @param b1 the first moment's decay rate, in [0, 1)
         * @param b2 the second moment's decay rate, in [0, 1)
         * @return these options
         */
        public Options betas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        /**
         * Sets {@code amsgrad}: whether the step uses the running maximum of the second moment (default false).
         *
         * @param v true for AMSGrad
         * @return these options
         */
        public Options amsgrad(boolean v) {
            amsgrad = v;
            return this;
        }

        Map<String, Object> defaults() {
            checkCommon();
            check(beta1 >= 0 && beta1 < 1, "beta parameter at index 0", beta1);
            check(beta2 >= 0 && beta2 < 1, "beta parameter at index 1", beta2);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("betas", List.of(beta1, beta2));
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("amsgrad", amsgrad);
            d.put("maximize", maximize);
            return d;
        }
    }

    private final boolean decoupledWeightDecay;

    /**
     * Optimizes {@code params} as one group.
     *
     * @param params the parameters, leaf tensors, in order
     * @param options the options, checked with PyTorch's messages
     * @throws IllegalArgumentException for an invalid option, no parameters or a non-leaf tensor
     */
    public Adam(Iterable<? extends Tensor> params, Options options) {
        this(single(params), options, false);
    }

    /**
     * Optimizes parameter groups with these defaults.
     *
     * @param groups the parameter groups; options they do not set take the defaults
     * @param options the default options, checked with PyTorch's messages
     * @throws IllegalArgumentException for an invalid option, no parameters, a non-leaf tensor or a
     *                                  parameter in two groups
     */
    public Adam(List<ParamGroup> groups, Options options) {
        this(groups, options, false);
    }

    Adam(List<ParamGroup> groups, Options options, boolean decoupledWeightDecay) {
        super(groups, options.defaults());
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    @Override
    protected void update(ParamGroup group) {
        double lr = group.lr();
        List<?> betas = (List<?>) group.get("betas");
        double beta1 = ((Number) betas.get(0)).doubleValue();
        double beta2 = ((Number) betas.get(1)).doubleValue();
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weight_decay");
        boolean amsgrad = group.getBoolean("amsgrad");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            if (p.grad() == null) {
                continue;
            }
            Map<String, Object> state = state(p);
            if (state.isEmpty()) {
                state.put("step", Tensor.scalar(0.0));
                state.put("exp_avg", Tensor.zerosLike(p));
                state.put("exp_avg_sq", Tensor.zerosLike(p));
                if (amsgrad) {
                    state.put("max_exp_avg_sq", Tensor.zerosLike(p));
                }
            }
            Tensor grad = maximize ? p.grad().neg() : p.grad();
            Tensor expAvg = (Tensor) state.get("exp_avg");
            Tensor expAvgSq = (Tensor) state.get("exp_avg_sq");
            Tensor stepT = (Tensor) state.get("step");
            stepT.add_(1);
            if (decoupledWeightDecay) {
                p.mul_(1 - lr * weightDecay);
            } else if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            expAvg.mul_(beta1).add_(grad, 1 - beta1);
            expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            double step = stepT.item();
            double stepSize = lr / (1 - Math.pow(beta1, step));
            double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
            Tensor second = expAvgSq;
            if (amsgrad) {
                Tensor max = (Tensor) state.get("max_exp_avg_sq");
                max.copy_(max.maximum(expAvgSq));
                second = max;
            }
            Tensor denom = second.sqrt().div(bias2Sqrt).add_(eps);
            p.addcdiv_(expAvg, denom, -stepSize);
        }
    }
}
