package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.longs;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.LowPrecisionTensor;
import dev.arbor.onnx.OnnxDataTypes;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OnnxTensors;
import dev.arbor.onnx.OpContext;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that make, reshape, cut and join tensors: Constant, Cast, Shape, Reshape, Transpose, Squeeze,
 * Unsqueeze, Flatten, Concat, Split, Slice, Expand, Tile, Gather*, Range, Size, Identity and the like.
 */
final class ShapeOps {
    private ShapeOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("Identity", 1, (ctx, in) -> one(in.getFirst()));
        r.add("Constant", 1, (ctx, in) -> one(constant(ctx)));
        r.add("Cast", 1, (ctx, in) -> one(cast(ctx, in.get(0), (int) ctx.attributes().getInt("to"))));
        r.add("CastLike", 15, (ctx, in) -> one(cast(ctx, in.get(0), in.get(1) instanceof LowPrecisionTensor l
                ? l.onnxType() : OnnxDataTypes.toOnnx(ctx.tensor(in, 1).dtype()))));
        r.add("Shape", 1, (ctx, in) -> one(shape(ctx, ctx.tensor(in, 0))));
        r.add("Size", 1, (ctx, in) -> one(Tensor.scalar(ctx.tensor(in, 0).numel(), DType.INT64)));
        r.add("Reshape", 1, (ctx, in) -> one(reshape(ctx, in)));
        r.add("Flatten", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long a = ctx.attributes().getInt("axis", 1);
            int ax = a == x.dim() ? x.dim() : axis(ctx, a, x.dim());
            long outer = Shapes.numel(Arrays.copyOf(x.shape(), ax));
            long inner = Shapes.numel(Arrays.copyOfRange(x.shape(), ax, x.dim()));
            return one(x.reshape(outer, inner));
        });
        r.add("Transpose", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long[] perm = ctx.attributes().getInts("perm", null);
            int[] p = new int[x.dim()];
            for (int i = 0; i < p.length; i++) {
                p[i] = perm == null ? p.length - 1 - i : axis(ctx, perm[i], x.dim());
            }
            return one(x.permute(p));
        });
        r.add("Squeeze", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long[] axes = ctx.opset() >= 13 ? (in.size() > 1 && in.get(1) != null ? longs(ctx, in, 1) : null)
                    : ctx.attributes().getInts("axes", null);
            if (axes == null) {
                return one(x.squeeze());
            }
            int[] dims = Arrays.stream(axes).mapToInt(a -> axis(ctx, a, x.dim())).sorted().toArray();
            Tensor y = x;
            for (int i = dims.length - 1; i >= 0; i--) {
                if (x.size(dims[i]) != 1) {
                    throw ctx.error("cannot squeeze axis " + dims[i] + " of size " + x.size(dims[i]));
                }
                y = y.squeeze(dims[i]);
            }
            return one(y);
        });
        r.add("Unsqueeze", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long[] axes = ctx.opset() >= 13 ? longs(ctx, in, 1) : ctx.attributes().getInts("axes", new long[0]);
            int outRank = x.dim() + axes.length;
            int[] dims = Arrays.stream(axes).mapToInt(a -> axis(ctx, a, outRank)).sorted().toArray();
            Tensor y = x;
            for (int d : dims) {
                y = y.unsqueeze(d);
            }
            return one(y);
        });
        r.add("Concat", 1, (ctx, in) -> {
            List<Tensor> parts = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                parts.add(ctx.tensor(in, i));
            }
            int ax = axis(ctx, ctx.attributes().getInt("axis", 0), parts.getFirst().dim());
            return one(Tensor.cat(parts, ax));
        });
        r.add("Split", 1, ShapeOps::split);
        r.add("Slice", 1, (ctx, in) -> one(slice(ctx, in)));
        r.add("Expand", 8, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            return one(x.expand(Shapes.broadcast(x.shape(), longs(ctx, in, 1))));
        });
        r.add("Tile", 6, (ctx, in) -> one(ctx.tensor(in, 0).repeat(longs(ctx, in, 1))));
        r.add("ConstantOfShape", 9, (ctx, in) -> {
            long[] shape = longs(ctx, in, 0);
            TensorProto value = ctx.attributes().getTensor("value");
            Tensor v = value == null ? Tensor.scalar(0.0) : toTensor(ctx, value).reshape();
            return one(v.expand(shape).contiguous());
        });
        r.add("Range", 11, (ctx, in) -> {
            Tensor start = ctx.hostTensor(in, 0);
            double s = start.item();
            double limit = ctx.hostTensor(in, 1).item();
            double delta = ctx.hostTensor(in, 2).item();
            long n = Math.max((long) Math.ceil((limit - s) / delta), 0);
            return one(Tensor.arange(0, n, 1, DType.FLOAT64).mul(delta).add(s).to(start.dtype()));
        });
        r.add("Gather", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            int ax = axis(ctx, ctx.attributes().getInt("axis", 0), x.dim());
            Tensor single = ctx.hostTensor(in, 1);
            if (single.dim() == 0 && single.device().isCpu() && !single.dtype().isFloatingPoint() && x.dim() > 0) {
                // one index known on the host (x[:, -1]): a view, as PyTorch's select, instead of a copy
                long i = single.itemLong();
                long size = x.size(ax);
                if (i < -size || i >= size) {
                    throw ctx.error("index " + i + " is out of bounds for axis " + ax + " of size " + size);
                }
                return one(x.select(ax, i < 0 ? i + size : i));
            }
            Tensor idx = ctx.tensor(in, 1);
            Tensor flat = wrapNegative(idx, x.size(ax)).reshape(-1);
            Tensor picked = x.indexSelect(ax, flat);
            long[] shape = new long[x.dim() - 1 + idx.dim()];
            long[] xs = x.shape();
            System.arraycopy(xs, 0, shape, 0, ax);
            System.arraycopy(idx.shape(), 0, shape, ax, idx.dim());
            System.arraycopy(xs, ax + 1, shape, ax + idx.dim(), xs.length - ax - 1);
            return one(picked.reshape(shape));
        });
        r.add("GatherElements", 11, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            int ax = axis(ctx, ctx.attributes().getInt("axis", 0), x.dim());
            return one(x.gather(ax, wrapNegative(ctx.tensor(in, 1), x.size(ax))));
        });
        r.add("EyeLike", 9, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long k = ctx.attributes().getInt("k", 0);
            DType dtype = ctx.attributes().has("dtype") ? OnnxDataTypes.toDType((int) ctx.attributes().getInt("dtype"))
                    : x.dtype();
            Tensor rows = Tensor.arange(x.size(0)).unsqueeze(1);
            Tensor cols = Tensor.arange(x.size(1)).unsqueeze(0);
            return one(cols.sub(rows).eq((double) k).to(dtype));
        });
        r.add("Trilu", 14, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long k = in.size() > 1 && in.get(1) != null ? ctx.hostTensor(in, 1).itemLong() : 0;
            boolean upper = ctx.attributes().getInt("upper", 1) != 0;
            Tensor rows = Tensor.arange(x.size(-2)).unsqueeze(1);
            Tensor cols = Tensor.arange(x.size(-1)).unsqueeze(0);
            Tensor diff = cols.sub(rows);
            Tensor keep = upper ? diff.ge((double) k) : diff.le((double) k);
            return one(Tensor.where(keep, x, Tensor.zeros(x.dtype(), x.device())));
        });
    }

    private static Tensor toTensor(OpContext ctx, TensorProto p) {
        try {
            return OnnxTensors.toTensor(p, null);
        } catch (IOException e) {
            throw ctx.error(e.getMessage());
        }
    }

    private static Tensor constant(OpContext ctx) {
        var a = ctx.attributes();
        if (a.has("value")) {
            return toTensor(ctx, a.getTensor("value"));
        }
        if (a.has("value_float")) {
            return Tensor.scalar(a.getFloat("value_float", 0), DType.FLOAT32);
        }
        if (a.has("value_floats")) {
            return Tensor.of(a.getFloats("value_floats", null));
        }
        if (a.has("value_int")) {
            return Tensor.scalar(a.getInt("value_int", 0), DType.INT64);
        }
        if (a.has("value_ints")) {
            return Tensor.of(a.getInts("value_ints", null));
        }
        if (a.has("sparse_value") || a.has("value_string") || a.has("value_strings")) {
            throw new UnsupportedOperationException(ctx.describe() + ": sparse and string constants are not supported");
        }
        throw ctx.error("no value attribute");
    }

    /** Cast between engine dtypes, and to and from the 8-, 4- and 2-bit types ({@link LowPrecisionTensor}). */
    private static Object cast(OpContext ctx, Object value, int to) {
        boolean saturate = ctx.attributes().getInt("saturate", 1) != 0;
        try {
            Tensor x = value instanceof LowPrecisionTensor l ? l.to(DType.FLOAT32) : ctx.tensor(List.of(value), 0);
            if (value instanceof LowPrecisionTensor l && !OnnxDataTypes.isFloat(to) && LowPrecisionTensor.holds(to)) {
                x = l.to(DType.INT64);
            }
            if (LowPrecisionTensor.holds(to)) {
                return LowPrecisionTensor.cast(x, to, saturate);
            }
            return x.to(OnnxDataTypes.toDType(to));
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(ctx.describe() + ": " + e.getMessage(), e);
        }
    }

    private static Tensor shape(OpContext ctx, Tensor x) {
        long[] s = x.shape();
        int rank = s.length;
        long start = ctx.attributes().getInt("start", 0);
        long end = ctx.attributes().getInt("end", rank);
        int from = (int) Math.min(Math.max(start < 0 ? start + rank : start, 0), rank);
        int to = (int) Math.min(Math.max(end < 0 ? end + rank : end, 0), rank);
        return Tensor.of(Arrays.copyOfRange(s, from, Math.max(from, to)));
    }

    private static Tensor reshape(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        long[] requested = ctx.opset() >= 5 ? longs(ctx, in, 1) : ctx.attributes().getInts("shape", new long[0]);
        boolean allowZero = ctx.attributes().getInt("allowzero", 0) != 0;
        long[] shape = requested.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0 && !allowZero) {
                if (i >= x.dim()) {
                    throw ctx.error("shape " + Shapes.str(requested) + " copies dimension " + i + " of a rank-" + x.dim()
                            + " input");
                }
                shape[i] = x.size(i);
            }
        }
        return x.reshape(shape);
    }

    private static List<Object> split(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        int ax = axis(ctx, ctx.attributes().getInt("axis", 0), x.dim());
        long[] sizes = ctx.opset() >= 13 ? (in.size() > 1 && in.get(1) != null ? longs(ctx, in, 1) : null)
                : ctx.attributes().getInts("split", null);
        int outputs = ctx.node().getOutputCount();
        long dim = x.size(ax);
        if (sizes == null) {
            long n = ctx.attributes().getInt("num_outputs", outputs);
            long each = ctx.opset() >= 18 ? (dim + n - 1) / n : dim / n;
            if (ctx.opset() < 18 && dim % n != 0) {
                throw ctx.error("cannot split a dimension of " + dim + " into " + n + " equal parts");
            }
            sizes = new long[(int) n];
            long left = dim;
            for (int i = 0; i < n; i++) {
                sizes[i] = Math.min(each, left);
                left -= sizes[i];
            }
        }
        return new ArrayList<>(x.split(sizes, ax));
    }

    private static Tensor slice(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (ctx.opset() >= 10) {
            starts = longs(ctx, in, 1);
            ends = longs(ctx, in, 2);
            axes = in.size() > 3 && in.get(3) != null ? longs(ctx, in, 3) : null;
            steps = in.size() > 4 && in.get(4) != null ? longs(ctx, in, 4) : null;
        } else {
            starts = ctx.attributes().getInts("starts", new long[0]);
            ends = ctx.attributes().getInts("ends", new long[0]);
            axes = ctx.attributes().getInts("axes", null);
        }
        if (starts.length != ends.length) {
            throw ctx.error("starts and ends differ in length: " + starts.length + " and " + ends.length);
        }
        Tensor y = x;
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(ctx, axes == null ? i : axes[i], x.dim());
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw ctx.error("slice step cannot be 0");
            }
            long dim = x.size(ax);
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (step > 0) {
                s = Math.min(Math.max(s, 0), dim);
                e = Math.min(Math.max(e, 0), dim);
                y = y.slice(ax, s, Math.max(s, e), step);
            } else {
                s = Math.min(Math.max(s, 0), dim - 1);
                e = Math.min(Math.max(e, -1), dim - 1);
                long count = s > e ? (s - e + (-step) - 1) / (-step) : 0;
                long[] idx = new long[(int) count];
                for (int k = 0; k < count; k++) {
                    idx[k] = s + k * step;
                }
                y = y.indexSelect(ax, Tensor.of(idx).to(x.device()));
            }
        }
        return y;
    }

    /** Negative indices count from the end, as ONNX allows. */
    static Tensor wrapNegative(Tensor idx, long size) {
        Tensor i = idx.to(DType.INT64);
        if (i.numel() == 0 || i.min().itemLong() >= 0) {
            return i;
        }
        return Tensor.where(i.lt(0.0), i.add((double) size), i);
    }
}
