package dev.arbor.ops;

import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * dropout and its variants. Masks are drawn from a {@link Generator} (the numbers differ from
 * PyTorch's, the distribution is the same). Outside training, or with {@code p = 0}, the input is
 * returned as it is, as PyTorch does.
 */
public final class Dropout {
    /** SELU's {@code scale * alpha}: the value alpha dropout drops to is its negative. */
    private static final double ALPHA_PRIME = 1.7580993408473766;

    private Dropout() {}

    private static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    /** A keep-mask (1 with probability {@code 1 - p}, else 0) of {@code shape} in {@code like}'s dtype and device. */
    private static Tensor keepMask(Tensor like, long[] shape, double p, Generator gen) {
        Tensor uniform = Tensor.rand(gen, ArgChecks.computeType(like.dtype()), shape);
        return uniform.ge(p).to(like.dtype()).to(like.device());
    }

    /** The mask shape of feature dropout: one draw per (sample, channel) of {@code [N, C, *]}. */
    private static long[] featureShape(Tensor x) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("Feature dropout requires at least 2 dimensions in the input");
        }
        long[] shape = new long[x.dim()];
        Arrays.fill(shape, 1);
        shape[0] = x.size(0);
        shape[1] = x.size(1);
        return shape;
    }

    /** Zeroes each element with probability {@code p} and scales the rest by {@code 1 / (1 - p)}. */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        long trace = OpTraces.begin();
        Tensor out = computeDropout(x, p, training, gen);
        return trace < 0 || out == x ? out : OpTraces.end(trace, "dropout", out, x, p, training, gen);
    }

    private static Tensor computeDropout(Tensor x, double p, boolean training, Generator gen) {
        checkP(p);
        if (!training || p == 0) {
            return x;
        }
        return scaled(x, x.shape(), p, gen);
    }

    /** Zeroes whole channels of {@code [N, C, *]} with probability {@code p}, scaling the rest. */
    public static Tensor featureDropout(Tensor x, double p, boolean training, Generator gen) {
        long trace = OpTraces.begin();
        Tensor out = computeFeatureDropout(x, p, training, gen);
        return trace < 0 || out == x ? out : OpTraces.end(trace, "feature_dropout", out, x, p, training, gen);
    }

    private static Tensor computeFeatureDropout(Tensor x, double p, boolean training, Generator gen) {
        checkP(p);
        if (!training || p == 0) {
            return x;
        }
        return scaled(x, featureShape(x), p, gen);
    }

    private static Tensor scaled(Tensor x, long[] maskShape, double p, Generator gen) {
        ArgChecks.floating("dropout", x);
        Tensor mask = keepMask(x, maskShape, p, gen);
        return x.mul(p == 1 ? mask : mask.div(1 - p));
    }

    /** Channel dropout of {@code [N, C, L]} or unbatched {@code [C, L]}, as {@code F.dropout1d}. */
    public static Tensor dropout1d(Tensor x, double p, boolean training, Generator gen) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("dropout1d: Expected 2D or 3D input, but received a " + x.dim()
                    + "D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
                    + "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).");
        }
        return unbatchedAware(x, 3, p, training, gen);
    }

    /** Channel dropout of {@code [N, C, D, H, W]} or unbatched {@code [C, D, H, W]}, as {@code F.dropout3d}. */
    public static Tensor dropout3d(Tensor x, double p, boolean training, Generator gen) {
        return unbatchedAware(x, 5, p, training, gen);
    }

    /** Feature dropout where an input of rank {@code batchedRank - 1} is one sample without batch dimension. */
    private static Tensor unbatchedAware(Tensor x, int batchedRank, double p, boolean training, Generator gen) {
        if (x.dim() == batchedRank - 1) {
            return featureDropout(x.unsqueeze(0), p, training, gen).squeeze(0);
        }
        return featureDropout(x, p, training, gen);
    }

    /**
     * Alpha dropout (for SELU networks): dropped elements take SELU's negative saturation value and the
     * result is scaled and shifted so that mean and variance are kept; {@code feature} drops channels.
     */
    public static Tensor alphaDropout(Tensor x, double p, boolean training, boolean feature, Generator gen) {
        long trace = OpTraces.begin();
        Tensor out = computeAlphaDropout(x, p, training, feature, gen);
        return trace < 0 || out == x ? out : OpTraces.end(trace, "alpha_dropout", out, x, p, training, feature, gen);
    }

    private static Tensor computeAlphaDropout(Tensor x, double p, boolean training, boolean feature, Generator gen) {
        checkP(p);
        if (!training || p == 0) {
            return x;
        }
        ArgChecks.floating("alpha_dropout", x);
        if (p == 1) {
            return x.mul(0.0);
        }
        Tensor keep = keepMask(x, feature ? featureShape(x) : x.shape(), p, gen);
        double a = 1 / Math.sqrt((ALPHA_PRIME * ALPHA_PRIME * p + 1) * (1 - p));
        // x * keep * a + (keep - 1) * alpha' * a + alpha' * a * p
        Tensor shift = keep.sub(1.0).mul(ALPHA_PRIME * a).add(ALPHA_PRIME * a * p);
        return x.mul(keep.mul(a)).add(shift);
    }
}
