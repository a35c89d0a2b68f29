package dev.arbor.backend.cpu;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.UnaryOp;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels over strided views: copy with cast, fill, unary, binary and where. Rows that are
 * contiguous float32 in every operand take Vector API paths; everything else goes through
 * {@link ScalarMath} in double (floating types) or long (integer types).
 */
final class CpuElementwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private CpuElementwise() {}

    static MemorySegment seg(Tensor t) {
        return ((CpuStorage) t.storage()).segment();
    }

    static void copy(Tensor src, Tensor dst) {
        MemorySegment s = seg(src);
        MemorySegment d = seg(dst);
        DType st = src.dtype();
        DType dt = dst.dtype();
        int size = st.byteSize();
        StridedLoop.over(dst, src).forEachRow((o, n, str) -> {
            if (st == dt && str[0] == 1 && str[1] == 1) {
                MemorySegment.copy(s, o[1] * size, d, o[0] * size, n * size);
            } else if (st == dt && st == DType.FLOAT32) {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F32, o[0] + i * str[0], s.getAtIndex(F32, o[1] + i * str[1]));
                }
            } else if (st.isFloatingPoint() || dt.isFloatingPoint()) {
                for (long i = 0; i < n; i++) {
                    Elements.setDouble(d, dt, o[0] + i * str[0], Elements.getDouble(s, st, o[1] + i * str[1]));
                }
            } else {
                for (long i = 0; i < n; i++) {
                    Elements.setLong(d, dt, o[0] + i * str[0], Elements.getLong(s, st, o[1] + i * str[1]));
                }
            }
        });
    }

    static void fill(Tensor dst, Number value) {
        MemorySegment d = seg(dst);
        DType dt = dst.dtype();
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte;
        StridedLoop.over(dst).forEachRow((o, n, str) -> {
            if (dt == DType.FLOAT32 && str[0] == 1) {
                MemorySegment row = d.asSlice(o[0] * 4, n * 4);
                row.fill((byte) 0);
                float f = value.floatValue();
                if (Float.floatToRawIntBits(f) != 0) {
                    for (long i = 0; i < n; i++) {
                        row.setAtIndex(F32, i, f);
                    }
                }
            } else if (integral) {
                for (long i = 0; i < n; i++) {
                    Elements.setLong(d, dt, o[0] + i * str[0], value.longValue());
                }
            } else {
                for (long i = 0; i < n; i++) {
                    Elements.setDouble(d, dt, o[0] + i * str[0], value.doubleValue());
                }
            }
        });
    }

    static void unary(UnaryOp op, Tensor src, Tensor dst) {
        MemorySegment s = seg(src);
        MemorySegment d = seg(dst);
        DType st = src.dtype();
        DType dt = dst.dtype();
        boolean floating = st.isFloatingPoint();
        boolean vector = st == DType.FLOAT32 && dt == DType.FLOAT32 && vectorizable(op);
        boolean unsigned = st == DType.UINT64;
        StridedLoop.over(dst, src).forEachRow((o, n, str) -> {
            if (vector && str[0] == 1 && str[1] == 1) {
                unaryF32(op, s, o[1], d, o[0], n);
            } else if (floating) {
                for (long i = 0; i < n; i++) {
                    double v = Elements.getDouble(s, st, o[1] + i * str[1]);
                    Elements.setDouble(d, dt, o[0] + i * str[0], ScalarMath.unary(op, v));
                }
            } else {
                for (long i = 0; i < n; i++) {
                    long v = Elements.getLong(s, st, o[1] + i * str[1]);
                    Elements.setLong(d, dt, o[0] + i * str[0], ScalarMath.unary(op, v, unsigned));
                }
            }
        });
    }

    /** True for the unary ops with a Vector API path in {@link #unaryF32}. */
    private static boolean vectorizable(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, EXP, LOG, SQRT, TANH, SIN, COS, RELU, SQUARE, SIGMOID, SILU, RECIPROCAL -> true;
            default -> false;
        };
    }

    // The Vector API kernels below store in every switch case instead of merging one result vector
    // after the switch: C2 boxes a vector that several branches define (a phi), which made these loops
    // run 5-50x slower once a second op or operand kind had been seen at the call site.
    private static void unaryF32(UnaryOp op, MemorySegment s, long so, MemorySegment d,
                                 long dof, long n) {
        long i = 0;
        long bound = n - n % F.length();
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (; i < bound; i += F.length()) {
            FloatVector x = FloatVector.fromMemorySegment(F, s, (so + i) * 4, NATIVE);
            long at = (dof + i) * 4;
            switch (op) {
                case RELU -> x.max(zero).blend(x, x.test(VectorOperators.IS_NAN)).intoMemorySegment(d, at, NATIVE);
                case SQUARE -> x.mul(x).intoMemorySegment(d, at, NATIVE);
                case SIGMOID -> one.div(one.add(x.neg().lanewise(VectorOperators.EXP))).intoMemorySegment(d, at, NATIVE);
                case SILU -> x.div(one.add(x.neg().lanewise(VectorOperators.EXP))).intoMemorySegment(d, at, NATIVE);
                case RECIPROCAL -> one.div(x).intoMemorySegment(d, at, NATIVE);
                case NEG -> x.neg().intoMemorySegment(d, at, NATIVE);
                case ABS -> x.abs().intoMemorySegment(d, at, NATIVE);
                case EXP -> x.lanewise(VectorOperators.EXP).intoMemorySegment(d, at, NATIVE);
                case LOG -> x.lanewise(VectorOperators.LOG).intoMemorySegment(d, at, NATIVE);
                case SQRT -> x.sqrt().intoMemorySegment(d, at, NATIVE);
                case TANH -> x.lanewise(VectorOperators.TANH).intoMemorySegment(d, at, NATIVE);
                case SIN -> x.lanewise(VectorOperators.SIN).intoMemorySegment(d, at, NATIVE);
                case COS -> x.lanewise(VectorOperators.COS).intoMemorySegment(d, at, NATIVE);
                default -> throw new AssertionError(op);
            }
        }
        for (; i < n; i++) {
            d.setAtIndex(F32, dof + i, (float) ScalarMath.unary(op, s.getAtIndex(F32, so + i)));
        }
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        MemorySegment sa = seg(a);
        MemorySegment sb = seg(b);
        MemorySegment d = seg(dst);
        DType t = a.dtype();
        DType dt = dst.dtype();
        boolean unsigned = t == DType.UINT64;
        boolean vector = t == DType.FLOAT32 && dt == DType.FLOAT32 && vectorizable(op);
        StridedLoop.over(dst, a, b).forEachRow((o, n, str) -> {
            if (vector && str[0] == 1 && str[1] == 1 && (str[2] == 1 || str[2] == 0)) {
                binaryF32(op, sa, o[1], sb, o[2], str[2] == 0, d, o[0], n);
            } else if (t == DType.FLOAT32 && dt == DType.FLOAT32) {
                for (long i = 0; i < n; i++) {
                    double r = ScalarMath.binary(op, sa.getAtIndex(F32, o[1] + i * str[1]),
                            sb.getAtIndex(F32, o[2] + i * str[2]));
                    d.setAtIndex(F32, o[0] + i * str[0], (float) r);
                }
            } else if (t == DType.FLOAT64 && dt == DType.FLOAT64) {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F64, o[0] + i * str[0], ScalarMath.binary(op, sa.getAtIndex(F64, o[1] + i * str[1]),
                            sb.getAtIndex(F64, o[2] + i * str[2])));
                }
            } else if (t.isFloatingPoint()) {
                for (long i = 0; i < n; i++) {
                    double r = ScalarMath.binary(op, Elements.getDouble(sa, t, o[1] + i * str[1]),
                            Elements.getDouble(sb, t, o[2] + i * str[2]));
                    Elements.setDouble(d, dt, o[0] + i * str[0], r);
                }
            } else {
                for (long i = 0; i < n; i++) {
                    long r = ScalarMath.binary(op, Elements.getLong(sa, t, o[1] + i * str[1]),
                            Elements.getLong(sb, t, o[2] + i * str[2]), unsigned);
                    Elements.setLong(d, dt, o[0] + i * str[0], r);
                }
            }
        });
    }

    private static boolean vectorizable(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
            default -> false;
        };
    }

    private static void binaryF32(BinaryOp op, MemorySegment a, long ao, MemorySegment b, long bo, boolean bScalar,
                                  MemorySegment d, long dof, long n) {
        long bound = n - n % F.length();
        // one loop per operand kind, each switch case storing its own result (see above): a helper taking
        // the vectors as arguments is too big to inline and would box them
        if (bScalar) {
            FloatVector y = FloatVector.broadcast(F, b.getAtIndex(F32, bo));
            for (long i = 0; i < bound; i += F.length()) {
                FloatVector x = FloatVector.fromMemorySegment(F, a, (ao + i) * 4, NATIVE);
                long at = (dof + i) * 4;
                switch (op) {
                    case ADD -> x.add(y).intoMemorySegment(d, at, NATIVE);
                    case SUB -> x.sub(y).intoMemorySegment(d, at, NATIVE);
                    case MUL -> x.mul(y).intoMemorySegment(d, at, NATIVE);
                    case DIV -> x.div(y).intoMemorySegment(d, at, NATIVE);
                    case MAXIMUM -> maxF32(x, y).intoMemorySegment(d, at, NATIVE);
                    case MINIMUM -> minF32(x, y).intoMemorySegment(d, at, NATIVE);
                    default -> throw new AssertionError(op);
                }
            }
        } else {
            for (long i = 0; i < bound; i += F.length()) {
                FloatVector x = FloatVector.fromMemorySegment(F, a, (ao + i) * 4, NATIVE);
                FloatVector y = FloatVector.fromMemorySegment(F, b, (bo + i) * 4, NATIVE);
                long at = (dof + i) * 4;
                switch (op) {
                    case ADD -> x.add(y).intoMemorySegment(d, at, NATIVE);
                    case SUB -> x.sub(y).intoMemorySegment(d, at, NATIVE);
                    case MUL -> x.mul(y).intoMemorySegment(d, at, NATIVE);
                    case DIV -> x.div(y).intoMemorySegment(d, at, NATIVE);
                    case MAXIMUM -> maxF32(x, y).intoMemorySegment(d, at, NATIVE);
                    case MINIMUM -> minF32(x, y).intoMemorySegment(d, at, NATIVE);
                    default -> throw new AssertionError(op);
                }
            }
        }
        if (bound < n) {
            binaryTailF32(op, a, ao + bound, b, bScalar ? bo : bo + bound, bScalar, d, dof + bound, n - bound);
        }
    }

    /**
     * The last {@code n < F.length()} elements of {@link #binaryF32}: rows of strided views are often
     * shorter than a vector. Float arithmetic as the vectors do it, one loop per op (through
     * {@code ScalarMath}'s switch per element it took three times as long); scalar, since a masked
     * vector version was too big for C1 ("out of virtual registers"), whose fallback runs the Vector
     * API boxed until C2 gets to it.
     */
    private static void binaryTailF32(BinaryOp op, MemorySegment a, long ao, MemorySegment b, long bo, boolean bScalar,
                                      MemorySegment d, long dof, long n) {
        long step = bScalar ? 0 : 1;
        switch (op) {
            case ADD -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F32, dof + i, a.getAtIndex(F32, ao + i) + b.getAtIndex(F32, bo + i * step));
                }
            }
            case SUB -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F32, dof + i, a.getAtIndex(F32, ao + i) - b.getAtIndex(F32, bo + i * step));
                }
            }
            case MUL -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F32, dof + i, a.getAtIndex(F32, ao + i) * b.getAtIndex(F32, bo + i * step));
                }
            }
            case DIV -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F32, dof + i, a.getAtIndex(F32, ao + i) / b.getAtIndex(F32, bo + i * step));
                }
            }
            case MAXIMUM -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F32, dof + i, Math.max(a.getAtIndex(F32, ao + i), b.getAtIndex(F32, bo + i * step)));
                }
            }
            case MINIMUM -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(F32, dof + i, Math.min(a.getAtIndex(F32, ao + i), b.getAtIndex(F32, bo + i * step)));
                }
            }
            default -> throw new AssertionError(op);
        }
    }

    /** Lanewise maximum that propagates NaN as {@link Math#max} does (small enough to inline). */
    private static FloatVector maxF32(FloatVector x, FloatVector y) {
        return x.max(y).blend(x.add(y), x.test(VectorOperators.IS_NAN).or(y.test(VectorOperators.IS_NAN)));
    }

    /** Lanewise minimum that propagates NaN as {@link Math#min} does. */
    private static FloatVector minF32(FloatVector x, FloatVector y) {
        return x.min(y).blend(x.add(y), x.test(VectorOperators.IS_NAN).or(y.test(VectorOperators.IS_NAN)));
    }

    static void thresholdBackward(Tensor grad, Tensor input, double threshold, Tensor dst) {
        MemorySegment sg = seg(grad);
        MemorySegment sx = seg(input);
        MemorySegment d = seg(dst);
        DType t = dst.dtype();
        boolean vector = t == DType.FLOAT32;
        float limit = (float) threshold;
        StridedLoop.over(dst, grad, input).forEachRow((o, n, str) -> {
            if (vector && str[0] == 1 && str[1] == 1 && str[2] == 1) {
                FloatVector zero = FloatVector.zero(F);
                long bound = n - n % F.length();
                for (long i = 0; i < bound; i += F.length()) {
                    FloatVector g = FloatVector.fromMemorySegment(F, sg, (o[1] + i) * 4, NATIVE);
                    FloatVector x = FloatVector.fromMemorySegment(F, sx, (o[2] + i) * 4, NATIVE);
                    g.blend(zero, x.compare(VectorOperators.LE, limit)).intoMemorySegment(d, (o[0] + i) * 4, NATIVE);
                }
                for (long i = bound; i < n; i++) {
                    float x = sx.getAtIndex(F32, o[2] + i);
                    d.setAtIndex(F32, o[0] + i, x <= limit ? 0f : sg.getAtIndex(F32, o[1] + i));
                }
            } else {
                for (long i = 0; i < n; i++) {
                    double x = Elements.getDouble(sx, t, o[2] + i * str[2]);
                    double g = x <= threshold ? 0 : Elements.getDouble(sg, t, o[1] + i * str[1]);
                    Elements.setDouble(d, t, o[0] + i * str[0], g);
                }
            }
        });
    }

    static void addScaled(Tensor a, Tensor b, double alpha, Tensor dst) {
        MemorySegment sa = seg(a);
        MemorySegment sb = seg(b);
        MemorySegment d = seg(dst);
        DType t = dst.dtype();
        boolean vector = t == DType.FLOAT32;
        StridedLoop.over(dst, a, b).forEachRow((o, n, str) -> {
            if (vector && str[0] == 1 && str[1] == 1 && str[2] == 1) {
                FloatVector scale = FloatVector.broadcast(F, (float) alpha);
                long bound = n - n % F.length();
                for (long i = 0; i < bound; i += F.length()) {
                    FloatVector x = FloatVector.fromMemorySegment(F, sa, (o[1] + i) * 4, NATIVE);
                    FloatVector.fromMemorySegment(F, sb, (o[2] + i) * 4, NATIVE).fma(scale, x)
                            .intoMemorySegment(d, (o[0] + i) * 4, NATIVE);
                }
                for (long i = bound; i < n; i++) {
                    d.setAtIndex(F32, o[0] + i, Math.fma(sb.getAtIndex(F32, o[2] + i), (float) alpha,
                            sa.getAtIndex(F32, o[1] + i)));
                }
            } else {
                for (long i = 0; i < n; i++) {
                    double r = Elements.getDouble(sa, t, o[1] + i * str[1])
                            + alpha * Elements.getDouble(sb, t, o[2] + i * str[2]);
                    Elements.setDouble(d, t, o[0] + i * str[0], r);
                }
            }
        });
    }

    static void where(Tensor cond, Tensor a, Tensor b, Tensor dst) {
        MemorySegment sc = seg(cond);
        MemorySegment sa = seg(a);
        MemorySegment sb = seg(b);
        MemorySegment d = seg(dst);
        int size = dst.dtype().byteSize();
        StridedLoop.over(dst, cond, a, b).forEachRow((o, n, str) -> {
            for (long i = 0; i < n; i++) {
                boolean c = sc.get(ValueLayout.JAVA_BYTE, o[1] + i * str[1]) != 0;
                long from = c ? (o[2] + i * str[2]) * size : (o[3] + i * str[3]) * size;
                MemorySegment.copy(c ? sa : sb, from, d, (o[0] + i * str[0]) * size, size);
            }
        });
    }
}
