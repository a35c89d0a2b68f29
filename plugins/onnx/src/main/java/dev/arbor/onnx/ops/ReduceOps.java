package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.as;
import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.longs;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Reductions (Reduce*, ArgMax/ArgMin), scans (CumSum, CumProd) and TopK. */
final class ReduceOps {
    private ReduceOps() {}

    /** A reduction over the given dims (none: all) with keepdim. */
    @FunctionalInterface
    private interface Reduction {
        Tensor apply(Tensor x, int[] dims, boolean keepdim);
    }

    static void register(OnnxOps.Registrar r) {
        // axes moved from an attribute to an input: ReduceSum at opset 13, the others at 18
        double inf = Double.POSITIVE_INFINITY;
        reduce(r, "ReduceSum", 13, 0, (x, d, k) -> x.sum(d, k));
        reduce(r, "ReduceMean", 18, Double.NaN, (x, d, k) -> x.mean(d, k));
        reduce(r, "ReduceProd", 18, 1, ReduceOps::prod);
        reduce(r, "ReduceMax", 18, -inf, (x, d, k) -> x.amax(d, k));
        reduce(r, "ReduceMin", 18, inf, (x, d, k) -> x.amin(d, k));
        reduce(r, "ReduceL1", 18, 0, (x, d, k) -> x.abs().sum(d, k));
        reduce(r, "ReduceL2", 18, 0, (x, d, k) -> x.mul(x).sum(d, k).sqrt());
        reduce(r, "ReduceSumSquare", 18, 0, (x, d, k) -> x.mul(x).sum(d, k));
        reduce(r, "ReduceLogSum", 18, -inf, (x, d, k) -> x.sum(d, k).log());
        reduce(r, "ReduceLogSumExp", 18, -inf, (x, d, k) -> x.logsumexp(d, k));
        argReduce(r, "ArgMax", true);
        argReduce(r, "ArgMin", false);
        r.add("CumSum", 11, (ctx, in) -> one(cumulative(ctx, in, false)));
        r.add("CumProd", 26, (ctx, in) -> one(cumulative(ctx, in, true)));
        r.add("TopK", 1, ReduceOps::topk);
    }

    private static Tensor prod(Tensor x, int[] dims, boolean keepdim) {
        Tensor y = x;
        int[] sorted = dims.length == 0 ? allDims(x.dim()) : dims.clone();
        Arrays.sort(sorted);
        for (int i = sorted.length - 1; i >= 0; i--) {
            y = y.prod(sorted[i], keepdim);
        }
        return y;
    }

    private static int[] allDims(int rank) {
        int[] d = new int[rank];
        Arrays.setAll(d, i -> i);
        return d;
    }

    /**
     * Registers a reduction; {@code emptyValue} is its result over an empty set (ONNX defines one:
     * the identity of the reduction, infinite for max/min clamped to the type's range).
     */
    private static void reduce(OnnxOps.Registrar r, String name, int axesInputSince, double emptyValue, Reduction f) {
        r.add(name, 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            boolean keep = ctx.attributes().getInt("keepdims", 1) != 0;
            long[] axes = ctx.opset() >= axesInputSince
                    ? (in.size() > 1 && in.get(1) != null ? longs(ctx, in, 1) : null)
                    : ctx.attributes().getInts("axes", null);
            if (axes == null || axes.length == 0) {
                if (ctx.attributes().getInt("noop_with_empty_axes", 0) != 0) {
                    return one(x);
                }
                axes = new long[0];
            }
            int[] dims = Arrays.stream(axes).mapToInt(a -> axis(ctx, a, x.dim())).toArray();
            if (x.dim() == 0) {
                return one(f.apply(x.reshape(1), new int[] {0}, false));
            }
            if (dims.length == 0) {
                dims = allDims(x.dim());
            }
            if (x.numel() == 0) {
                return one(emptyResult(x, dims, keep, emptyValue));
            }
            return one(as(f.apply(x, dims, keep), x.dtype()));
        });
    }

    /** The result of reducing an empty tensor: {@code value} (clamped for integer types) in the reduced shape. */
    private static Tensor emptyResult(Tensor x, int[] dims, boolean keep, double value) {
        long[] shape = x.shape();
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) {
            reduced[d] = true;
        }
        long[] out = java.util.stream.IntStream.range(0, shape.length).filter(i -> keep || !reduced[i])
                .mapToLong(i -> reduced[i] ? 1 : shape[i]).toArray();
        Number v = value;
        if (!x.dtype().isFloatingPoint()) {
            v = Double.isInfinite(value) ? (value > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : (long) value;
            if (x.dtype() != DType.INT64) {
                throw new UnsupportedOperationException("empty reductions of " + x.dtype() + " are not supported");
            }
        }
        return Tensor.full(v, x.dtype(), x.device(), out);
    }

    private static void argReduce(OnnxOps.Registrar r, String name, boolean max) {
        r.add(name, 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            int ax = axis(ctx, ctx.attributes().getInt("axis", 0), x.dim());
            boolean keep = ctx.attributes().getInt("keepdims", 1) != 0;
            boolean last = ctx.attributes().getInt("select_last_index", 0) != 0;
            if (!last) {
                return one(max ? x.argmax(ax, keep) : x.argmin(ax, keep));
            }
            // the last extreme is the first one of the reversed axis
            long n = x.size(ax);
            Tensor reversed = x.indexSelect(ax, Tensor.arange(0, n, 1, DType.INT64).rsub(n - 1.0).to(DType.INT64));
            Tensor idx = max ? reversed.argmax(ax, keep) : reversed.argmin(ax, keep);
            return one(idx.rsub(n - 1.0).to(DType.INT64));
        });
    }

    private static Tensor cumulative(OpContext ctx, List<Object> in, boolean product) {
        Tensor x = ctx.tensor(in, 0);
        int ax = axis(ctx, ctx.hostTensor(in, 1).itemLong(), x.dim());
        boolean exclusive = ctx.attributes().getInt("exclusive", 0) != 0;
        boolean reverse = ctx.attributes().getInt("reverse", 0) != 0;
        long n = x.size(ax);
        Tensor flip = Tensor.arange(0, n, 1, DType.INT64).rsub(n - 1.0).to(DType.INT64);
        Tensor y = reverse ? x.indexSelect(ax, flip) : x;
        Tensor c = product ? y.cumprod(ax) : y.cumsum(ax);
        if (exclusive) {
            // shift by one along the axis, starting from the identity element
            Tensor identity = Tensor.fullLike(y.narrow(ax, 0, Math.min(1, n)), product ? 1 : 0).to(c.dtype());
            c = n == 0 ? c : Tensor.cat(List.of(identity, c.narrow(ax, 0, n - 1)), ax);
        }
        if (reverse) {
            c = c.indexSelect(ax, flip);
        }
        return as(c, x.dtype());
    }

    private static List<Object> topk(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        int ax = axis(ctx, ctx.attributes().getInt("axis", -1), x.dim());
        long k = ctx.opset() >= 10 ? longs(ctx, in, 1)[0] : ctx.attributes().getInt("k");
        boolean largest = ctx.attributes().getInt("largest", 1) != 0;
        var r = x.topk(k, ax, largest);
        return List.of(r.values(), r.indices());
    }
}
