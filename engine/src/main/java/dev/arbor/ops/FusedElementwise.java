package dev.arbor.ops;

import dev.arbor.backend.Backend;
import dev.arbor.backend.FusedKernels.Kernel;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * Elementwise compositions a backend may run as one kernel ({@link Backend#kernels()}): the backend's
 * kernel runs when it has one, the operands suit it and no gradient is recorded through the result;
 * otherwise the decomposition into differentiable ops runs, with the same values. The fused forms save
 * the passes and the temporaries of the decomposition in the hottest steps of training (ReLU's
 * backward, the optimizers' {@code p += alpha * d}).
 */
public final class FusedElementwise {
    private FusedElementwise() {}

    private static Backend fused(Tensor t, Kernel kernel) {
        Backend backend = Transfer.backend(t);
        return backend.kernels().has(kernel) ? backend : null;
    }

    /**
     * PyTorch's {@code threshold_backward}: {@code input <= threshold ? 0 : grad}, the gradient of ReLU
     * (with its output as {@code input}) and of {@code threshold}.
     */
    public static Tensor thresholdBackward(Tensor grad, Tensor input, double threshold) {
        Backend backend = fused(grad, Kernel.THRESHOLD_BACKWARD);
        if (backend != null && !Autograd.needsGrad(grad, input) && grad.dtype().isFloatingPoint()
                && grad.dtype() == input.dtype() && grad.device().equals(input.device())
                && Arrays.equals(grad.shape(), input.shape())) {
            Tensor out = Tensor.empty(grad.dtype(), grad.device(), grad.shape());
            backend.thresholdBackward(grad.detach(), input.detach(), threshold, out);
            return out;
        }
        return Tensor.where(input.le(threshold), Tensor.zerosLike(grad), grad);
    }

    /**
     * {@code dst += alpha * other} in place, as {@code Tensor.add_(other, alpha)}: one pass without a
     * temporary when fused; the decomposition (a product, then an in-place add) otherwise, and always
     * while an {@link dev.arbor.tensor.OpTracer} watches, so that it sees ops it can export.
     */
    public static Tensor addScaledInPlace(Tensor dst, Tensor other, double alpha) {
        Backend backend = fused(dst, Kernel.SCALED_ADD);
        if (backend != null && OpTraces.begin() < 0 && !Autograd.needsGrad(dst, other)
                && dst.dtype().isFloatingPoint() && dst.dtype() == other.dtype()
                && dst.device().equals(other.device()) && broadcastsTo(other.shape(), dst.shape())) {
            Transfer.checkInPlace(dst);
            backend.addScaled(dst, other.detach().expand(dst.shape()), alpha, dst);
            dst.storage().bumpVersion();
            return dst;
        }
        return dst.add_(other.mul(alpha));
    }

    private static boolean broadcastsTo(long[] shape, long[] target) {
        if (shape.length > target.length) {
            return false;
        }
        for (int i = 1; i <= shape.length; i++) {
            long s = shape[shape.length - i];
            if (s != 1 && s != target[target.length - i]) {
                return false;
            }
        }
        return true;
    }
}
