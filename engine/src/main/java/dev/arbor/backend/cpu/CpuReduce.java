package dev.arbor.backend.cpu;

import dev.arbor.backend.ReduceOp;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions, arg-reductions and scans. The kept dimensions are walked by a {@link StridedLoop} (in
 * parallel); each output element reduces its own elements in order, so results do not depend on the
 * thread count. Floating sums accumulate in double.
 */
final class CpuReduce {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private CpuReduce() {}

    /** The reduced part of a source view: shape and strides of the reduced dimensions. */
    private record Inner(long[] shape, long[] strides, long numel) {
        static Inner of(Tensor src, int[] dims) {
            long[] sh = new long[dims.length];
            long[] st = new long[dims.length];
            long n = 1;
            for (int i = 0; i < dims.length; i++) {
                sh[i] = src.shape()[dims[i]];
                st[i] = src.strides()[dims[i]];
                n *= sh[i];
            }
            return new Inner(sh, st, n);
        }

        /** True when the reduced elements are one contiguous run. */
        boolean contiguous() {
            long expected = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                if (shape[i] != 1 && strides[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
            return true;
        }

        /** The element offset of the k-th reduced element relative to the start. */
        long offset(long k) {
            long o = 0;
            for (int i = shape.length - 1; i >= 0; i--) {
                o += (k % shape[i]) * strides[i];
                k /= shape[i];
            }
            return o;
        }
    }

    /** Loops over the kept positions: operand 0 is {@code dst}, operand 1 the matching source start. */
    private static StridedLoop keptLoop(Tensor src, Tensor dst, int[] dims) {
        long[] shape = src.shape();
        long[] srcStrides = src.strides();
        for (int d : dims) {
            shape[d] = 1;
            srcStrides[d] = 0;
        }
        return StridedLoop.of(shape, new long[] {dst.offset(), src.offset()}, new long[][] {dst.strides(), srcStrides});
    }

    static void reduce(ReduceOp op, Tensor src, int[] dims, Tensor dst) {
        MemorySegment s = CpuElementwise.seg(src);
        MemorySegment d = CpuElementwise.seg(dst);
        DType st = src.dtype();
        DType dt = dst.dtype();
        Inner inner = Inner.of(src, dims);
        boolean contiguousF32 = st == DType.FLOAT32 && inner.contiguous() && (op == ReduceOp.SUM || op == ReduceOp.MAX
                || op == ReduceOp.MIN);
        boolean floating = st.isFloatingPoint() || dt.isFloatingPoint();
        boolean unsigned = st == DType.UINT64;
        keptLoop(src, dst, dims).forEachRow((o, n, str) -> {
            for (long i = 0; i < n; i++) {
                long out = o[0] + i * str[0];
                long start = o[1] + i * str[1];
                if (op == ReduceOp.ANY || op == ReduceOp.ALL) {
                    boolean any = false;
                    boolean all = true;
                    for (long k = 0; k < inner.numel(); k++) {
                        boolean v = Elements.getDouble(s, st, start + inner.offset(k)) != 0;
                        any |= v;
                        all &= v;
                    }
                    Elements.setLong(d, dt, out, (op == ReduceOp.ANY ? any : all) ? 1 : 0);
                } else if (contiguousF32) {
                    Elements.setDouble(d, dt, out, reduceF32(op, s, start, inner.numel()));
                } else if (floating) {
                    double acc = op == ReduceOp.SUM ? 0 : op == ReduceOp.PROD ? 1
                            : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                    for (long k = 0; k < inner.numel(); k++) {
                        double v = Elements.getDouble(s, st, start + inner.offset(k));
                        acc = switch (op) {
                            case SUM -> acc + v;
                            case PROD -> acc * v;
                            case MAX -> Double.isNaN(v) || v > acc ? v : acc;
                            default -> Double.isNaN(v) || v < acc ? v : acc;
                        };
                        if (Double.isNaN(acc) && (op == ReduceOp.MAX || op == ReduceOp.MIN)) {
                            break;
                        }
                    }
                    Elements.setDouble(d, dt, out, acc);
                } else {
                    long acc = switch (op) {
                        case SUM -> 0;
                        case PROD -> 1;
                        default -> Elements.getLong(s, st, start);
                    };
                    for (long k = 0; k < inner.numel(); k++) {
                        long v = Elements.getLong(s, st, start + inner.offset(k));
                        acc = switch (op) {
                            case SUM -> acc + v;
                            case PROD -> acc * v;
                            case MAX -> (unsigned ? Long.compareUnsigned(v, acc) : Long.compare(v, acc)) > 0 ? v : acc;
                            default -> (unsigned ? Long.compareUnsigned(v, acc) : Long.compare(v, acc)) < 0 ? v : acc;
                        };
                    }
                    Elements.setLong(d, dt, out, acc);
                }
            }
        });
    }

    /** A contiguous float32 run reduced with the Vector API (sums in double lanes would be slower; float lanes, then double). */
    private static double reduceF32(ReduceOp op, MemorySegment s, long start, long n) {
        long i = 0;
        long bound = n - n % F.length();
        if (op == ReduceOp.SUM) {
            // several float vector partial sums bounded to one block keep float32 error small
            double total = 0;
            while (i < bound) {
                long blockEnd = Math.min(bound, i + 4096);
                FloatVector acc = FloatVector.zero(F);
                for (; i < blockEnd; i += F.length()) {
                    acc = acc.add(FloatVector.fromMemorySegment(F, s, (start + i) * 4, ByteOrder.nativeOrder()));
                }
                total += acc.reduceLanes(VectorOperators.ADD);
            }
            for (; i < n; i++) {
                total += s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, start + i);
            }
            return total;
        }
        boolean max = op == ReduceOp.MAX;
        double acc = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (; i < n; i++) {
            float v = s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, start + i);
            if (Float.isNaN(v)) {
                return Double.NaN;
            }
            acc = max ? Math.max(acc, v) : Math.min(acc, v);
        }
        return acc;
    }

    static void argReduce(boolean max, Tensor src, int dim, Tensor dst) {
        MemorySegment s = CpuElementwise.seg(src);
        MemorySegment d = CpuElementwise.seg(dst);
        DType st = src.dtype();
        long len = src.shape()[dim];
        long stride = src.strides()[dim];
        boolean floating = st.isFloatingPoint();
        boolean unsigned = st == DType.UINT64;
        keptLoop(src, dst, new int[] {dim}).forEachRow((o, n, str) -> {
            for (long i = 0; i < n; i++) {
                long start = o[1] + i * str[1];
                long best = 0;
                if (floating) {
                    double bv = Elements.getDouble(s, st, start);
                    for (long k = 1; k < len && !Double.isNaN(bv); k++) {
                        double v = Elements.getDouble(s, st, start + k * stride);
                        if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                            bv = v;
                            best = k;
                        }
                    }
                } else {
                    long bv = Elements.getLong(s, st, start);
                    for (long k = 1; k < len; k++) {
                        long v = Elements.getLong(s, st, start + k * stride);
                        int c = unsigned ? Long.compareUnsigned(v, bv) : Long.compare(v, bv);
                        if (max ? c > 0 : c < 0) {
                            bv = v;
                            best = k;
                        }
                    }
                }
                d.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, o[0] + i * str[0], best);
            }
        });
    }

    static void cumulative(boolean product, Tensor src, int dim, Tensor dst) {
        MemorySegment s = CpuElementwise.seg(src);
        MemorySegment d = CpuElementwise.seg(dst);
        DType st = src.dtype();
        DType dt = dst.dtype();
        long len = src.shape()[dim];
        long sStride = src.strides()[dim];
        long dStride = dst.strides()[dim];
        boolean floating = dt.isFloatingPoint();
        keptLoop(src, dst, new int[] {dim}).forEachRow((o, n, str) -> {
            for (long i = 0; i < n; i++) {
                long si = o[1] + i * str[1];
                long di = o[0] + i * str[0];
                if (floating) {
                    double acc = product ? 1 : 0;
                    for (long k = 0; k < len; k++) {
                        double v = Elements.getDouble(s, st, si + k * sStride);
                        acc = product ? acc * v : acc + v;
                        Elements.setDouble(d, dt, di + k * dStride, acc);
                    }
                } else {
                    long acc = product ? 1 : 0;
                    for (long k = 0; k < len; k++) {
                        long v = Elements.getLong(s, st, si + k * sStride);
                        acc = product ? acc * v : acc + v;
                        Elements.setLong(d, dt, di + k * dStride, acc);
                    }
                }
            }
        });
    }
}
