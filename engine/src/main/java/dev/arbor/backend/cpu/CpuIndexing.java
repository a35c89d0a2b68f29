package dev.arbor.backend.cpu;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/** Gather, scatter, index_select, index_add and sort. Indices are int64 and checked by the engine. */
final class CpuIndexing {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private CpuIndexing() {}

    /** A view of {@code t}'s storage with {@code shape}, {@code t}'s strides, and stride 0 at {@code dim}. */
    private static long[] stridesWithoutDim(Tensor t, int dim) {
        long[] s = t.strides();
        s[dim] = 0;
        return s;
    }

    static void gather(Tensor src, int dim, Tensor index, Tensor dst) {
        MemorySegment s = CpuElementwise.seg(src);
        MemorySegment ix = CpuElementwise.seg(index);
        MemorySegment d = CpuElementwise.seg(dst);
        DType t = src.dtype();
        int size = t.byteSize();
        long dimStride = src.stride(dim);
        StridedLoop.of(index.shape(), new long[] {dst.offset(), index.offset(), src.offset()},
                new long[][] {dst.strides(), index.strides(), stridesWithoutDim(src, dim)}).forEachRow((o, n, str) -> {
            for (long i = 0; i < n; i++) {
                long k = ix.getAtIndex(I64, o[1] + i * str[1]);
                MemorySegment.copy(s, (o[2] + i * str[2] + k * dimStride) * size, d, (o[0] + i * str[0]) * size, size);
            }
        });
    }

    static void scatter(Tensor dst, int dim, Tensor index, Tensor src, ScatterMode mode) {
        MemorySegment s = CpuElementwise.seg(src);
        MemorySegment ix = CpuElementwise.seg(index);
        MemorySegment d = CpuElementwise.seg(dst);
        DType t = dst.dtype();
        int size = t.byteSize();
        long dimStride = dst.stride(dim);
        boolean floating = t.isFloatingPoint();
        // sequential: several source elements may target one destination element
        StridedLoop.of(index.shape(), new long[] {dst.offset(), index.offset(), src.offset()},
                new long[][] {stridesWithoutDim(dst, dim), index.strides(), src.strides()}).forEachRowSequential((o, n, str) -> {
            for (long i = 0; i < n; i++) {
                long k = ix.getAtIndex(I64, o[1] + i * str[1]);
                long to = o[0] + i * str[0] + k * dimStride;
                long from = o[2] + i * str[2];
                if (mode == ScatterMode.REPLACE) {
                    MemorySegment.copy(s, from * size, d, to * size, size);
                } else if (floating) {
                    double a = Elements.getDouble(d, t, to);
                    double b = Elements.getDouble(s, t, from);
                    Elements.setDouble(d, t, to, ScalarMath.binary(binaryOp(mode), a, b));
                } else {
                    long a = Elements.getLong(d, t, to);
                    long b = Elements.getLong(s, t, from);
                    Elements.setLong(d, t, to, ScalarMath.binary(binaryOp(mode), a, b, t == DType.UINT64));
                }
            }
        });
    }

    private static BinaryOp binaryOp(ScatterMode mode) {
        return switch (mode) {
            case ADD -> BinaryOp.ADD;
            case MULTIPLY -> BinaryOp.MUL;
            case MAX -> BinaryOp.MAXIMUM;
            case MIN -> BinaryOp.MINIMUM;
            case REPLACE -> throw new AssertionError(mode);
        };
    }

    static void indexSelect(Tensor src, int dim, Tensor index, Tensor dst) {
        long[] idx = index.toLongArray();
        Tensor from = src.detach();
        Tensor to = dst.detach();
        for (int i = 0; i < idx.length; i++) {
            CpuElementwise.copy(from.select(dim, idx[i]), to.select(dim, i));
        }
    }

    static void indexAdd(Tensor dst, int dim, Tensor index, Tensor src) {
        long[] idx = index.toLongArray();
        Tensor to = dst.detach();
        Tensor from = src.detach();
        for (int i = 0; i < idx.length; i++) {
            Tensor slot = to.select(dim, idx[i]);
            CpuElementwise.binary(BinaryOp.ADD, slot, from.select(dim, i), slot);
        }
    }

    static void sort(Tensor src, int dim, boolean descending, Tensor values, Tensor indices) {
        MemorySegment s = CpuElementwise.seg(src);
        MemorySegment v = CpuElementwise.seg(values);
        MemorySegment ix = CpuElementwise.seg(indices);
        DType t = src.dtype();
        int len = Math.toIntExact(src.size(dim));
        long ss = src.stride(dim);
        long vs = values.stride(dim);
        long is = indices.stride(dim);
        long[] shape = src.shape();
        shape[dim] = 1;
        boolean floating = t.isFloatingPoint();
        boolean unsigned = t == DType.UINT64;
        StridedLoop.of(shape, new long[] {src.offset(), values.offset(), indices.offset()},
                new long[][] {src.strides(), values.strides(), indices.strides()}).forEachRow((o, n, str) -> {
            Integer[] order = new Integer[len];
            double[] dv = floating ? new double[len] : null;
            long[] lv = floating ? null : new long[len];
            for (long r = 0; r < n; r++) {
                long so = o[0] + r * str[0];
                for (int k = 0; k < len; k++) {
                    order[k] = k;
                    if (floating) {
                        dv[k] = Elements.getDouble(s, t, so + k * ss);
                    } else {
                        lv[k] = Elements.getLong(s, t, so + k * ss);
                    }
                }
                // NaN is the largest value (Double.compare agrees); stable for equal keys
                Arrays.sort(order, (a, b) -> {
                    int c = floating ? Double.compare(dv[a], dv[b])
                            : unsigned ? Long.compareUnsigned(lv[a], lv[b]) : Long.compare(lv[a], lv[b]);
                    if (floating && c != 0 && dv[a] == dv[b]) {
                        c = 0; // -0.0 and 0.0 are equal keys
                    }
                    return descending ? -c : c;
                });
                long vo = o[1] + r * str[1];
                long io = o[2] + r * str[2];
                for (int k = 0; k < len; k++) {
                    int from = order[k];
                    MemorySegment.copy(s, (so + from * ss) * t.byteSize(), v, (vo + k * vs) * t.byteSize(), t.byteSize());
                    ix.setAtIndex(I64, io + k * is, from);
                }
            }
        });
    }
}
