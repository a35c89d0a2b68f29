package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * RMSNormalization (opset 23) and GroupNormalization (opset 18: scale and bias per group; from 21: per
 * channel). Statistics are computed in float32 at least, as {@code stash_type}'s default asks.
 */
final class NormalizationOps {
    private NormalizationOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("RMSNormalization", 23, NormalizationOps::rmsNorm);
        r.add("GroupNormalization", 18, NormalizationOps::groupNorm);
    }

    /** float32 unless the input is wider. */
    private static DType stashType(Tensor x) {
        return x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    }

    private static List<Object> rmsNorm(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        Tensor scale = ctx.tensor(in, 1);
        int ax = axis(ctx, ctx.attributes().getInt("axis", -1), x.dim());
        double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
        int[] dims = IntStream.range(ax, x.dim()).toArray();
        Tensor xs = x.to(stashType(x));
        Tensor y = xs.mul(xs.square().mean(dims, true).add(eps).rsqrt());
        return one(y.mul(scale.to(y.dtype())).to(x.dtype()));
    }

    private static List<Object> groupNorm(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        Tensor scale = ctx.tensor(in, 1);
        Tensor bias = ctx.tensor(in, 2);
        long groups = ctx.attributes().getInt("num_groups");
        double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
        if (x.dim() < 2) {
            throw ctx.error("the input must have a channel axis, got rank " + x.dim());
        }
        long n = x.size(0);
        long c = x.size(1);
        if (groups <= 0 || c % groups != 0) {
            throw ctx.error(c + " channels cannot be split into " + groups + " groups");
        }
        boolean perChannel = ctx.opset() >= 21;
        long expected = perChannel ? c : groups;
        if (scale.numel() != expected || bias.numel() != expected) {
            throw ctx.error("scale and bias must have " + expected + " elements (one per "
                    + (perChannel ? "channel" : "group") + "), got " + scale.numel() + " and " + bias.numel());
        }
        Tensor xs = x.to(stashType(x));
        Tensor grouped = xs.reshape(n, groups, -1);
        Tensor centered = grouped.sub(grouped.mean(new int[] {2}, true));
        Tensor normed = centered.mul(centered.square().mean(new int[] {2}, true).add(eps).rsqrt());
        long[] affineShape = new long[x.dim()];
        Arrays.fill(affineShape, 1);
        Tensor y;
        if (perChannel) {
            affineShape[1] = c;
            y = normed.reshape(x.shape()).mul(scale.to(xs.dtype()).reshape(affineShape))
                    .add(bias.to(xs.dtype()).reshape(affineShape));
        } else {
            y = normed.mul(scale.to(xs.dtype()).reshape(groups, 1)).add(bias.to(xs.dtype()).reshape(groups, 1))
                    .reshape(x.shape());
        }
        return one(y.to(x.dtype()));
    }
}
