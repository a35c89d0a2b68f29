package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.AttentionMath.shape;
import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that read or write elements at computed positions: GatherND (with batch_dims), ScatterND and
 * ScatterElements (with reductions), the deprecated Scatter, Compress, NonZero, ReverseSequence and OneHot.
 * Index tensors are read on the host to plan the move; the data path is gathers and scatters, so the ops
 * stay differentiable in their data inputs.
 */
final class IndexingOps {
    private IndexingOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("GatherND", 11, IndexingOps::gatherNd);
        r.add("ScatterND", 11, IndexingOps::scatterNd);
        r.add("ScatterElements", 11, (ctx, in) -> scatterElements(ctx, in,
                ctx.opset() >= 16 ? ctx.attributes().getString("reduction", "none") : "none"));
        r.add("Scatter", 9, (ctx, in) -> scatterElements(ctx, in, "none"));
        r.add("Compress", 9, IndexingOps::compress);
        r.add("NonZero", 9, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            if (x.dim() == 0) {
                return one(Tensor.zeros(DType.INT64, x.device(), 0, x.ne(0.0).toBooleanArray()[0] ? 1 : 0));
            }
            return one(x.nonzero().t().contiguous());
        });
        r.add("ReverseSequence", 10, IndexingOps::reverseSequence);
        r.add("OneHot", 9, IndexingOps::oneHot);
    }

    /** Row-major strides of a shape. */
    static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** An index along a dimension of {@code size}, negative counting from the end, or an error. */
    private static long wrap(OpContext ctx, long index, long size) {
        long i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw ctx.error("index " + index + " is out of bounds for a dimension of size " + size);
        }
        return i;
    }

    private static void checkIntegerIndices(OpContext ctx, Tensor indices) {
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw ctx.error("indices must be int32 or int64, got " + indices.dtype());
        }
    }

    /**
     * The flat row of {@code data} viewed as {@code [prod(shape[batch..batch+k)) * batches, rest]} that each
     * k-tuple of {@code indices} addresses (the batch entry comes from the tuple's position).
     */
    private static long[] tupleRows(OpContext ctx, long[] dataShape, Tensor indices, int batchDims) {
        checkIntegerIndices(ctx, indices);
        int k = (int) indices.size(-1);
        if (k < 1 || batchDims + k > dataShape.length) {
            throw ctx.error("index tuples of length " + k + " (after " + batchDims
                    + " batch dimensions) do not fit data of shape " + Shapes.str(dataShape));
        }
        for (int d = 0; d < batchDims; d++) {
            if (indices.size(d) != dataShape[d]) {
                throw ctx.error("batch dimension " + d + " differs: indices " + shape(indices) + ", data "
                        + Shapes.str(dataShape));
            }
        }
        long[] idx = indices.toLongArray();
        long tuples = idx.length / k;
        long batches = Shapes.numel(Arrays.copyOf(dataShape, batchDims));
        long perBatch = batches == 0 ? 0 : tuples / batches;
        long[] addressed = Arrays.copyOfRange(dataShape, batchDims, batchDims + k);
        long[] st = strides(addressed);
        long block = Shapes.numel(addressed);
        long[] rows = new long[(int) tuples];
        for (int t = 0; t < tuples; t++) {
            long row = perBatch == 0 ? 0 : (t / perBatch) * block;
            for (int j = 0; j < k; j++) {
                row += wrap(ctx, idx[t * k + j], addressed[j]) * st[j];
            }
            rows[t] = row;
        }
        return rows;
    }

    private static List<Object> gatherNd(OpContext ctx, List<Object> in) {
        Tensor data = ctx.tensor(in, 0);
        Tensor indices = ctx.tensor(in, 1);
        int batchDims = (int) ctx.attributes().getInt("batch_dims", 0);
        long[] rows = tupleRows(ctx, data.shape(), indices, batchDims);
        int k = (int) indices.size(-1);
        long[] rest = Arrays.copyOfRange(data.shape(), batchDims + k, data.dim());
        Tensor flat = data.reshape(concat(new long[] {-1}, rest));
        Tensor picked = flat.indexSelect(0, Tensor.of(rows).to(data.device()));
        long[] outShape = concat(Arrays.copyOf(indices.shape(), indices.dim() - 1), rest);
        return one(picked.reshape(outShape));
    }

    private static List<Object> scatterNd(OpContext ctx, List<Object> in) {
        Tensor data = ctx.tensor(in, 0);
        Tensor indices = ctx.tensor(in, 1);
        Tensor updates = ctx.tensor(in, 2);
        String reduction = ctx.opset() >= 16 ? ctx.attributes().getString("reduction", "none") : "none";
        long[] rows = tupleRows(ctx, data.shape(), indices, 0);
        int k = (int) indices.size(-1);
        long[] rest = Arrays.copyOfRange(data.shape(), k, data.dim());
        long[] expected = concat(Arrays.copyOf(indices.shape(), indices.dim() - 1), rest);
        if (!Arrays.equals(updates.shape(), expected)) {
            throw ctx.error("updates have shape " + shape(updates) + ", expected " + Shapes.str(expected));
        }
        long inner = Shapes.numel(rest);
        Tensor out = ScatterRows.apply(ctx, data.reshape(-1, inner), rows, updates.reshape(rows.length, inner),
                reduction);
        return one(out.reshape(data.shape()));
    }

    private static List<Object> scatterElements(OpContext ctx, List<Object> in, String reduction) {
        Tensor data = ctx.tensor(in, 0);
        Tensor indices = ctx.tensor(in, 1);
        Tensor updates = ctx.tensor(in, 2);
        checkIntegerIndices(ctx, indices);
        int ax = axis(ctx, ctx.attributes().getInt("axis", 0), data.dim());
        if (indices.dim() != data.dim() || !Arrays.equals(indices.shape(), updates.shape())) {
            throw ctx.error("indices " + shape(indices) + " and updates " + shape(updates)
                    + " must have one shape, of the data's rank " + data.dim());
        }
        long[] idx = indices.toLongArray();
        long[] idxShape = indices.shape();
        long[] dataStrides = strides(data.shape());
        long[] coord = new long[idxShape.length];
        long[] targets = new long[idx.length];
        for (int n = 0; n < idx.length; n++) {
            long target = 0;
            for (int d = 0; d < coord.length; d++) {
                long c = d == ax ? wrap(ctx, idx[n], data.size(ax)) : coord[d];
                if (d != ax && c >= data.size(d)) {
                    throw ctx.error("indices of shape " + shape(indices) + " exceed the data " + shape(data)
                            + " along axis " + d);
                }
                target += c * dataStrides[d];
            }
            targets[n] = target;
            for (int d = coord.length - 1; d >= 0; d--) {
                if (++coord[d] < idxShape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        Tensor out = ScatterRows.apply(ctx, data.reshape(-1, 1), targets, updates.reshape(-1, 1), reduction);
        return one(out.reshape(data.shape()));
    }

    private static List<Object> compress(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        boolean[] keep = ctx.tensor(in, 1).to(DType.BOOL).toBooleanArray();
        Tensor source = x;
        int ax;
        if (ctx.attributes().has("axis")) {
            ax = axis(ctx, ctx.attributes().getInt("axis", 0), x.dim());
        } else {
            source = x.reshape(-1);
            ax = 0;
        }
        long dim = source.size(ax);
        if (keep.length > dim) {
            throw ctx.error("condition has " + keep.length + " entries for an axis of size " + dim);
        }
        long[] picked = new long[keep.length];
        int n = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                picked[n++] = i;
            }
        }
        return one(source.indexSelect(ax, Tensor.of(Arrays.copyOf(picked, n)).to(x.device())));
    }

    private static List<Object> reverseSequence(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        long[] lens = ctx.hostTensor(in, 1).toLongArray();
        int batchAxis = axis(ctx, ctx.attributes().getInt("batch_axis", 1), x.dim());
        int timeAxis = axis(ctx, ctx.attributes().getInt("time_axis", 0), x.dim());
        if (batchAxis == timeAxis || batchAxis > 1 || timeAxis > 1) {
            throw ctx.error("batch_axis and time_axis must be 0 and 1 in some order, got " + batchAxis + " and "
                    + timeAxis);
        }
        long batch = x.size(batchAxis);
        long steps = x.size(timeAxis);
        if (lens.length != batch) {
            throw ctx.error("sequence_lens has " + lens.length + " entries for a batch of " + batch);
        }
        long[] src = new long[(int) (batch * steps)];
        long[] indexShape = new long[x.dim()];
        Arrays.fill(indexShape, 1);
        indexShape[batchAxis] = batch;
        indexShape[timeAxis] = steps;
        for (int b = 0; b < batch; b++) {
            if (lens[b] < 0 || lens[b] > steps) {
                throw ctx.error("sequence length " + lens[b] + " is outside [0, " + steps + "]");
            }
            for (int t = 0; t < steps; t++) {
                long from = t < lens[b] ? lens[b] - 1 - t : t;
                int at = timeAxis == 0 ? (int) (t * batch + b) : (int) (b * steps + t);
                src[at] = from;
            }
        }
        Tensor index = Tensor.of(src, indexShape).to(x.device()).expand(x.shape()).contiguous();
        return one(x.gather(timeAxis, index));
    }

    private static List<Object> oneHot(OpContext ctx, List<Object> in) {
        Tensor indices = ctx.tensor(in, 0);
        Tensor depthT = ctx.hostTensor(in, 1);
        Tensor values = ctx.tensor(in, 2);
        if (depthT.numel() != 1 || values.numel() != 2) {
            throw ctx.error("depth must hold one value and values two (off, on), got " + shape(depthT) + " and "
                    + shape(values));
        }
        long depth = (long) depthT.reshape().item();
        if (depth < 1) {
            throw ctx.error("depth must be positive, got " + depth);
        }
        int ax = axis(ctx, ctx.attributes().getInt("axis", -1), indices.dim() + 1);
        Tensor idx = indices.dtype().isFloatingPoint() ? indices.trunc().to(DType.INT64) : indices.to(DType.INT64);
        // negative indices count from the end; ones still outside [0, depth) match no class
        idx = Tensor.where(idx.lt(0.0), idx.add((double) depth), idx).unsqueeze(ax);
        long[] classShape = new long[indices.dim() + 1];
        Arrays.fill(classShape, 1);
        classShape[ax] = depth;
        Tensor classes = Tensor.arange(depth).reshape(classShape).to(indices.device());
        Tensor flat = values.reshape(2);
        Tensor hot = idx.eq(classes);
        return one(Tensor.where(hot, flat.select(0, 1), flat.select(0, 0)));
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
