package dev.arbor.ops;

import dev.arbor.backend.Backend;
import dev.arbor.backend.FusedKernels;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * layer_norm, batch_norm, group_norm, instance_norm, local_response_norm and normalize.
 *
 * <p>The first four share one fused op, {@link #standardize}: {@code (x - mean) / sqrt(var + eps)}
 * over some dimensions with the biased variance, whose backward is the closed form
 * {@code rstd * (g - mean(g) - xhat * mean(g * xhat))}; the affine part is composed of tensor ops.
 * float16 and bfloat16 inputs are computed in float32.
 */
public final class Normalization {
    private Normalization() {}

    /** The mean and biased variance over some dimensions (kept as size 1). */
    private record Moments(Tensor mean, Tensor var) {}

    private static Moments moments(Tensor x, int[] dims) {
        Tensor mean = x.mean(dims, true);
        Tensor centered = x.sub(mean);
        return new Moments(mean, centered.mul(centered).mean(dims, true));
    }

    /** A standardized tensor with the moments it was standardized with (detached, float32 for halves). */
    private record Standardized(Tensor out, Moments moments) {}

    /**
     * {@code (x - mean) / sqrt(var + eps)} over {@code dims}, with a fused backward. Under
     * {@code createGraph} the backward recomputes the moments from {@code x} with tensor ops, so that
     * higher-order gradients see their dependence on {@code x}.
     */
    private static Standardized standardize(Tensor x, int[] dims, double eps) {
        DType ct = ArgChecks.computeType(x.dtype());
        Tensor xd = x.detach().to(ct);
        Moments m = moments(xd, dims);
        Tensor rstd = m.var().add(eps).rsqrt();
        Tensor out = xd.sub(m.mean()).mul(rstd).to(x.dtype());
        Autograd.record("NativeNormBackward0", out, new Tensor[] {x}, g -> {
            Tensor xc = x.to(ct);
            Moments mm = GradMode.isEnabled() ? moments(xc, dims) : m;
            Tensor r = GradMode.isEnabled() ? mm.var().add(eps).rsqrt() : rstd;
            Tensor gc = g.to(ct);
            Tensor xhat = xc.sub(mm.mean()).mul(r);
            Tensor gx = gc.sub(gc.mean(dims, true)).sub(xhat.mul(gc.mul(xhat).mean(dims, true))).mul(r);
            return new Tensor[] {gx};
        }, x);
        return new Standardized(out, m);
    }

    /** {@code out * weight + bias} with the parameters broadcast from {@code shape} (either may be null). */
    private static Tensor affine(Tensor out, Tensor weight, Tensor bias, long[] shape) {
        Tensor r = out;
        if (weight != null) {
            r = r.mul(weight.reshape(shape));
        }
        if (bias != null) {
            r = r.add(bias.reshape(shape));
        }
        return r;
    }

    /** The shape {@code [C, 1, ..., 1]} that broadcasts a per-channel vector over {@code [N, C, *]}. */
    private static long[] channelShape(Tensor x) {
        long[] shape = new long[x.dim() - 1];
        Arrays.fill(shape, 1);
        shape[0] = x.size(1);
        return shape;
    }

    // ---------------------------------------------------------------- layer_norm

    /** Standardizes over the trailing {@code normalizedShape} dimensions, then applies weight and bias (either null). */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        long trace = OpTraces.begin();
        Tensor out = computeLayerNorm(x, normalizedShape, weight, bias, eps);
        return trace < 0 ? out : OpTraces.end(trace, "layer_norm", out, x, normalizedShape, weight, bias, eps);
    }

    private static Tensor computeLayerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        if (k == 0) {
            throw new IllegalArgumentException("Expected normalized_shape to be at least 1-dimensional, i.e., containing "
                    + "at least one element, but got normalized_shape = []");
        }
        checkParamShape("weight", weight, normalizedShape);
        checkParamShape("bias", bias, normalizedShape);
        long[] xs = x.shape();
        if (xs.length < k || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape)) {
            String star = Shapes.str(normalizedShape).replaceFirst("^\\[", "[*, ");
            throw new IllegalArgumentException("Given normalized_shape=" + Shapes.str(normalizedShape)
                    + ", expected input with shape " + star + ", but got input of size" + Shapes.str(xs));
        }
        ArgChecks.floating("LayerNormKernelImpl", x);
        Backend backend = Transfer.backend(x);
        DType ct = ArgChecks.computeType(x.dtype());
        if (!Autograd.needsGrad(x, weight, bias) && x.numel() > 0 && backend.kernels().has(FusedKernels.Kernel.LAYER_NORM)) {
            // inference: one pass per row instead of the decomposition's seven whole-tensor ops
            Tensor xc = x.detach().to(ct).contiguous();
            Tensor out = Tensor.empty(ct, x.device(), xs);
            backend.layerNorm(xc, Shapes.numel(normalizedShape), contiguous(weight, ct), contiguous(bias, ct), eps, out);
            return out.to(x.dtype());
        }
        int[] dims = new int[k];
        Arrays.setAll(dims, i -> xs.length - k + i);
        return affine(standardize(x, dims, eps).out(), weight, bias, normalizedShape);
    }

    private static Tensor contiguous(Tensor p, DType dtype) {
        return p == null ? null : p.detach().to(dtype).contiguous();
    }

    private static void checkParamShape(String name, Tensor p, long[] normalizedShape) {
        if (p != null && !Arrays.equals(p.shape(), normalizedShape)) {
            throw new IllegalArgumentException("Expected " + name + " to be of same shape as normalized_shape, but got "
                    + name + " of shape " + Shapes.str(p.shape()) + " and normalized_shape = "
                    + Shapes.str(normalizedShape));
        }
    }

    // ---------------------------------------------------------------- batch_norm

    /**
     * Batch normalization over {@code [N, C, *]}: in training, with the batch's statistics per channel,
     * updating the running statistics in place (with the unbiased variance) when given; in evaluation,
     * with the running statistics.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        long trace = OpTraces.begin();
        Tensor out = computeBatchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
        return trace < 0 ? out : OpTraces.end(trace, "batch_norm", out,
                x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    private static Tensor computeBatchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                           boolean training, double momentum, double eps) {
        long channels = checkPerChannel("batch_norm", x, runningMean, runningVar, weight, bias);
        long[] cshape = channelShape(x);
        if (!training) {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException((runningMean == null ? "running_mean" : "running_var")
                        + " must be defined in evaluation mode");
            }
            return evalNorm(x, runningMean, runningVar, weight, bias, eps, cshape);
        }
        long perChannel = x.numel() / Math.max(channels, 1);
        if (perChannel <= 1) {
            throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size "
                    + Shapes.str(x.shape()));
        }
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int i = 2; i < x.dim(); i++) {
            dims[i - 1] = i;
        }
        Standardized s = standardize(x, dims, eps);
        updateRunningStats(runningMean, runningVar, s.moments().mean().reshape(channels),
                s.moments().var().reshape(channels), perChannel, momentum);
        return affine(s.out(), weight, bias, cshape);
    }

    /**
     * {@code (x - mean) / sqrt(var + eps) * weight + bias} with given per-channel statistics, computed as
     * PyTorch's CPU kernel does: a per-channel scale {@code weight / sqrt(var + eps)} and shift
     * {@code bias - mean * scale}, then one multiply and one add over x (two passes instead of four).
     */
    private static Tensor evalNorm(Tensor x, Tensor mean, Tensor var, Tensor weight, Tensor bias, double eps,
                                   long[] cshape) {
        Tensor scale = var.detach().add(eps).rsqrt();
        if (weight != null) {
            scale = scale.mul(weight);
        }
        Tensor shift = mean.detach().mul(scale).neg();
        if (bias != null) {
            shift = shift.add(bias);
        }
        return x.mul(scale.reshape(cshape)).add(shift.reshape(cshape));
    }

    /**
     * {@code running = (1 - momentum) * running + momentum * batch}, in place and outside autograd, with
     * the unbiased variance ({@code n / (n - 1)} times the biased one) as PyTorch keeps it.
     */
    private static void updateRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor biasedVar,
                                           long n, double momentum) {
        try (var scope = GradMode.noGrad()) {
            if (runningMean != null) {
                runningMean.copy_(mean.to(DType.FLOAT64).mul(momentum)
                        .add(runningMean.to(DType.FLOAT64).mul(1 - momentum)));
            }
            if (runningVar != null) {
                Tensor unbiased = biasedVar.to(DType.FLOAT64).mul((double) n / (n - 1));
                runningVar.copy_(unbiased.mul(momentum).add(runningVar.to(DType.FLOAT64).mul(1 - momentum)));
            }
        }
    }

    /** Checks an {@code [N, C, *]} input and its per-channel tensors (any may be null); returns C. */
    private static long checkPerChannel(String op, Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight,
                                        Tensor bias) {
        checkBatched(op, x);
        ArgChecks.floating(op, x);
        long channels = x.size(1);
        checkChannels("running_mean", runningMean, channels);
        checkChannels("running_var", runningVar, channels);
        checkChannels("weight", weight, channels);
        checkChannels("bias", bias, channels);
        return channels;
    }

    private static void checkBatched(String op, Tensor x) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an input of shape [N, C, *] with at least 2 "
                    + "dimensions, got " + Shapes.str(x.shape()));
        }
    }

    private static void checkChannels(String name, Tensor t, long channels) {
        if (t != null && t.numel() != channels) {
            throw new IllegalArgumentException(name + " should contain " + channels + " elements not " + t.numel());
        }
    }

    // ---------------------------------------------------------------- group_norm, instance_norm

    /** Normalizes each of {@code numGroups} groups of channels of each sample of {@code [N, C, *]}. */
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps) {
        long trace = OpTraces.begin();
        Tensor out = computeGroupNorm(x, numGroups, weight, bias, eps);
        return trace < 0 ? out : OpTraces.end(trace, "group_norm", out, x, numGroups, weight, bias, eps);
    }

    private static Tensor computeGroupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps) {
        checkBatched("group_norm", x);
        ArgChecks.floating("group_norm", x);
        long channels = x.size(1);
        if (numGroups <= 0 || channels % numGroups != 0) {
            throw new IllegalArgumentException("Expected number of channels in input to be divisible by num_groups, but "
                    + "got input of shape " + Shapes.str(x.shape()) + " and num_groups=" + numGroups);
        }
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && (p.dim() != 1 || p.numel() != channels)) {
                String name = p == weight ? "weight" : "bias";
                throw new IllegalArgumentException("Expected " + name + " to be a vector of size equal to the number of "
                        + "channels in input, but got " + name + " of shape " + Shapes.str(p.shape())
                        + " and input of shape " + Shapes.str(x.shape()));
            }
        }
        Tensor grouped = x.reshape(x.size(0), numGroups, -1);
        Tensor out = standardize(grouped, new int[] {2}, eps).out().reshape(x.shape());
        return affine(out, weight, bias, channelShape(x));
    }

    /**
     * Normalizes each channel of each sample of {@code [N, C, *]} over its spatial elements; with
     * {@code useInputStats} false, uses the running statistics instead, as in evaluation.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        long trace = OpTraces.begin();
        Tensor out = computeInstanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
        return trace < 0 ? out : OpTraces.end(trace, "instance_norm", out,
                x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    private static Tensor computeInstanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                              boolean useInputStats, double momentum, double eps) {
        long channels = checkPerChannel("instance_norm", x, runningMean, runningVar, weight, bias);
        long[] cshape = channelShape(x);
        if (!useInputStats) {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("Expected running_mean and running_var to be defined when "
                        + "use_input_stats is false");
            }
            return evalNorm(x, runningMean, runningVar, weight, bias, eps, cshape);
        }
        long spatial = x.numel() / Math.max(1, x.size(0) * channels);
        if (spatial <= 1) {
            throw new IllegalArgumentException("Expected more than 1 spatial element when training, got input size "
                    + Shapes.str(x.shape()));
        }
        Standardized s = standardize(x.reshape(x.size(0), channels, -1), new int[] {2}, eps);
        // PyTorch updates one copy of the running statistics per sample and keeps their average
        updateRunningStats(runningMean, runningVar, s.moments().mean().mean(0, false).reshape(channels),
                s.moments().var().mean(0, false).reshape(channels), spatial, momentum);
        return affine(s.out().reshape(x.shape()), weight, bias, cshape);
    }

    // ---------------------------------------------------------------- local_response_norm, normalize

    /**
     * {@code x / (k + alpha * mean of x^2 over a window of size channels)^beta}, the window centred on
     * each channel ({@code size / 2} before, {@code (size - 1) / 2} after) and zero-padded.
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        long trace = OpTraces.begin();
        Tensor out = computeLocalResponseNorm(x, size, alpha, beta, k);
        return trace < 0 ? out : OpTraces.end(trace, "local_response_norm", out, x, size, alpha, beta, k);
    }

    private static Tensor computeLocalResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("Expected 3D or higher dimensionality input (got " + x.dim()
                    + " dimensions)");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("local_response_norm: size must be positive, got " + size);
        }
        if (x.numel() == 0) {
            return x;
        }
        Tensor sq = x.mul(x);
        long channels = x.size(1);
        List<Tensor> parts = new ArrayList<>();
        long[] padShape = x.shape();
        padShape[1] = size / 2;
        parts.add(Tensor.zeros(sq.dtype(), sq.device(), padShape));
        parts.add(sq);
        padShape[1] = (size - 1) / 2;
        parts.add(Tensor.zeros(sq.dtype(), sq.device(), padShape));
        Tensor padded = Tensor.cat(parts, 1);
        Tensor windowSum = padded.narrow(1, 0, channels);
        for (int i = 1; i < size; i++) {
            windowSum = windowSum.add(padded.narrow(1, i, channels));
        }
        Tensor div = windowSum.div(size).mul(alpha).add(k).pow(beta);
        return x.div(div);
    }

    /** {@code x / max(||x||_p, eps)} along {@code dim}. */
    public static Tensor normalize(Tensor x, double p, int dim, double eps) {
        Tensor norm = x.norm(p, new int[] {dim}, true).clamp(eps, null);
        return x.div(norm.expandAs(x));
    }
}
