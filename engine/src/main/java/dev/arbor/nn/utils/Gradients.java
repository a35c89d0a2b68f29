package dev.arbor.nn.utils;

import dev.arbor.nn.PyRepr;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Operations on the gradients of a set of parameters, as {@code torch.nn.utils.clip_grad_norm_},
 * {@code clip_grad_value_} and the zeroing that {@code Module.zero_grad} and
 * {@code Optimizer.zero_grad} share. Parameters without a gradient are skipped.
 */
public final class Gradients {
    private Gradients() {}

    /**
     * Scales all gradients together so that their joint 2-norm is at most {@code maxNorm}, as
     * {@code clip_grad_norm_(parameters, max_norm)}; see
     * {@link #clipGradNorm_(Iterable, double, double, boolean)}. A non-finite norm does not fail.
     *
     * @param parameters the parameters (or any tensors) whose gradients are changed; those without one are skipped
     * @param maxNorm    the largest joint norm the gradients keep
     * @return the total norm before clipping, a 0-d tensor (0 when no parameter has a gradient)
     */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2.0, false);
    }

    /**
     * Scales all gradients together, in place, so that their joint {@code normType}-norm (the norm of
     * the per-tensor norms) is at most {@code maxNorm}: each is multiplied by
     * {@code min(1, maxNorm / (total + 1e-6))}, as PyTorch does.
     *
     * @param parameters the parameters (or any tensors) whose gradients are scaled; those without one are skipped
     * @param maxNorm  the largest joint norm the gradients keep
     * @param normType the p of the norm (PyTorch's default 2); {@code Double.POSITIVE_INFINITY} for the
     *                 largest absolute value
     * @param errorIfNonfinite fail instead of scaling when the total norm is NaN or infinite
     * @return the total norm before clipping, a 0-d tensor (0 when no parameter has a gradient)
     * @throws IllegalStateException with PyTorch's message for a non-finite norm when asked
     */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm, double normType,
                                       boolean errorIfNonfinite) {
        List<Tensor> grads = grads(parameters);
        if (grads.isEmpty()) {
            return Tensor.scalar(0.0);
        }
        try (var scope = GradMode.noGrad()) {
            var device = grads.getFirst().device();
            List<Tensor> norms = new ArrayList<>(grads.size());
            for (Tensor g : grads) {
                Tensor n = Double.isInfinite(normType) ? g.abs().max() : g.norm(normType);
                norms.add(n.to(device));
            }
            Tensor stacked = Tensor.stack(norms, 0);
            Tensor total = Double.isInfinite(normType) ? stacked.max() : stacked.norm(normType);
            if (errorIfNonfinite && (total.isnan().item() != 0 || total.isinf().item() != 0)) {
                throw new IllegalStateException("The total norm of order " + PyRepr.of(normType) + " for gradients "
                        + "from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale "
                        + "the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
            }
            Tensor coef = Tensor.fullLike(total, maxNorm).div(total.add(1e-6)).clamp((Double) null, 1.0);
            for (Tensor g : grads) {
                g.mul_(coef.to(g.device()));
            }
            return total;
        }
    }

    /**
     * Clamps every gradient into {@code [-clipValue, clipValue]}, in place, as {@code clip_grad_value_}.
     *
     * @param parameters the parameters (or any tensors) whose gradients are changed; those without one are skipped
     * @param clipValue  the largest absolute value a gradient element keeps
     */
    public static void clipGradValue_(Iterable<? extends Tensor> parameters, double clipValue) {
        try (var scope = GradMode.noGrad()) {
            for (Tensor g : grads(parameters)) {
                g.clamp_(-clipValue, clipValue);
            }
        }
    }

    /**
     * Clears the gradients: to null when {@code setToNone}, else zeroes them in place after cutting
     * them from any graph, as PyTorch's {@code zero_grad}.
     *
     * @param parameters the parameters (or any tensors) whose gradients are changed; those without one are skipped
     * @param setToNone  true to drop the gradients (set them to null), false to fill them with zeros
     */
    public static void zero_(Iterable<? extends Tensor> parameters, boolean setToNone) {
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (setToNone) {
                p.setGrad(null);
            } else {
                if (g.gradFn() != null) {
                    g.detach_();
                } else {
                    g.requiresGrad_(false);
                }
                g.zero_();
            }
        }
    }

    private static List<Tensor> grads(Iterable<? extends Tensor> parameters) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                out.add(p.grad().detach());
            }
        }
        return out;
    }
}
