package dev.arbor.ops;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.UnaryOp;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elementwise unary, binary and ternary operations: type promotion, broadcasting, dispatch to the
 * backend, and each op's backward formula.
 */
public final class Elementwise {
    /** The dtype integer inputs become for ops with a floating result (PyTorch's default dtype). */
    public static final DType DEFAULT_FLOAT = DType.FLOAT32;

    private static final double SQRT_2_PI = Math.sqrt(2 * Math.PI);
    private static final Logger LOG = LoggerFactory.getLogger(Elementwise.class);
    private static final AtomicBoolean UINT8_CONDITION_WARNED = new AtomicBoolean();

    private Elementwise() {}

    // ---------------------------------------------------------------- type promotion

    /**
     * The result type of a binary op, as {@code torch.result_type}: dimensioned tensors take part with
     * full weight; a zero-dimensional tensor only when it is of a higher category (bool &lt; integer
     * &lt; floating point).
     */
    public static DType resultType(Tensor a, Tensor b) {
        boolean aDim = a.dim() > 0;
        boolean bDim = b.dim() > 0;
        if (aDim == bDim) {
            return DType.promote(a.dtype(), b.dtype());
        }
        return combineCategories(aDim ? a.dtype() : b.dtype(), aDim ? b.dtype() : a.dtype());
    }

    /**
     * The result type with a Java number, which takes part as a Python scalar does: an integral value
     * as a Python {@code int} (int64), any other as a Python {@code float} (the default float type), so
     * it never widens the tensor's type within its category (Java has one {@code double} where Python
     * tells {@code 2} from {@code 2.0}).
     */
    static DType resultType(Tensor t, double scalar) {
        boolean integral = scalar == Math.rint(scalar) && !Double.isInfinite(scalar);
        return combineCategories(t.dtype(), integral ? DType.INT64 : DEFAULT_FLOAT);
    }

    /**
     * PyTorch's {@code combine_categories}: the higher-priority type wins unless the other is of a
     * higher category (floating over integer over bool), in which case the two are promoted.
     */
    private static DType combineCategories(DType higher, DType lower) {
        if (higher.isFloatingPoint()) {
            return higher;
        }
        if (higher == DType.BOOL || lower.isFloatingPoint()) {
            return DType.promote(higher, lower);
        }
        return higher;
    }

    /** PyTorch's casting categories: bool 0, integers 1, floating point 2 (a result may not go down). */
    private static int category(DType t) {
        return t == DType.BOOL ? 0 : t.isFloatingPoint() ? 2 : 1;
    }

    /** PyTorch's refusals of arithmetic on bool tensors that would silently mean something else. */
    private static void checkBoolOperands(BinaryOp op, DType a, DType b) {
        if (op == BinaryOp.SUB && (a == DType.BOOL || b == DType.BOOL)) {
            throw new IllegalArgumentException(a == DType.BOOL && b == DType.BOOL
                    ? "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                    + "`logical_xor()` operator instead."
                    : "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
                    + "invert a mask, use the `~` or `logical_not()` operator instead.");
        }
    }

    /** The dtype a binary op computes in, from the promoted type. */
    private static DType computeType(BinaryOp op, DType promoted) {
        if ((op == BinaryOp.DIV || op == BinaryOp.ATAN2) && !promoted.isFloatingPoint()) {
            return DEFAULT_FLOAT;
        }
        return promoted;
    }

    // ---------------------------------------------------------------- binary

    /** {@code op(a, b)} with promotion and broadcasting, recording the backward. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        long trace = OpTraces.begin();
        Transfer.sameDevice(op.name().toLowerCase(), a, b);
        checkBoolOperands(op, a.dtype(), b.dtype());
        Tensor out = compute(op, a, b, computeType(op, resultType(a, b)));
        return trace < 0 ? out : OpTraces.end(trace, op.name().toLowerCase(), out, a, b);
    }

    /** {@code op(a, b)} with a Java number as {@code b}. */
    public static Tensor binary(BinaryOp op, Tensor a, double b) {
        long trace = OpTraces.begin();
        checkBoolOperands(op, a.dtype(), DType.FLOAT64);
        DType ct = computeType(op, resultType(a, b));
        checkIntegerPower(op, ct, b);
        Tensor out = compute(op, a, scalarTensor(b, ct, a), ct);
        return trace < 0 ? out : OpTraces.end(trace, op.name().toLowerCase(), out, a, b);
    }

    /** {@code op(a, b)} with a Java number as {@code a}. */
    public static Tensor binary(BinaryOp op, double a, Tensor b) {
        long trace = OpTraces.begin();
        checkBoolOperands(op, DType.FLOAT64, b.dtype());
        DType ct = computeType(op, resultType(b, a));
        Tensor out = compute(op, scalarTensor(a, ct, b), b, ct);
        return trace < 0 ? out : OpTraces.end(trace, op.name().toLowerCase(), out, a, b);
    }

    /** A Java number as a 0-d tensor of the compute type (integral values exactly, as a long), unchecked as PyTorch's. */
    private static Tensor scalarTensor(double v, DType ct, Tensor like) {
        return Creation.operandScalar(ct.isFloatingPoint() ? v : ScalarConversion.pythonScalar(v), ct, like.device());
    }

    private static void checkIntegerPower(BinaryOp op, DType ct, double exponent) {
        if (op == BinaryOp.POW && !ct.isFloatingPoint() && exponent < 0) {
            throw new IllegalArgumentException("Integers to negative integer powers are not allowed.");
        }
    }

    /** The shape several shapes broadcast to, or an error that names the op and every shape. */
    static long[] broadcast(String op, long[]... shapes) {
        try {
            return Shapes.broadcast(shapes);
        } catch (IllegalArgumentException e) {
            StringBuilder all = new StringBuilder();
            for (long[] s : shapes) {
                all.append(all.isEmpty() ? "" : ", ").append(Shapes.str(s));
            }
            throw new IllegalArgumentException(op + ": " + e.getMessage() + " (operand shapes " + all + ")", e);
        }
    }

    private static Tensor compute(BinaryOp op, Tensor a, Tensor b, DType ct) {
        if (ct.isFloatingPoint() && op.ordinal() >= BinaryOp.BITWISE_AND.ordinal() && op.ordinal() <= BinaryOp.SHIFT_RIGHT.ordinal()) {
            throw new IllegalArgumentException(op.name().toLowerCase() + " is only defined for integer and bool tensors, "
                    + "got " + a.dtype() + " and " + b.dtype());
        }
        long[] shape = broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        Tensor out = Tensor.empty(op.isComparison() ? DType.BOOL : ct, a.device(), shape);
        try {
            Transfer.backend(a).binary(op, a.detach().to(ct).expand(shape), b.detach().to(ct).expand(shape), out);
        } catch (ArithmeticException e) {
            throw new ArithmeticException(op.name().toLowerCase() + ": " + e.getMessage() + " (operand shapes "
                    + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()) + ", " + ct + ")");
        }
        if (op.isComparison() || !ct.isFloatingPoint()) {
            return out;
        }
        return recordBinary(op, a, b, out);
    }

    private static Tensor recordBinary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        long[] as = a.shape();
        long[] bs = b.shape();
        String name = switch (op) {
            case ADD -> "AddBackward0";
            case SUB -> "SubBackward0";
            case MUL -> "MulBackward0";
            case DIV -> "DivBackward0";
            case POW -> "PowBackward1";
            case MAXIMUM -> "MaximumBackward0";
            case MINIMUM -> "MinimumBackward0";
            case ATAN2 -> "Atan2Backward0";
            case REMAINDER -> "RemainderBackward0";
            case FMOD -> "FmodBackward0";
            default -> null;
        };
        if (name == null) {
            return out;
        }
        return Autograd.record(name, out, new Tensor[] {a, b}, g -> {
            Tensor ga;
            Tensor gb;
            switch (op) {
                case ADD -> {
                    ga = g;
                    gb = g;
                }
                case SUB -> {
                    ga = g;
                    gb = g.neg();
                }
                case MUL -> {
                    ga = g.mul(b);
                    gb = g.mul(a);
                }
                case DIV -> {
                    ga = g.div(b);
                    gb = g.neg().mul(a).div(b.mul(b));
                }
                case POW -> {
                    ga = g.mul(b).mul(a.pow(b.sub(1.0)));
                    // d/db a^b = a^b log a, taken as 0 where a == 0 and b >= 0 (PyTorch's convention)
                    Tensor logA = Tensor.where(a.eq(0.0).logicalAnd(b.ge(0.0)), Tensor.zerosLike(a), a.log());
                    gb = g.mul(out).mul(logA);
                }
                case MAXIMUM, MINIMUM -> {
                    Tensor aWins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                    Tensor tie = a.eq(b);
                    Tensor half = g.mul(0.5);
                    Tensor zero = Tensor.zerosLike(g);
                    ga = Tensor.where(tie, half, Tensor.where(aWins, g, zero));
                    gb = Tensor.where(tie, half, Tensor.where(aWins, zero, g));
                }
                case ATAN2 -> {
                    Tensor denom = a.mul(a).add(b.mul(b));
                    ga = g.mul(b).div(denom);
                    gb = g.neg().mul(a).div(denom);
                }
                case REMAINDER -> {
                    ga = g;
                    gb = g.neg().mul(a.floorDivide(b));
                }
                case FMOD -> {
                    ga = g;
                    gb = g.neg().mul(a.div(b).trunc());
                }
                default -> throw new AssertionError(op);
            }
            return new Tensor[] {sumToShape(ga, as), sumToShape(gb, bs)};
        }, savedByBinary(op, a, b, out));
    }

    /** What each binary backward reads, so only changes to those are in-place errors. */
    private static Tensor[] savedByBinary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        return switch (op) {
            case ADD, SUB -> new Tensor[0];
            case POW -> new Tensor[] {a, b, out};
            default -> new Tensor[] {a, b};
        };
    }

    /** Sums a broadcast gradient back to {@code shape}: the backward of broadcasting. */
    public static Tensor sumToShape(Tensor g, long[] shape) {
        long[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                dims[n++] = i;
            }
        }
        Tensor s = n == 0 ? g : g.sum(Arrays.copyOf(dims, n), true);
        return s.reshape(shape);
    }

    // ---------------------------------------------------------------- unary

    /** {@code op(x)} elementwise; integer inputs of floating ops compute in float32, as in PyTorch. */
    public static Tensor unary(UnaryOp op, Tensor x) {
        long trace = OpTraces.begin();
        Tensor out = computeUnary(op, x);
        return trace < 0 ? out : OpTraces.end(trace, op.name().toLowerCase(), out, x);
    }

    private static Tensor computeUnary(UnaryOp op, Tensor x) {
        DType in = x.dtype();
        UnaryOp kernel = op;
        if (in == DType.BOOL) {
            switch (op) {
                case NEG -> throw new IllegalArgumentException("Negation, the `-` operator, on a bool tensor is not "
                        + "supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
                case RELU -> throw new IllegalArgumentException("Boolean inputs not supported for relu");
                // ~True is False for bool, as logical_not
                case BITWISE_NOT -> kernel = UnaryOp.LOGICAL_NOT;
                // x * x of a bool promotes with the Python int 2 of x ** 2
                case SQUARE -> in = DType.INT64;
                default -> { }
            }
        }
        DType ct = in.isFloatingPoint() || op.isIntegerOp() ? in : DEFAULT_FLOAT;
        DType outType = kernel.isPredicate() ? DType.BOOL : ct;
        Tensor src = x.detach().to(ct);
        Tensor out = Tensor.empty(outType, x.device(), x.shape());
        Transfer.backend(x).unary(kernel, src, out);
        if (!outType.isFloatingPoint()) {
            return out;
        }
        Tensor saved = switch (op) {
            case RELU, EXP, EXPM1, SQRT, RSQRT, RECIPROCAL, TAN, TANH, SIGMOID -> out;
            case NEG, SIGN, FLOOR, CEIL, ROUND, TRUNC -> null;
            default -> x;
        };
        return Autograd.record(unaryName(op), out, new Tensor[] {x}, g -> new Tensor[] {unaryGrad(op, x, out, g)}, saved);
    }

    /** PyTorch's backward node names ({@code SigmoidBackward0}), made once: every unary op asks. */
    private static final Map<UnaryOp, String> UNARY_NAMES = new EnumMap<>(UnaryOp.class);

    static {
        for (UnaryOp op : UnaryOp.values()) {
            StringBuilder sb = new StringBuilder();
            for (String part : op.name().split("_")) {
                sb.append(part.charAt(0)).append(part.substring(1).toLowerCase());
            }
            UNARY_NAMES.put(op, sb.append("Backward0").toString());
        }
    }

    private static String unaryName(UnaryOp op) {
        return UNARY_NAMES.get(op);
    }

    /** The gradient of a unary op with respect to its input. */
    private static Tensor unaryGrad(UnaryOp op, Tensor x, Tensor out, Tensor g) {
        return switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case SIGN, FLOOR, CEIL, ROUND, TRUNC -> Tensor.zerosLike(g);
            case SQUARE -> g.mul(x).mul(2.0);
            case RELU -> FusedElementwise.thresholdBackward(g, out, 0.0);
            case EXP -> g.mul(out);
            case EXPM1 -> g.mul(out.add(1.0));
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1.0));
            case LOG2 -> g.div(x.mul(Math.log(2)));
            case SQRT -> g.div(out.mul(2.0));
            case RSQRT -> g.mul(out.pow(3.0)).mul(-0.5);
            case RECIPROCAL -> g.neg().mul(out.mul(out));
            case SIN -> g.mul(x.cos());
            case COS -> g.neg().mul(x.sin());
            case TAN -> g.mul(out.mul(out).add(1.0));
            case ASIN -> g.div(x.mul(x).rsub(1.0).sqrt());
            case ACOS -> g.neg().div(x.mul(x).rsub(1.0).sqrt());
            case ATAN -> g.div(x.mul(x).add(1.0));
            case SINH -> g.mul(x.cosh());
            case COSH -> g.mul(x.sinh());
            case TANH -> g.mul(out.mul(out).rsub(1.0));
            case ASINH -> g.div(x.mul(x).add(1.0).sqrt());
            case ACOSH -> g.div(x.mul(x).sub(1.0).sqrt());
            case ATANH -> g.div(x.mul(x).rsub(1.0));
            case SIGMOID -> g.mul(out.mul(out.rsub(1.0)));
            case ERF -> g.mul(x.mul(x).neg().exp().mul(2.0 / Math.sqrt(Math.PI)));
            case GELU -> {
                Tensor cdf = x.mul(1.0 / Math.sqrt(2.0)).erf().add(1.0).mul(0.5);
                Tensor pdf = x.mul(x).mul(-0.5).exp().div(SQRT_2_PI);
                yield g.mul(cdf.add(x.mul(pdf)));
            }
            case GELU_TANH -> {
                double k = Math.sqrt(2 / Math.PI);
                Tensor inner = x.add(x.pow(3.0).mul(0.044715)).mul(k);
                Tensor th = inner.tanh();
                Tensor dInner = x.mul(x).mul(3 * 0.044715).add(1.0).mul(k);
                Tensor left = th.add(1.0).mul(0.5);
                Tensor right = x.mul(0.5).mul(th.mul(th).rsub(1.0)).mul(dInner);
                yield g.mul(left.add(right));
            }
            case SILU -> {
                Tensor s = x.sigmoid();
                yield g.mul(s.mul(x.mul(s.rsub(1.0)).add(1.0)));
            }
            case MISH -> {
                Tensor tsp = x.apply(UnaryOp.SOFTPLUS).tanh();
                yield g.mul(tsp.add(x.mul(x.sigmoid()).mul(tsp.mul(tsp).rsub(1.0))));
            }
            case SOFTPLUS -> g.mul(Tensor.where(x.gt(20.0), Tensor.onesLike(x), x.sigmoid()));
            case BITWISE_NOT, LOGICAL_NOT, ISNAN, ISINF -> throw new AssertionError(op);
        };
    }

    // ---------------------------------------------------------------- clamp, where

    /** Clamps into bounds given as numbers (null for none); see {@link Tensor#clamp(Double, Double)}. */
    public static Tensor clamp(Tensor x, Double min, Double max) {
        long trace = OpTraces.begin();
        if (min == null && max == null) {
            throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
        DType ct = x.dtype();
        if (!ct.isFloatingPoint() && ((min != null && min != Math.rint(min)) || (max != null && max != Math.rint(max)))) {
            ct = DEFAULT_FLOAT;
        }
        Tensor out = clamp(x, min == null ? null : Tensor.full(ScalarConversion.pythonScalar(min), ct, x.device()),
                max == null ? null : Tensor.full(ScalarConversion.pythonScalar(max), ct, x.device()));
        return trace < 0 ? out : OpTraces.end(trace, "clamp", out, x, min, max);
    }

    /** Clamps into bounds given as tensors (broadcast, null for none), with backward; see {@link Tensor#clamp(Tensor, Tensor)}. */
    public static Tensor clamp(Tensor x, Tensor min, Tensor max) {
        long trace = OpTraces.begin();
        Tensor out = computeClamp(x, min, max);
        return trace < 0 ? out : OpTraces.end(trace, "clamp", out, x, min, max);
    }

    private static Tensor computeClamp(Tensor x, Tensor min, Tensor max) {
        Transfer.sameDevice("clamp", x, min, max);
        broadcast("clamp", x.shape(), min == null ? new long[0] : min.shape(), max == null ? new long[0] : max.shape());
        Tensor xd = x.detach();
        Tensor r = xd;
        if (min != null) {
            r = r.maximum(min.detach());
        }
        if (max != null) {
            r = r.minimum(max.detach());
        }
        Tensor out = r;
        if (!out.dtype().isFloatingPoint()) {
            return out;
        }
        long[] xs = x.shape();
        return Autograd.record("ClampBackward1", out, new Tensor[] {x, min, max}, g -> {
            Tensor zero = Tensor.zerosLike(g);
            Tensor pass = Tensor.onesLike(x).to(DType.BOOL);
            Tensor gMin = null;
            Tensor gMax = null;
            if (min != null) {
                pass = pass.logicalAnd(x.ge(min));
                gMin = sumToShape(Tensor.where(x.lt(min), g, zero), min.shape());
            }
            if (max != null) {
                pass = pass.logicalAnd(x.le(max));
                gMax = sumToShape(Tensor.where(x.gt(max), g, zero), max.shape());
            }
            return new Tensor[] {sumToShape(Tensor.where(pass, g, zero), xs), gMin, gMax};
        }, x, min, max);
    }

    /** {@code condition ? a : b} with promotion and broadcasting; see {@link Tensor#where(Tensor, Tensor, Tensor)}. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        long trace = OpTraces.begin();
        Tensor out = computeWhere(condition, a, b);
        return trace < 0 ? out : OpTraces.end(trace, "where", out, condition, a, b);
    }

    private static Tensor computeWhere(Tensor condition, Tensor a, Tensor b) {
        checkCondition(condition);
        Transfer.sameDevice("where", condition, a, b);
        DType ct = resultType(a, b);
        long[] shape = broadcast("where", condition.shape(), a.shape(), b.shape());
        Tensor out = Tensor.empty(ct, a.device(), shape);
        Transfer.backend(a).where(condition.detach().to(DType.BOOL).expand(shape), a.detach().to(ct).expand(shape),
                b.detach().to(ct).expand(shape), out);
        if (!ct.isFloatingPoint()) {
            return out;
        }
        long[] as = a.shape();
        long[] bs = b.shape();
        return Autograd.record("WhereBackward0", out, new Tensor[] {null, a, b}, g -> {
            Tensor zero = Tensor.zerosLike(g);
            return new Tensor[] {null, sumToShape(Tensor.where(condition, g, zero), as),
                    sumToShape(Tensor.where(condition, zero, g), bs)};
        }, condition);
    }

    /** Refuses a condition that is not bool; accepts uint8 with PyTorch 1.13's deprecation warning, once. */
    private static void checkCondition(Tensor condition) {
        DType dt = condition.dtype();
        if (dt == DType.UINT8) {
            if (UINT8_CONDITION_WARNED.compareAndSet(false, true)) {
                LOG.warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed in "
                        + "a future version of PyTorch. Use a boolean condition instead.");
            }
        } else if (dt != DType.BOOL) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with "
                    + "dtype " + dt.legacyName() + " (condition of shape " + Shapes.str(condition.shape()) + ")");
        }
    }

    // ---------------------------------------------------------------- in place

    /** {@code dst = dst op value}, in place, with a Java number promoted as {@link #binary(BinaryOp, Tensor, double)}. */
    public static Tensor inPlace(BinaryOp op, Tensor dst, double value) {
        long trace = OpTraces.begin();
        checkBoolOperands(op, dst.dtype(), DType.FLOAT64);
        DType ct = computeType(op, resultType(dst, value));
        checkIntegerPower(op, ct, value);
        inPlace(op, dst, scalarTensor(value, ct, dst));
        return trace < 0 ? dst : OpTraces.end(trace, op.name().toLowerCase() + "_", dst, dst, value);
    }

    /**
     * {@code dst = dst op other}, in place. Without autograd the backend writes straight into
     * {@code dst}; with it, the op runs on a copy of {@code dst}'s old value (so the backward keeps
     * what it needs) and {@code dst} takes the result's history.
     */
    public static Tensor inPlace(BinaryOp op, Tensor dst, Tensor other) {
        long trace = OpTraces.begin();
        computeInPlace(op, dst, other);
        return trace < 0 ? dst : OpTraces.end(trace, op.name().toLowerCase() + "_", dst, dst, other);
    }

    private static Tensor computeInPlace(BinaryOp op, Tensor dst, Tensor other) {
        Transfer.sameDevice(op.name().toLowerCase() + "_", dst, other);
        String name = op.name().toLowerCase() + "_";
        checkBoolOperands(op, dst.dtype(), other.dtype());
        DType ct = computeType(op, resultType(dst, other));
        if (category(ct) > category(dst.dtype())) {
            throw new IllegalArgumentException("result type " + ct + " can't be cast to the desired output type "
                    + dst.dtype() + " (in-place " + name + ")");
        }
        Transfer.checkInPlace(dst);
        long[] shape = dst.shape();
        long[] broadcast = broadcast(name, shape, other.shape());
        if (!Arrays.equals(broadcast, shape)) {
            throw new IllegalArgumentException(name + ": output with shape " + Shapes.str(shape)
                    + " doesn't match the broadcast shape " + Shapes.str(broadcast));
        }
        if (Autograd.needsGrad(dst, other)) {
            Tensor result = binary(op, dst.clone(), other);
            return Transfer.copyInto(dst, result);
        }
        if (ct == dst.dtype()) {
            Transfer.backend(dst).binary(op, dst, other.detach().to(ct).expand(shape), dst);
        } else {
            Transfer.backend(dst).copy(binary(op, dst.detach(), other.detach()), dst);
        }
        dst.storage().bumpVersion();
        return dst;
    }
}
