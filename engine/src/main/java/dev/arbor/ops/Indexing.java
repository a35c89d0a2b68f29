package dev.arbor.ops;

import dev.arbor.backend.ScatterMode;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Indexing ops: gather, scatter, index_select, index_add, masked_select, sort, topk, cat, repeat. */
public final class Indexing {
    private Indexing() {}

    /**
     * An int64 copy of an index tensor with every value checked against {@code size}; int32 indices
     * are accepted where PyTorch accepts them ({@code acceptInt32}).
     */
    static Tensor checkedIndex(String op, Tensor index, long size, boolean acceptInt32) {
        if (index.dtype() != DType.INT64 && !(acceptInt32 && index.dtype() == DType.INT32)) {
            throw new IllegalArgumentException(op + "(): Expected dtype int64 for index, got " + index.dtype());
        }
        Tensor idx = index.detach().to(DType.INT64);
        if (idx.numel() == 0) {
            return idx;
        }
        long min = idx.min().itemLong();
        long max = idx.max().itemLong();
        if (min < 0 || max >= size) {
            throw new IndexOutOfBoundsException(op + "(): index " + (min < 0 ? min : max)
                    + " is out of bounds for dimension with size " + size);
        }
        return idx;
    }

    /** As {@code torch.gather}; see {@link Tensor#gather}. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        long trace = OpTraces.begin();
        Transfer.sameDevice("gather", x, index);
        int d = Shapes.wrapDim("gather", dim, x.dim(), x.shape());
        checkIndexShape("gather", x, d, index);
        Tensor idx = checkedIndex("gather", index, x.size(d), false);
        Tensor out = Tensor.empty(x.dtype(), x.device(), idx.shape());
        Transfer.backend(x).gather(x.detach(), d, idx, out);
        long[] xs = x.shape();
        Autograd.record("GatherBackward0", out, new Tensor[] {x},
                g -> new Tensor[] {Tensor.zeros(g.dtype(), g.device(), xs).scatterAdd(d, idx, g)}, index);
        return trace < 0 ? out : OpTraces.end(trace, "gather", out, x, dim, index);
    }

    private static void checkIndexShape(String op, Tensor x, int d, Tensor index) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(op + "(): Index tensor must have the same number of dimensions as input "
                    + "tensor (index " + Shapes.str(index.shape()) + ", input " + Shapes.str(x.shape()) + ")");
        }
        for (int i = 0; i < x.dim(); i++) {
            if (i != d && index.size(i) > x.size(i)) {
                throw new IllegalArgumentException(op + "(): Size does not match at dimension " + i + " expected index "
                        + Shapes.str(index.shape()) + " to be smaller than self " + Shapes.str(x.shape())
                        + " apart from dimension " + d);
            }
        }
    }

    private static Tensor scatterImpl(String op, Tensor x, int dim, Tensor index, Tensor src, ScatterMode mode) {
        Transfer.sameDevice(op, x, index, src);
        int d = Shapes.wrapDim(op, dim, x.dim(), x.shape());
        checkIndexShape(op, x, d, index);
        Tensor idx = checkedIndex(op, index, x.size(d), false);
        Tensor s = src.detach().to(x.dtype());
        // the source is read at the index's positions
        Tensor srcView = s.dim() == 0 ? s.expand(idx.shape()) : s.asStrided(idx.shape(), s.strides(), s.offset());
        Tensor out = x.detach().clone();
        Transfer.backend(x).scatter(out, d, idx, srcView, mode);
        if (!x.dtype().isFloatingPoint()) {
            return out;
        }
        boolean replace = mode == ScatterMode.REPLACE;
        long[] srcShape = src.shape();
        return Autograd.record(replace ? "ScatterBackward0" : "ScatterAddBackward0", out, new Tensor[] {x, src}, g -> {
            Tensor gx = replace ? g.scatter(d, idx, Tensor.zeros(g.dtype(), g.device(), idx.shape())) : g;
            Tensor gsrc = g.gather(d, idx);
            if (!Arrays.equals(gsrc.shape(), srcShape)) {
                gsrc = padTo(gsrc, srcShape);
            }
            return new Tensor[] {gx, gsrc};
        }, index);
    }

    /** Zeros of {@code shape} with {@code t} in the leading corner. */
    private static Tensor padTo(Tensor t, long[] shape) {
        Tensor out = Tensor.zeros(t.dtype(), t.device(), shape);
        Tensor corner = out;
        for (int i = 0; i < shape.length; i++) {
            corner = corner.narrow(i, 0, t.size(i));
        }
        corner.copy_(t);
        return out;
    }

    /** As {@code torch.scatter}; see {@link Tensor#scatter}. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        long trace = OpTraces.begin();
        Tensor out = scatterImpl("scatter", x, dim, index, src, ScatterMode.REPLACE);
        return trace < 0 ? out : OpTraces.end(trace, "scatter", out, x, dim, index, src);
    }

    /** As {@code torch.scatter_add}; see {@link Tensor#scatterAdd}. */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        long trace = OpTraces.begin();
        Tensor out = scatterImpl("scatter_add", x, dim, index, src, ScatterMode.ADD);
        return trace < 0 ? out : OpTraces.end(trace, "scatter_add", out, x, dim, index, src);
    }

    /** {@code scatter_reduce} without the self-inclusion option: the destination's values take part. */
    public static Tensor scatterReduce(Tensor x, int dim, Tensor index, Tensor src, ScatterMode mode) {
        long trace = OpTraces.begin();
        Tensor out;
        if (mode == ScatterMode.REPLACE || mode == ScatterMode.ADD) {
            out = scatterImpl("scatter_reduce", x, dim, index, src, mode);
        } else {
            int d = Shapes.wrapDim("scatter_reduce", dim, x.dim(), x.shape());
            Tensor idx = checkedIndex("scatter_reduce", index, x.size(d), false);
            out = x.detach().clone();
            Transfer.backend(x).scatter(out, d, idx, src.detach().to(x.dtype()), mode);
        }
        return trace < 0 ? out : OpTraces.end(trace, "scatter_reduce", out, x, dim, index, src, mode);
    }

    /** As {@code index_select}; see {@link Tensor#indexSelect}. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        long trace = OpTraces.begin();
        Tensor out = computeIndexSelect(x, dim, index);
        return trace < 0 ? out : OpTraces.end(trace, "index_select", out, x, dim, index);
    }

    private static Tensor computeIndexSelect(Tensor x, int dim, Tensor index) {
        Transfer.sameDevice("index_select", x, index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_select(): Index is supposed to be a vector, got shape "
                    + Shapes.str(index.shape()));
        }
        int d = Shapes.wrapDim("index_select", dim, x.dim(), x.shape());
        if (x.dim() == 0) {
            // PyTorch returns the 0-d input itself for any valid index
            checkedIndex("index_select", index.reshape(-1), 1, true);
            return x.clone();
        }
        Tensor idx = checkedIndex("index_select", index.reshape(-1), x.size(d), true);
        long[] shape = x.shape();
        shape[d] = idx.numel();
        Tensor out = Tensor.empty(x.dtype(), x.device(), shape);
        Transfer.backend(x).indexSelect(x.detach(), d, idx, out);
        long[] xs = x.shape();
        return Autograd.record("IndexSelectBackward0", out, new Tensor[] {x}, g -> new Tensor[] {
            Tensor.zeros(g.dtype(), g.device(), xs).indexAdd(d, idx, g)}, index);
    }

    /** As {@code index_add}; see {@link Tensor#indexAdd}. */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src) {
        long trace = OpTraces.begin();
        Transfer.sameDevice("index_add", x, index, src);
        int d = Shapes.wrapDim("index_add", dim, x.dim(), x.shape());
        Tensor idx = checkedIndex("index_add", index.reshape(-1), x.size(d), true);
        long[] expected = x.shape();
        expected[d] = idx.numel();
        if (!Arrays.equals(src.shape(), expected)) {
            throw new IllegalArgumentException("index_add(): source of shape " + Shapes.str(src.shape())
                    + " does not match the expected shape " + Shapes.str(expected));
        }
        Tensor out = x.detach().clone();
        Transfer.backend(x).indexAdd(out, d, idx, src.detach().to(x.dtype()));
        Autograd.record("IndexAddBackward0", out, new Tensor[] {x, src},
                g -> new Tensor[] {g, g.indexSelect(d, idx)}, index);
        return trace < 0 ? out : OpTraces.end(trace, "index_add", out, x, dim, index, src);
    }

    /** As {@code masked_select}; see {@link Tensor#maskedSelect}. */
    public static Tensor maskedSelect(Tensor x, Tensor mask) {
        long trace = OpTraces.begin();
        Transfer.sameDevice("masked_select", x, mask);
        Masks.checkBoolMask("masked_select", mask, true);
        long[] shape = Elementwise.broadcast("masked_select", x.shape(), mask.shape());
        Tensor idx = Tensor.of(Masks.truePositions(mask.expand(shape))).to(x.device());
        Tensor out = x.expand(shape).reshape(-1).indexSelect(0, idx);
        return trace < 0 ? out : OpTraces.end(trace, "masked_select", out, x, mask);
    }

    /** A stable sort, NaN largest, as {@code torch.sort(stable=True)}; see {@link Tensor#sort}. */
    public static Tensor.ValuesIndices sort(Tensor x, int dim, boolean descending) {
        long trace = OpTraces.begin();
        Tensor.ValuesIndices out = computeSort(x, dim, descending);
        return trace < 0 ? out : OpTraces.end(trace, "sort", out, x, dim, descending);
    }

    private static Tensor.ValuesIndices computeSort(Tensor x, int dim, boolean descending) {
        if (x.dim() == 0) {
            return new Tensor.ValuesIndices(x.clone(), Tensor.zeros(DType.INT64, x.device()));
        }
        int d = Shapes.wrapDim("sort", dim, x.dim(), x.shape());
        Tensor values = Tensor.empty(x.dtype(), x.device(), x.shape());
        Tensor indices = Tensor.empty(DType.INT64, x.device(), x.shape());
        Transfer.backend(x).sort(x.detach(), d, descending, values, indices);
        long[] xs = x.shape();
        Autograd.record("SortBackward0", values, new Tensor[] {x},
                g -> new Tensor[] {Tensor.zeros(g.dtype(), g.device(), xs).scatter(d, indices, g)});
        return new Tensor.ValuesIndices(values, indices);
    }

    /** As {@code torch.topk}, from the sorted values; see {@link Tensor#topk}. */
    public static Tensor.ValuesIndices topk(Tensor x, long k, int dim, boolean largest) {
        long trace = OpTraces.begin();
        Tensor.ValuesIndices out = computeTopk(x, k, dim, largest);
        return trace < 0 ? out : OpTraces.end(trace, "topk", out, x, k, dim, largest);
    }

    private static Tensor.ValuesIndices computeTopk(Tensor x, long k, int dim, boolean largest) {
        int d = Shapes.wrapDim("topk", dim, Math.max(x.dim(), 1), x.shape());
        long size = x.dim() == 0 ? 1 : x.size(d);
        if (k < 0 || k > size) {
            throw new IllegalArgumentException("topk(): selected index k (" + k + ") out of range for dimension " + d
                    + " of size " + size);
        }
        Tensor.ValuesIndices sorted = sort(x, d, largest);
        if (x.dim() == 0) {
            return sorted;
        }
        return new Tensor.ValuesIndices(sorted.values().narrow(d, 0, k), sorted.indices().narrow(d, 0, k));
    }

    /** Concatenation with promotion, as {@code torch.cat}; see {@link Tensor#cat}. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        long trace = OpTraces.begin();
        Tensor out = computeCat(tensors, dim);
        return trace < 0 ? out : OpTraces.end(trace, "cat", out, tensors, dim);
    }

    private static Tensor computeCat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        }
        // 1-d empty tensors are skipped, as PyTorch's legacy behaviour allows
        List<Tensor> parts = new ArrayList<>();
        for (Tensor t : tensors) {
            if (!(t.dim() == 1 && t.numel() == 0)) {
                parts.add(t);
            }
        }
        if (parts.isEmpty()) {
            return tensors.getFirst().clone();
        }
        Tensor first = parts.getFirst();
        Transfer.sameDevice("cat", parts.toArray(new Tensor[0]));
        if (first.dim() == 0) {
            throw new IllegalArgumentException("zero-dimensional tensor (at position 0) cannot be concatenated");
        }
        int d = Shapes.wrapDim("cat", dim, first.dim(), first.shape());
        DType dtype = first.dtype();
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            dtype = DType.promote(dtype, t.dtype());
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + first.dim()
                        + " and " + t.dim() + " (torch.cat of shapes " + Shapes.str(first.shape()) + " and "
                        + Shapes.str(t.shape()) + ")");
            }
            for (int j = 0; j < first.dim(); j++) {
                if (j != d && t.size(j) != first.size(j)) {
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d
                            + ". Expected size " + first.size(j) + " but got size " + t.size(j) + " for tensor number "
                            + i + " in the list. (torch.cat of shapes " + Shapes.str(first.shape()) + " and "
                            + Shapes.str(t.shape()) + ")");
                }
            }
            total += t.size(d);
        }
        long[] shape = first.shape();
        shape[d] = total;
        Tensor out = Tensor.empty(dtype, first.device(), shape);
        long at = 0;
        long[] sizes = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            sizes[i] = t.size(d);
            Transfer.backend(out).copy(t.detach().to(dtype), out.narrow(d, at, sizes[i]));
            at += sizes[i];
        }
        if (!dtype.isFloatingPoint()) {
            return out;
        }
        return Autograd.record("CatBackward0", out, parts.toArray(new Tensor[0]), g -> {
            List<Tensor> pieces = g.split(sizes, d);
            return pieces.toArray(new Tensor[0]);
        });
    }

    /** As {@code torch.stack}, checking that the shapes agree; see {@link Tensor#stack}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack expects a non-empty TensorList");
        }
        long[] first = tensors.getFirst().shape();
        for (int i = 1; i < tensors.size(); i++) {
            if (!Arrays.equals(first, tensors.get(i).shape())) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got "
                        + Shapes.str(first) + " at entry 0 and " + Shapes.str(tensors.get(i).shape()) + " at entry " + i);
            }
        }
        int d = Shapes.wrapDim("stack", dim, first.length + 1, first);
        List<Tensor> expanded = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            expanded.add(t.unsqueeze(d));
        }
        return cat(expanded, d);
    }

    /** As {@code Tensor.repeat}, by expanding and copying; see {@link Tensor#repeat}. */
    public static Tensor repeat(Tensor x, long[] repeats) {
        long trace = OpTraces.begin();
        if (repeats.length < x.dim()) {
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of "
                    + "dimensions of tensor");
        }
        long[] padded = new long[repeats.length];
        long[] xs = x.shape();
        Arrays.fill(padded, 1);
        System.arraycopy(xs, 0, padded, repeats.length - xs.length, xs.length);
        Tensor t = x.reshape(padded);
        // [r0, s0, r1, s1, ...] by expanding a unit axis before each dimension, then merging pairs
        long[] expandedShape = new long[repeats.length * 2];
        long[] unsqueezedShape = new long[repeats.length * 2];
        long[] outShape = new long[repeats.length];
        for (int i = 0; i < repeats.length; i++) {
            unsqueezedShape[2 * i] = 1;
            unsqueezedShape[2 * i + 1] = padded[i];
            expandedShape[2 * i] = repeats[i];
            expandedShape[2 * i + 1] = padded[i];
            outShape[i] = repeats[i] * padded[i];
        }
        Tensor out = t.reshape(unsqueezedShape).expand(expandedShape).contiguous().view(outShape);
        return trace < 0 ? out : OpTraces.end(trace, "repeat", out, x, repeats);
    }
}
