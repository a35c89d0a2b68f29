package dev.arbor.ops;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Operations that return a new view of the same storage: only shape, strides and offset change. */
public final class Views {
    private Views() {}

    private static Tensor make(Tensor t, long[] shape, long[] strides, long offset) {
        return Tensor.viewOf(t, shape, strides, offset);
    }

    /** Resolves a single -1 in a requested shape against the element count. */
    static long[] inferShape(long[] requested, long numel) {
        long[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("only one dimension can be inferred");
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + shape[i]);
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("shape '" + Shapes.str(requested) + "' is invalid for input of size " + numel);
            }
            shape[infer] = numel / known;
        } else if (known != numel) {
            throw new IllegalArgumentException("shape '" + Shapes.str(requested) + "' is invalid for input of size " + numel);
        }
        return shape;
    }

    /**
     * Strides that view {@code t}'s layout with {@code shape}, or null when no view can (the
     * algorithm of PyTorch's {@code computeStride}: chunks of contiguous dimensions must line up).
     */
    static long[] viewStrides(long[] oldShape, long[] oldStrides, long[] shape) {
        long[] strides = new long[shape.length];
        if (Shapes.numel(oldShape) <= 1) {
            return Shapes.contiguousStrides(shape);
        }
        int viewD = shape.length - 1;
        long chunkBase = oldStrides.length == 0 ? 1 : oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1)) {
                    strides[viewD] = viewNumel * chunkBase;
                    viewNumel *= shape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? strides : null;
    }

    /** As {@code Tensor.view}: a view, or an error when the layout does not allow one; see {@link Tensor#view}. */
    public static Tensor view(Tensor t, long[] requested) {
        long trace = OpTraces.begin();
        long[] shape = inferShape(requested, t.numel());
        long[] strides = viewStrides(t.shape(), t.strides(), shape);
        if (strides == null) {
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least "
                    + "one dimension spans across two contiguous subspaces). Use .reshape(...) instead. (view "
                    + Shapes.str(t.shape()) + " as " + Shapes.str(shape) + ")");
        }
        long[] old = t.shape();
        Tensor out = Autograd.record("ViewBackward0", make(t, shape, strides, t.offset()), new Tensor[] {t},
                g -> new Tensor[] {g.reshape(old)});
        return trace < 0 ? out : OpTraces.end(trace, "view", out, t, requested);
    }

    /** A view when the layout allows it, otherwise a copy; see {@link Tensor#reshape}. */
    public static Tensor reshape(Tensor t, long[] requested) {
        long trace = OpTraces.begin();
        long[] shape = inferShape(requested, t.numel());
        Tensor out = view(viewStrides(t.shape(), t.strides(), shape) != null ? t : t.clone(), shape);
        return trace < 0 ? out : OpTraces.end(trace, "reshape", out, t, requested);
    }

    /** As {@code Tensor.permute}; see {@link Tensor#permute}. */
    public static Tensor permute(Tensor t, int[] dims) {
        long trace = OpTraces.begin();
        if (dims.length != t.dim()) {
            throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor input does not "
                    + "match the length of the desired ordering of dimensions i.e. input.dim() = " + t.dim()
                    + " is not equal to len(dims) = " + dims.length);
        }
        long[] shape = new long[dims.length];
        long[] strides = new long[dims.length];
        int[] inverse = new int[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.wrapDim("permute", dims[i], t.dim(), t.shape());
            if (seen[d]) {
                throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            }
            seen[d] = true;
            shape[i] = t.size(d);
            strides[i] = t.stride(d);
            inverse[d] = i;
        }
        Tensor out = Autograd.record("PermuteBackward0", make(t, shape, strides, t.offset()), new Tensor[] {t},
                g -> new Tensor[] {g.permute(inverse)});
        return trace < 0 ? out : OpTraces.end(trace, "permute", out, t, dims);
    }

    /** As {@code Tensor.transpose}; see {@link Tensor#transpose}. */
    public static Tensor transpose(Tensor t, int dim0, int dim1) {
        if (t.dim() == 0) {
            return t;
        }
        long trace = OpTraces.begin();
        int a = Shapes.wrapDim("transpose", dim0, t.dim(), t.shape());
        int b = Shapes.wrapDim("transpose", dim1, t.dim(), t.shape());
        int[] perm = new int[t.dim()];
        Arrays.setAll(perm, i -> i);
        perm[a] = b;
        perm[b] = a;
        Tensor out = permute(t, perm);
        return trace < 0 ? out : OpTraces.end(trace, "transpose", out, t, dim0, dim1);
    }

    /** As {@code torch.movedim}; see {@link Tensor#movedim}. */
    public static Tensor movedim(Tensor t, int source, int destination) {
        int s = Shapes.wrapDim("movedim", source, t.dim(), t.shape());
        int d = Shapes.wrapDim("movedim", destination, t.dim(), t.shape());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.dim(); i++) {
            if (i != s) {
                order.add(i);
            }
        }
        order.add(d, s);
        return permute(t, order.stream().mapToInt(Integer::intValue).toArray());
    }

    /** As {@code Tensor.expand}; see {@link Tensor#expand}. */
    public static Tensor expand(Tensor t, long[] sizes) {
        long trace = OpTraces.begin();
        Tensor out = computeExpand(t, sizes);
        return trace < 0 || out == t ? out : OpTraces.end(trace, "expand", out, t, sizes);
    }

    private static Tensor computeExpand(Tensor t, long[] sizes) {
        if (sizes.length < t.dim()) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + sizes.length + ") must be greater "
                    + "or equal to the number of dimensions in the tensor (" + t.dim() + ")");
        }
        long[] shape = new long[sizes.length];
        long[] strides = new long[sizes.length];
        int lead = sizes.length - t.dim();
        for (int i = 0; i < sizes.length; i++) {
            if (i < lead) {
                if (sizes[i] < 0) {
                    throw new IllegalArgumentException("expand: -1 is not allowed in a leading, non-existing dimension");
                }
                shape[i] = sizes[i];
                strides[i] = 0;
                continue;
            }
            long own = t.size(i - lead);
            long want = sizes[i] == -1 ? own : sizes[i];
            if (own == want) {
                shape[i] = own;
                strides[i] = t.stride(i - lead);
            } else if (own == 1) {
                shape[i] = want;
                strides[i] = 0;
            } else {
                throw new IllegalArgumentException("The expanded size of the tensor (" + want + ") must match the existing "
                        + "size (" + own + ") at non-singleton dimension " + i + ".  Target sizes: " + Shapes.str(sizes)
                        + ".  Tensor sizes: " + Shapes.str(t.shape()));
            }
        }
        if (Arrays.equals(shape, t.shape())) {
            return t;
        }
        long[] old = t.shape();
        return Autograd.record("ExpandBackward0", make(t, shape, strides, t.offset()), new Tensor[] {t},
                g -> new Tensor[] {Elementwise.sumToShape(g, old)});
    }

    /** {@code length} elements of {@code dim} from {@code start} (negative counts from the end), as {@code narrow}. */
    public static Tensor narrow(Tensor t, int dim, long start, long length) {
        if (t.dim() == 0) {
            throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        }
        int d = Shapes.wrapDim("narrow", dim, t.dim(), t.shape());
        long size = t.size(d);
        if (start < -size || start > size) {
            throw new IndexOutOfBoundsException("narrow(): start out of range (expected to be in range of [" + (-size)
                    + ", " + size + "], but got " + start + ") (input of shape " + Shapes.str(t.shape()) + ")");
        }
        long s = start < 0 ? start + size : start;
        if (length < 0 || s > size - length) {
            throw new IllegalArgumentException("narrow(): start (" + s + ") + length (" + length
                    + ") exceeds dimension size (" + size + ").");
        }
        return slice(t, d, s, s + length, 1);
    }

    /** A Python slice of one dimension; see {@link Tensor#slice}. */
    public static Tensor slice(Tensor t, int dim, long start, long end, long step) {
        long trace = OpTraces.begin();
        int d = Shapes.wrapDim("slice", dim, t.dim(), t.shape());
        if (step <= 0) {
            throw new IllegalArgumentException("slice step must be positive");
        }
        long size = t.size(d);
        long s = clampIndex(start, size);
        long e = Math.max(s, clampIndex(end, size));
        long len = (e - s + step - 1) / step;
        long[] shape = t.shape();
        long[] strides = t.strides();
        shape[d] = len;
        strides[d] *= step;
        long[] old = t.shape();
        Tensor out = Autograd.record("SliceBackward0", make(t, shape, strides, t.offset() + s * t.stride(d)),
                new Tensor[] {t}, g -> new Tensor[] {sliceBackward(g, old, d, s, e, step)});
        return trace < 0 ? out : OpTraces.end(trace, "slice", out, t, dim, start, end, step);
    }

    private static long clampIndex(long i, long size) {
        long k = i < 0 ? i + size : i;
        return Math.min(Math.max(k, 0), size);
    }

    /** The gradient of a slice: zeros of the input's shape with {@code g} in the sliced place. */
    static Tensor sliceBackward(Tensor g, long[] inputShape, int dim, long start, long end, long step) {
        Tensor out = Tensor.zeros(g.dtype(), g.device(), inputShape);
        Transfer.backend(g).copy(g.detach(), out.slice(dim, start, end, step));
        return Autograd.record("SliceBackwardBackward0", out, new Tensor[] {g},
                gg -> new Tensor[] {gg.slice(dim, start, end, step)});
    }

    /** As {@code Tensor.select}; see {@link Tensor#select}. */
    public static Tensor select(Tensor t, int dim, long index) {
        long trace = OpTraces.begin();
        int d = Shapes.wrapDim("select", dim, t.dim(), t.shape());
        long size = t.size(d);
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + Shapes.str(t.shape()) + " at dimension " + d);
        }
        long k = index < 0 ? index + size : index;
        long[] shape = removeAt(t.shape(), d);
        long[] strides = removeAt(t.strides(), d);
        long[] old = t.shape();
        Tensor out = Autograd.record("SelectBackward0", make(t, shape, strides, t.offset() + k * t.stride(d)),
                new Tensor[] {t}, g -> new Tensor[] {sliceBackward(g.unsqueeze(d), old, d, k, k + 1, 1)});
        return trace < 0 ? out : OpTraces.end(trace, "select", out, t, dim, index);
    }

    private static long[] removeAt(long[] a, int i) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    private static long[] insertAt(long[] a, int i, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    /** Removes the size-1 dimensions among {@code dims} (null: all); see {@link Tensor#squeeze()}. */
    public static Tensor squeeze(Tensor t, int[] dims) {
        long trace = OpTraces.begin();
        Tensor out = computeSqueeze(t, dims);
        return trace < 0 || out == t ? out : OpTraces.end(trace, "squeeze", out, t, dims);
    }

    private static Tensor computeSqueeze(Tensor t, int[] dims) {
        long[] shape = t.shape();
        boolean[] drop = new boolean[shape.length];
        if (dims == null) {
            for (int i = 0; i < shape.length; i++) {
                drop[i] = shape[i] == 1;
            }
        } else {
            for (int dim : dims) {
                if (t.dim() == 0) {
                    Shapes.wrapDim(dim, 0);
                    continue;
                }
                int d = Shapes.wrapDim("squeeze", dim, t.dim(), t.shape());
                drop[d] = shape[d] == 1;
            }
        }
        List<Long> ns = new ArrayList<>();
        List<Long> nst = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (!drop[i]) {
                ns.add(shape[i]);
                nst.add(t.stride(i));
            }
        }
        if (ns.size() == shape.length) {
            return t;
        }
        long[] old = t.shape();
        Tensor out = make(t, ns.stream().mapToLong(Long::longValue).toArray(),
                nst.stream().mapToLong(Long::longValue).toArray(), t.offset());
        return Autograd.record("SqueezeBackward0", out, new Tensor[] {t}, g -> new Tensor[] {g.reshape(old)});
    }

    /** As {@code Tensor.unsqueeze}; see {@link Tensor#unsqueeze}. */
    public static Tensor unsqueeze(Tensor t, int dim) {
        long trace = OpTraces.begin();
        int d = Shapes.wrapDim("unsqueeze", dim, t.dim() + 1, t.shape());
        long stride = d < t.dim() ? t.stride(d) * t.size(d) : 1;
        long[] old = t.shape();
        Tensor out = Autograd.record("UnsqueezeBackward0", make(t, insertAt(t.shape(), d, 1),
                insertAt(t.strides(), d, stride), t.offset()), new Tensor[] {t}, g -> new Tensor[] {g.reshape(old)});
        return trace < 0 ? out : OpTraces.end(trace, "unsqueeze", out, t, dim);
    }

    /** As {@code torch.flatten}; see {@link Tensor#flatten(int, int)}. */
    public static Tensor flatten(Tensor t, int startDim, int endDim) {
        long trace = OpTraces.begin();
        Tensor out = computeFlatten(t, startDim, endDim);
        return trace < 0 || out == t ? out : OpTraces.end(trace, "flatten", out, t, startDim, endDim);
    }

    private static Tensor computeFlatten(Tensor t, int startDim, int endDim) {
        if (t.dim() == 0) {
            return t.reshape(1);
        }
        int s = Shapes.wrapDim("flatten", startDim, t.dim(), t.shape());
        int e = Shapes.wrapDim("flatten", endDim, t.dim(), t.shape());
        if (s > e) {
            throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        }
        if (s == e) {
            return t;
        }
        long[] old = t.shape();
        long[] shape = new long[old.length - (e - s)];
        long merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= old[i];
        }
        System.arraycopy(old, 0, shape, 0, s);
        shape[s] = merged;
        System.arraycopy(old, e + 1, shape, s + 1, old.length - e - 1);
        return reshape(t, shape);
    }

    /** As {@code Tensor.unflatten}; see {@link Tensor#unflatten}. */
    public static Tensor unflatten(Tensor t, int dim, long[] sizes) {
        int d = Shapes.wrapDim("unflatten", dim, t.dim(), t.shape());
        long[] inner = inferShape(sizes, t.size(d));
        long[] old = t.shape();
        long[] shape = new long[old.length - 1 + inner.length];
        System.arraycopy(old, 0, shape, 0, d);
        System.arraycopy(inner, 0, shape, d, inner.length);
        System.arraycopy(old, d + 1, shape, d + inner.length, old.length - d - 1);
        return view(t, shape);
    }

    /** As {@code as_strided}; see {@link Tensor#asStrided}. */
    public static Tensor asStrided(Tensor t, long[] size, long[] stride, long storageOffset) {
        long trace = OpTraces.begin();
        Tensor out = computeAsStrided(t, size, stride, storageOffset);
        return trace < 0 ? out : OpTraces.end(trace, "as_strided", out, t, size, stride, storageOffset);
    }

    private static Tensor computeAsStrided(Tensor t, long[] size, long[] stride, long storageOffset) {
        Tensor out = make(t, size, stride, storageOffset);
        if (!Autograd.needsGrad(t)) {
            return out;
        }
        if (!t.isContiguous()) {
            throw new UnsupportedOperationException("as_strided: gradients are supported only for a contiguous input; "
                    + "call contiguous() first (input shape " + Shapes.str(t.shape()) + ", strides " + Shapes.str(t.strides()) + ")");
        }
        long base = t.offset();
        long[] old = t.shape();
        return Autograd.record("AsStridedBackward0", out, new Tensor[] {t}, g -> {
            Tensor positions = Creation.arange(0, Shapes.numel(old), 1, DType.INT64)
                    .asStrided(size, stride, storageOffset - base);
            return new Tensor[] {scatterPositions(g, positions, old)};
        });
    }

    /** As {@code Tensor.unfold}; see {@link Tensor#unfold}. */
    public static Tensor unfold(Tensor t, int dim, long size, long step) {
        long trace = OpTraces.begin();
        int d = Shapes.wrapDim("unfold", dim, Math.max(t.dim(), 1), t.shape());
        long len = t.dim() == 0 ? 1 : t.size(d);
        if (size > len || step <= 0) {
            throw new IllegalArgumentException("unfold: maximum size for tensor at dimension " + d + " is " + len
                    + " but size is " + size + " (step " + step + ")");
        }
        long windows = (len - size) / step + 1;
        long[] shape = t.shape();
        long[] strides = t.strides();
        shape[d] = windows;
        long stepStride = strides[d] * step;
        long elementStride = strides[d];
        strides[d] = stepStride;
        long[] old = t.shape();
        Tensor out = Autograd.record("UnfoldBackward0", make(t, insertAt(shape, shape.length, size),
                insertAt(strides, strides.length, elementStride), t.offset()), new Tensor[] {t}, g -> {
            Tensor positions = Creation.arange(0, Shapes.numel(old), 1, DType.INT64).view(old).unfold(d, size, step);
            return new Tensor[] {scatterPositions(g, positions, old)};
        });
        return trace < 0 ? out : OpTraces.end(trace, "unfold", out, t, dim, size, step);
    }

    /** Sums {@code g}'s elements into the row-major positions given by {@code positions}, shaped {@code shape}. */
    private static Tensor scatterPositions(Tensor g, Tensor positions, long[] shape) {
        Tensor flat = Tensor.zeros(g.dtype(), g.device(), Shapes.numel(shape));
        return flat.indexAdd(0, positions.reshape(-1).to(g.device()), g.reshape(-1)).view(shape);
    }

    /** As {@code torch.split} with one size; see {@link Tensor#split(long, int)}. */
    public static List<Tensor> split(Tensor t, long splitSize, int dim) {
        long trace = OpTraces.begin();
        int d = Shapes.wrapDim("split", dim, t.dim(), t.shape());
        if (splitSize <= 0 && t.size(d) > 0) {
            throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size=" + splitSize);
        }
        List<Tensor> out = new ArrayList<>();
        long size = t.size(d);
        for (long start = 0; start < size || (size == 0 && out.isEmpty()); start += Math.max(splitSize, 1)) {
            out.add(t.narrow(d, start, Math.min(splitSize, size - start)));
            if (size == 0) {
                break;
            }
        }
        return trace < 0 ? out : OpTraces.endAll(trace, "split", out, t, splitSize, dim);
    }

    /** As {@code torch.split} with sizes; see {@link Tensor#split(long[], int)}. */
    public static List<Tensor> splitWithSizes(Tensor t, long[] sizes, int dim) {
        long trace = OpTraces.begin();
        int d = Shapes.wrapDim("split_with_sizes", dim, t.dim(), t.shape());
        long total = Arrays.stream(sizes).sum();
        if (total != t.size(d)) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + t.size(d)
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
        }
        List<Tensor> out = new ArrayList<>();
        long start = 0;
        for (long s : sizes) {
            out.add(t.narrow(d, start, s));
            start += s;
        }
        return trace < 0 ? out : OpTraces.endAll(trace, "split_with_sizes", out, t, sizes, dim);
    }

    /** As {@code torch.chunk}; see {@link Tensor#chunk}. */
    public static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        }
        int d = Shapes.wrapDim("chunk", dim, t.dim(), t.shape());
        long size = t.size(d);
        long each = (size + chunks - 1) / chunks;
        long trace = OpTraces.begin();
        List<Tensor> out = split(t, Math.max(each, 1), d);
        return trace < 0 ? out : OpTraces.endAll(trace, "chunk", out, t, chunks, dim);
    }
}
