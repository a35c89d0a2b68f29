package dev.arbor.ops;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.List;

/**
 * The activation functions of {@code torch.nn.functional} that are not single primitives, with
 * PyTorch's values and gradients, including at the kinks (where PyTorch's backward kernels pick a
 * side, the fused backwards here pick the same one).
 */
public final class Activations {
    /** SELU's constants, as in Klambauer et al. and PyTorch. */
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private Activations() {}

    /** {@code clamp(x, min, max)}; the gradient passes strictly inside (min, max), as PyTorch's. */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        long trace = OpTraces.begin();
        Tensor out = computeHardtanh(x, min, max);
        return trace < 0 ? out : OpTraces.end(trace, "hardtanh", out, x, min, max);
    }

    private static Tensor computeHardtanh(Tensor x, double min, double max) {
        Tensor out = x.detach().clamp(min, max);
        if (!out.dtype().isFloatingPoint()) {
            return out;
        }
        return Autograd.record("HardtanhBackward0", out, new Tensor[] {x},
                g -> new Tensor[] {g.mul(x.gt(min).logicalAnd(x.lt(max)).to(g.dtype()))}, x);
    }

    /** {@code x > 0 ? x : slope * x}. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        long trace = OpTraces.begin();
        ArgChecks.floating("leaky_relu", x);
        Tensor out = Tensor.where(x.gt(0.0), x, x.mul(negativeSlope));
        return trace < 0 ? out : OpTraces.end(trace, "leaky_relu", out, x, negativeSlope);
    }

    /** {@code x > 0 ? x : w * x}, with one weight or one per channel (dimension 1). */
    public static Tensor prelu(Tensor x, Tensor weight) {
        long trace = OpTraces.begin();
        Tensor out = computePrelu(x, weight);
        return trace < 0 ? out : OpTraces.end(trace, "prelu", out, x, weight);
    }

    private static Tensor computePrelu(Tensor x, Tensor weight) {
        ArgChecks.floating("prelu", x);
        if (weight.dim() > 1) {
            throw new IllegalArgumentException("prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = "
                    + weight.dim());
        }
        long channels = x.dim() >= 2 ? x.size(1) : 1;
        long n = weight.numel();
        if (n != 1 && n != channels) {
            throw new IllegalArgumentException("Mismatch of parameter numbers and input channel size. Found parameter "
                    + "numbers = " + n + " and channel size = " + channels + ".");
        }
        Tensor w = weight;
        if (x.dim() >= 2) {
            long[] shape = new long[x.dim() - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = n;
            w = weight.reshape(shape);
        } else if (weight.dim() == 1) {
            w = weight.reshape();
        }
        return Tensor.where(x.gt(0.0), x, x.mul(w));
    }

    /** {@code x > 0 ? x : alpha * (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        long trace = OpTraces.begin();
        ArgChecks.floating("elu", x);
        Tensor out = Tensor.where(x.gt(0.0), x, negativeExp(x, 1).mul(alpha));
        return trace < 0 ? out : OpTraces.end(trace, "elu", out, x, alpha);
    }

    /** {@code scale * elu(x, alpha)} with SELU's fixed constants. */
    public static Tensor selu(Tensor x) {
        long trace = OpTraces.begin();
        ArgChecks.floating("selu", x);
        Tensor out = Tensor.where(x.gt(0.0), x, negativeExp(x, 1).mul(SELU_ALPHA)).mul(SELU_SCALE);
        return trace < 0 ? out : OpTraces.end(trace, "selu", out, x);
    }

    /** {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}. */
    public static Tensor celu(Tensor x, double alpha) {
        long trace = OpTraces.begin();
        Tensor out = computeCelu(x, alpha);
        return trace < 0 ? out : OpTraces.end(trace, "celu", out, x, alpha);
    }

    private static Tensor computeCelu(Tensor x, double alpha) {
        ArgChecks.floating("celu", x);
        if (alpha == 0) {
            throw new IllegalArgumentException("ZeroDivisionError: alpha cannot be 0 for CELU");
        }
        return Tensor.where(x.gt(0.0), x, negativeExp(x, 1 / alpha).mul(alpha));
    }

    /**
     * {@code exp(scale * min(x, 0)) - 1}: the negative branch of the ELU family, with the positive side
     * clamped so that it never overflows (an infinite unused branch would make its zero gradient NaN).
     */
    private static Tensor negativeExp(Tensor x, double scale) {
        Tensor neg = x.clamp(null, 0.0);
        return (scale == 1 ? neg : neg.mul(scale)).expm1();
    }

    /** GELU, {@code approximate} "none" (exact, with erf) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) {
        long trace = OpTraces.begin();
        Tensor out = computeGelu(x, approximate);
        return trace < 0 ? out : OpTraces.end(trace, "gelu", out, x, approximate);
    }

    private static Tensor computeGelu(Tensor x, String approximate) {
        boolean tanh = switch (approximate) {
            case "none" -> false;
            case "tanh" -> true;
            default -> throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        };
        ArgChecks.floating("gelu", x);
        return x.gelu(tanh);
    }

    /**
     * {@code x * relu6(x + 3) / 6}. At the kinks the gradient is PyTorch's vectorised kernel's (the one
     * any tensor of 16 or more floats takes): -0.5 at -3 and 1 at 3.
     */
    public static Tensor hardswish(Tensor x) {
        long trace = OpTraces.begin();
        Tensor out = computeHardswish(x);
        return trace < 0 ? out : OpTraces.end(trace, "hardswish", out, x);
    }

    private static Tensor computeHardswish(Tensor x) {
        ArgChecks.floating("hardswish", x);
        Tensor xd = x.detach();
        Tensor out = xd.mul(xd.add(3.0).clamp(0.0, 6.0)).div(6.0);
        return Autograd.record("HardswishBackward0", out, new Tensor[] {x}, g -> {
            Tensor zero = ArgChecks.scalarLike(0, g);
            return new Tensor[] {Tensor.where(x.lt(-3.0), zero, Tensor.where(x.lt(3.0), g.mul(x.div(3.0).add(0.5)), g))};
        }, x);
    }

    /** {@code relu6(x + 3) / 6}. */
    public static Tensor hardsigmoid(Tensor x) {
        long trace = OpTraces.begin();
        Tensor out = computeHardsigmoid(x);
        return trace < 0 ? out : OpTraces.end(trace, "hardsigmoid", out, x);
    }

    private static Tensor computeHardsigmoid(Tensor x) {
        ArgChecks.floating("hardsigmoid", x);
        Tensor out = x.detach().add(3.0).clamp(0.0, 6.0).div(6.0);
        return Autograd.record("HardsigmoidBackward0", out, new Tensor[] {x},
                g -> new Tensor[] {g.div(6.0).mul(x.gt(-3.0).logicalAnd(x.lt(3.0)).to(g.dtype()))}, x);
    }

    /** {@code log(1 + exp(beta * x)) / beta}, linear where {@code beta * x > threshold}. */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        long trace = OpTraces.begin();
        Tensor out = computeSoftplus(x, beta, threshold);
        return trace < 0 ? out : OpTraces.end(trace, "softplus", out, x, beta, threshold);
    }

    private static Tensor computeSoftplus(Tensor x, double beta, double threshold) {
        ArgChecks.floating("softplus", x);
        Tensor xd = x.detach();
        Tensor bx = xd.mul(beta);
        Tensor linear = bx.gt(threshold);
        // the unused branch is clamped so that exp cannot overflow there
        Tensor smooth = bx.clamp(null, threshold).exp().log1p().div(beta);
        Tensor out = Tensor.where(linear, xd, smooth);
        return Autograd.record("SoftplusBackward0", out, new Tensor[] {x}, g -> {
            Tensor bxg = x.mul(beta);
            return new Tensor[] {Tensor.where(bxg.gt(threshold), g, g.mul(bxg.sigmoid()))};
        }, x);
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        long trace = OpTraces.begin();
        ArgChecks.floating("softsign", x);
        Tensor out = x.div(x.abs().add(1.0));
        return trace < 0 ? out : OpTraces.end(trace, "softsign", out, x);
    }

    /** {@code x > threshold ? x : value}. */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        return Tensor.where(x.gt(threshold), x, ArgChecks.scalarLike(value, x));
    }

    /** {@code log(sigmoid(x))}, computed as {@code min(x, 0) - log1p(exp(-|x|))}. */
    public static Tensor logsigmoid(Tensor x) {
        long trace = OpTraces.begin();
        Tensor out = computeLogsigmoid(x);
        return trace < 0 ? out : OpTraces.end(trace, "log_sigmoid", out, x);
    }

    private static Tensor computeLogsigmoid(Tensor x) {
        ArgChecks.floating("log_sigmoid", x);
        Tensor xd = x.detach();
        Tensor out = xd.clamp(null, 0.0).sub(xd.abs().neg().exp().log1p());
        return Autograd.record("LogSigmoidBackward0", out, new Tensor[] {x},
                g -> new Tensor[] {g.mul(x.neg().sigmoid())}, x);
    }

    /** The gated linear unit: the first half of {@code dim} times the sigmoid of the second half. */
    public static Tensor glu(Tensor x, int dim) {
        ArgChecks.floating("glu", x);
        if (x.dim() == 0) {
            throw new IllegalArgumentException("glu does not support scalars because halving size must be even");
        }
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.size(d) % 2 != 0) {
            throw new IllegalArgumentException("Halving dimension must be even, but dimension " + d + " is size "
                    + x.size(d));
        }
        List<Tensor> halves = x.chunk(2, d);
        return halves.get(0).mul(halves.get(1).sigmoid());
    }

    /** {@code x - tanh(x)}. */
    public static Tensor tanhshrink(Tensor x) {
        return x.sub(x.tanh());
    }

    /** {@code x - lambda} above lambda, {@code x + lambda} below -lambda, 0 between. */
    public static Tensor softshrink(Tensor x, double lambda) {
        long trace = OpTraces.begin();
        Tensor out = computeSoftshrink(x, lambda);
        return trace < 0 ? out : OpTraces.end(trace, "softshrink", out, x, lambda);
    }

    private static Tensor computeSoftshrink(Tensor x, double lambda) {
        ArgChecks.floating("softshrink", x);
        checkLambda(lambda);
        Tensor zero = ArgChecks.scalarLike(0, x);
        return Tensor.where(x.gt(lambda), x.sub(lambda), Tensor.where(x.lt(-lambda), x.add(lambda), zero));
    }

    /** {@code x} where {@code |x| > lambda}, 0 elsewhere. */
    public static Tensor hardshrink(Tensor x, double lambda) {
        long trace = OpTraces.begin();
        ArgChecks.floating("hardshrink", x);
        Tensor out = Tensor.where(x.gt(lambda).logicalOr(x.lt(-lambda)), x, ArgChecks.scalarLike(0, x));
        return trace < 0 ? out : OpTraces.end(trace, "hardshrink", out, x, lambda);
    }

    private static void checkLambda(double lambda) {
        if (lambda < 0) {
            throw new IllegalArgumentException("lambda must be greater or equal to 0, but found to be " + lambda + ".");
        }
    }
}
