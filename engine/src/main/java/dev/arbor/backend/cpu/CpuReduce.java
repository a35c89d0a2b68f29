package dev.arbor.backend.cpu;

import dev.arbor.backend.ReduceOp;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions, arg-reductions and scans. The kept dimensions are walked by a {@link StridedLoop} (in
 * parallel); each output element reduces its own elements in order, so results do not depend on the
 * thread count. Floating sums accumulate in double.
 */
final class CpuReduce {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Doubles of half a float vector: a float vector's lanes converted in two parts. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorShape.forBitSize(F.vectorBitSize()));

    private CpuReduce() {}

    /**
     * The reduced part of a source view, coalesced as {@link StridedLoop} does: runs of
     * {@code runLength} elements {@code runStride} apart, one at each position of an odometer over the
     * remaining reduced dimensions ({@code outerShape}, {@code outerStrides}). Walking runs keeps the
     * per-element work a plain loop (no index arithmetic), which the typed run reducers rely on.
     */
    private record Inner(long[] outerShape, long[] outerStrides, long runLength, long runStride, long numel) {
        static Inner of(Tensor src, int[] dims) {
            long[] shape = src.shape();
            long[] strides = src.strides();
            long[] sh = new long[dims.length];
            long[] st = new long[dims.length];
            long numel = 1;
            for (int i = 0; i < dims.length; i++) {
                sh[i] = shape[dims[i]];
                st[i] = strides[dims[i]];
                numel *= sh[i];
            }
            StridedLoop merged = StridedLoop.of(sh, new long[] {0}, new long[][] {st});
            long[] runShape = merged.shape();
            long[] runStrides = merged.strides(0);
            int last = runShape.length - 1;
            return new Inner(Arrays.copyOf(runShape, last), Arrays.copyOf(runStrides, last), runShape[last],
                    runStrides[last], numel);
        }

        long runs() {
            return runLength == 0 ? 0 : numel / runLength;
        }

        /** Advances the odometer {@code pos} by one run; returns the new run offset from {@code offset}. */
        long next(long[] pos, long offset) {
            for (int d = pos.length - 1; d >= 0; d--) {
                offset += outerStrides[d];
                if (++pos[d] < outerShape[d]) {
                    return offset;
                }
                offset -= outerShape[d] * outerStrides[d];
                pos[d] = 0;
            }
            return offset;
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
        long runs = inner.runs();
        long len = inner.runLength();
        long stride = inner.runStride();
        boolean logical = op == ReduceOp.ANY || op == ReduceOp.ALL;
        boolean floating = st.isFloatingPoint() || dt.isFloatingPoint();
        keptLoop(src, dst, dims).forEachRow((o, n, str) -> {
            long[] pos = new long[inner.outerShape().length];
            // kept elements side by side in the source (a channels-last image's channels): a vector of them at once
            long side = op == ReduceOp.SUM && st == DType.FLOAT32 && str[1] == 1
                    ? sumColumnsF32(s, o[1], n, inner, d, dt, o[0], str[0]) : 0;
            for (long i = side; i < n; i++) {
                long out = o[0] + i * str[0];
                long start = o[1] + i * str[1];
                if (logical) {
                    boolean result = op == ReduceOp.ALL;
                    for (long r = 0, at = start; r < runs && result == (op == ReduceOp.ALL); r++) {
                        result = anyRun(s, st, at, len, stride, op == ReduceOp.ALL);
                        at = inner.next(pos, at);
                    }
                    Arrays.fill(pos, 0);
                    Elements.setLong(d, dt, out, result ? 1 : 0);
                } else if (floating) {
                    double acc = identity(op);
                    for (long r = 0, at = start; r < runs && !(Double.isNaN(acc) && extreme(op)); r++) {
                        acc = runDouble(op, s, st, at, len, stride, acc);
                        at = inner.next(pos, at);
                    }
                    Arrays.fill(pos, 0);
                    Elements.setDouble(d, dt, out, acc);
                } else {
                    long acc = switch (op) {
                        case SUM -> 0;
                        case PROD -> 1;
                        default -> Elements.getLong(s, st, start);
                    };
                    for (long r = 0, at = start; r < runs; r++) {
                        acc = runLong(op, s, st, at, len, stride, acc);
                        at = inner.next(pos, at);
                    }
                    Arrays.fill(pos, 0);
                    Elements.setLong(d, dt, out, acc);
                }
            }
        });
    }

    private static boolean extreme(ReduceOp op) {
        return op == ReduceOp.MAX || op == ReduceOp.MIN;
    }

    private static double identity(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            default -> Double.POSITIVE_INFINITY;
        };
    }

    /**
     * With {@code all}: whether every element of the run is non-zero; otherwise whether any is (the
     * caller stops at the first run that decides the answer).
     */
    private static boolean anyRun(MemorySegment s, DType t, long at, long n, long stride, boolean all) {
        for (long k = 0; k < n; k++) {
            boolean nonZero = Elements.getDouble(s, t, at + k * stride) != 0;
            if (nonZero != all) {
                return nonZero;
            }
        }
        return all;
    }

    /** {@code acc} combined with the run of floating (or converted) values; MAX and MIN stop at NaN. */
    private static double runDouble(ReduceOp op, MemorySegment s, DType t, long at, long n, long stride, double acc) {
        if (t == DType.FLOAT32 && stride == 1 && op == ReduceOp.SUM) {
            return acc + sumF32(s, at, n);
        }
        for (long k = 0; k < n; k++) {
            long i = at + k * stride;
            double v = switch (t) {
                case FLOAT32 -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                case FLOAT64 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
                default -> Elements.getDouble(s, t, i);
            };
            switch (op) {
                case SUM -> acc += v;
                case PROD -> acc *= v;
                case MAX -> {
                    if (Double.isNaN(v)) {
                        return v;
                    }
                    acc = v > acc ? v : acc;
                }
                default -> {
                    if (Double.isNaN(v)) {
                        return v;
                    }
                    acc = v < acc ? v : acc;
                }
            }
        }
        return acc;
    }

    /** {@code acc} combined with the run of integer values (unsigned comparison for uint64). */
    private static long runLong(ReduceOp op, MemorySegment s, DType t, long at, long n, long stride, long acc) {
        boolean unsigned = t == DType.UINT64;
        for (long k = 0; k < n; k++) {
            long i = at + k * stride;
            long v = t == DType.INT64 ? s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i) : Elements.getLong(s, t, i);
            acc = switch (op) {
                case SUM -> acc + v;
                case PROD -> acc * v;
                case MAX -> (unsigned ? Long.compareUnsigned(v, acc) : Long.compare(v, acc)) > 0 ? v : acc;
                default -> (unsigned ? Long.compareUnsigned(v, acc) : Long.compare(v, acc)) < 0 ? v : acc;
            };
        }
        return acc;
    }

    /**
     * The float32 sums of {@code n} kept elements that lie side by side in the source from {@code start},
     * a vector of them at a time, each summed in double over its reduced elements in the same order as
     * one at a time: the same results. Writes the outputs from {@code out}, {@code outStride} apart.
     *
     * @return how many outputs it wrote: whole vectors, the rest left to the caller
     */
    private static long sumColumnsF32(MemorySegment s, long start, long n, Inner inner, MemorySegment d, DType dt,
                                      long out, long outStride) {
        long whole = n - n % F.length();
        long runs = inner.runs();
        long len = inner.runLength();
        long stride = inner.runStride();
        long[] pos = new long[inner.outerShape().length];
        double[] sums = new double[F.length()];
        for (long k = 0; k < whole; k += F.length()) {
            DoubleVector low = DoubleVector.zero(D);
            DoubleVector high = DoubleVector.zero(D);
            for (long r = 0, at = start + k; r < runs; r++) {
                for (long j = 0; j < len; j++) {
                    FloatVector x = FloatVector.fromMemorySegment(F, s, (at + j * stride) * Float.BYTES,
                            ByteOrder.nativeOrder());
                    low = low.add(x.convertShape(VectorOperators.F2D, D, 0));
                    high = high.add(x.convertShape(VectorOperators.F2D, D, 1));
                }
                at = inner.next(pos, at);
            }
            Arrays.fill(pos, 0);
            low.intoArray(sums, 0);
            high.intoArray(sums, D.length());
            for (int lane = 0; lane < F.length(); lane++) {
                Elements.setDouble(d, dt, out + (k + lane) * outStride, sums[lane]);
            }
        }
        return whole;
    }

    /**
     * The sum of a contiguous float32 run with the Vector API: float lanes bounded to blocks of 4096
     * elements (so float32 error stays small), each block's total added in double.
     */
    private static double sumF32(MemorySegment s, long start, long n) {
        long i = 0;
        long bound = n - n % F.length();
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
