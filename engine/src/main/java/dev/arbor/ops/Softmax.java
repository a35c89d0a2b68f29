package dev.arbor.ops;

import dev.arbor.backend.Backend;
import dev.arbor.backend.FusedKernels;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;

/**
 * softmax, log_softmax, softmin and gumbel_softmax along one dimension, computed stably (the
 * maximum is subtracted first), with fused backward formulas. float16 and bfloat16 inputs are
 * computed in float32 and rounded once at the end.
 */
public final class Softmax {
    private Softmax() {}

    /** {@code exp(x) / sum(exp(x))} along {@code dim}; {@code dtype} (null: keep) casts the input first. */
    public static Tensor softmax(Tensor x, int dim, DType dtype) {
        long trace = OpTraces.begin();
        Tensor out = compute(x, dim, dtype, false);
        return trace < 0 ? out : OpTraces.end(trace, "softmax", out, x, dim, dtype);
    }

    /** {@code x - log(sum(exp(x)))} along {@code dim}. */
    public static Tensor logSoftmax(Tensor x, int dim, DType dtype) {
        long trace = OpTraces.begin();
        Tensor out = compute(x, dim, dtype, true);
        return trace < 0 ? out : OpTraces.end(trace, "log_softmax", out, x, dim, dtype);
    }

    /** {@code softmax(-x)}. */
    public static Tensor softmin(Tensor x, int dim, DType dtype) {
        long trace = OpTraces.begin();
        Tensor out = compute((dtype == null ? x : x.to(dtype)).neg(), dim, null, false);
        return trace < 0 ? out : OpTraces.end(trace, "softmin", out, x, dim, dtype);
    }

    private static Tensor compute(Tensor input, int dim, DType dtype, boolean log) {
        Tensor x = dtype == null ? input : input.to(dtype);
        String op = log ? "log_softmax" : "softmax";
        ArgChecks.floating(op, x);
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.numel() == 0) {
            return x.clone();
        }
        DType ct = ArgChecks.computeType(x.dtype());
        Tensor xd = x.detach().to(ct);
        Tensor out = forward(xd, d, log).to(x.dtype());
        if (log) {
            return Autograd.record("LogSoftmaxBackward0", out, new Tensor[] {x}, g -> {
                Tensor y = out.to(ct);
                Tensor gc = g.to(ct);
                return new Tensor[] {gc.sub(y.exp().mul(gc.sum(d, true)))};
            }, out);
        }
        return Autograd.record("SoftmaxBackward0", out, new Tensor[] {x}, g -> {
            Tensor y = out.to(ct);
            Tensor gc = g.to(ct);
            return new Tensor[] {y.mul(gc.sub(gc.mul(y).sum(d, true)))};
        }, out);
    }

    /** The values, with the backend's fused kernel where it has one. */
    private static Tensor forward(Tensor x, int d, boolean log) {
        Backend backend = Transfer.backend(x);
        if (x.dim() > 0 && backend.kernels().has(FusedKernels.Kernel.SOFTMAX)) {
            Tensor out = Tensor.empty(x.dtype(), x.device(), x.shape());
            backend.softmax(x.contiguous(), d, log, out);
            return out;
        }
        Tensor shifted = x.sub(x.amax(new int[] {d}, true));
        Tensor exp = shifted.exp();
        Tensor sum = exp.sum(d, true);
        return log ? shifted.sub(sum.log()) : exp.div(sum);
    }

    /**
     * Samples from the Gumbel-softmax distribution, as {@code F.gumbel_softmax}: softmax of
     * {@code (logits + gumbel noise) / tau}; with {@code hard}, a one-hot of the argmax whose gradient
     * is the soft sample's (straight-through).
     */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, int dim, Generator gen) {
        ArgChecks.floating("gumbel_softmax", logits);
        // -log(E) with E ~ Exponential(1) is Gumbel(0, 1); 1 - U keeps the log finite
        Tensor uniform = Tensor.rand(gen, logits.dtype(), logits.shape()).to(logits.device());
        Tensor gumbels = uniform.rsub(1.0).log().neg().log().neg();
        Tensor soft = softmax(logits.add(gumbels).div(tau), dim, null);
        if (!hard) {
            return soft;
        }
        int d = Shapes.wrapDim(dim, logits.dim());
        Tensor index = soft.detach().argmax(d, true);
        Tensor oneHot = Tensor.zerosLike(soft).scatter(d, index, ArgChecks.scalarLike(1, soft));
        return oneHot.sub(soft.detach()).add(soft);
    }
}
