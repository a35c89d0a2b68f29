package dev.arbor.backend.cpu;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.UnaryOp;

/**
 * The scalar definition of every elementwise primitive, in double for floating types and in long for
 * integer types. Kernels without a vectorised path use these directly; vectorised paths must agree.
 */
public final class ScalarMath {
    private static final double SQRT_2 = Math.sqrt(2.0);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private ScalarMath() {}

    /**
     * {@return a floating unary op}
     *
     * @param op the op
     * @param x the operand
     */
    public static double unary(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Double.isNaN(x) ? 0 : Math.signum(x);
            case SQUARE -> x * x;
            case BITWISE_NOT -> throw new IllegalArgumentException("bitwise_not is only defined for integer and bool");
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
            case ISNAN -> Double.isNaN(x) ? 1 : 0;
            case ISINF -> Double.isInfinite(x) ? 1 : 0;
            case RELU -> x > 0 ? x : (Double.isNaN(x) ? x : 0);
            case EXP -> Math.exp(x);
            case EXPM1 -> Math.expm1(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case LOG2 -> Math.log(x) / Math.log(2);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case RECIPROCAL -> 1.0 / x;
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case ASIN -> Math.asin(x);
            case ACOS -> Math.acos(x);
            case ATAN -> Math.atan(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case TANH -> Math.tanh(x);
            case ASINH -> asinh(x);
            case ACOSH -> acosh(x);
            case ATANH -> 0.5 * Math.log1p(2 * x / (1 - x));
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case ERF -> erf(x);
            case GELU -> 0.5 * x * (1 + erf(x / SQRT_2));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case SILU -> x / (1.0 + Math.exp(-x));
            case MISH -> x * Math.tanh(softplus(x));
            case SOFTPLUS -> softplus(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case TRUNC -> x < 0 ? Math.ceil(x) : Math.floor(x);
        };
    }

    /**
     * {@return an integer unary op (only those with {@link UnaryOp#isIntegerOp()})}
     *
     * @param op the op
     * @param x the operand
     */
    public static long unary(UnaryOp op, long x) {
        return unary(op, x, false);
    }

    /**
     * {@return an integer unary op; {@code unsigned} for uint64, whose values above 2^63 are negative as a long}
     *
     * @param op the op
     * @param x the operand
     * @param unsigned true for uint64 operands
     */
    public static long unary(UnaryOp op, long x, boolean unsigned) {
        if (unsigned) {
            switch (op) {
                case ABS, RELU -> {
                    return x;
                }
                case SIGN -> {
                    return x != 0 ? 1 : 0;
                }
                default -> { }
            }
        }
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case SQUARE -> x * x;
            case BITWISE_NOT -> ~x;
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
            case ISNAN, ISINF -> 0;
            case RELU -> Math.max(x, 0);
            case FLOOR, CEIL, ROUND, TRUNC -> x;
            default -> throw new IllegalArgumentException(op + " is not defined for integer tensors");
        };
    }

    /**
     * {@return a floating binary op; comparisons and logical ops return 1 or 0}
     *
     * @param op the op
     * @param a the first operand
     * @param b the second operand
     */
    public static double binary(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case FLOOR_DIVIDE -> floorDivide(a, b);
            case REMAINDER -> {
                double r = a % b;
                yield r != 0 && (r < 0) != (b < 0) ? r + b : r;
            }
            case FMOD -> a % b;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
            case BITWISE_AND, BITWISE_OR, BITWISE_XOR, SHIFT_LEFT, SHIFT_RIGHT ->
                    throw new IllegalArgumentException(op + " is only defined for integer and bool tensors");
        };
    }

    /**
     * {@return an integer binary op; {@code unsigned} for uint64 operands}
     *
     * @param op the op
     * @param a the first operand
     * @param b the second operand
     * @param unsigned true for uint64 operands
     */
    public static long binary(BinaryOp op, long a, long b, boolean unsigned) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV, FLOOR_DIVIDE -> {
                checkDivisor(b);
                yield unsigned ? Long.divideUnsigned(a, b) : Math.floorDiv(a, b);
            }
            case POW -> pow(a, b);
            case MAXIMUM -> compare(a, b, unsigned) >= 0 ? a : b;
            case MINIMUM -> compare(a, b, unsigned) <= 0 ? a : b;
            case ATAN2 -> throw new IllegalArgumentException("atan2 needs floating point inputs");
            case REMAINDER -> {
                checkDivisor(b);
                yield unsigned ? Long.remainderUnsigned(a, b) : Math.floorMod(a, b);
            }
            case FMOD -> {
                checkDivisor(b);
                yield unsigned ? Long.remainderUnsigned(a, b) : a % b;
            }
            case BITWISE_AND -> a & b;
            case BITWISE_OR -> a | b;
            case BITWISE_XOR -> a ^ b;
            case SHIFT_LEFT -> b >= 64 || b < 0 ? 0 : a << b;
            case SHIFT_RIGHT -> unsigned ? (b >= 64 || b < 0 ? 0 : a >>> b) : a >> Math.min(Math.max(b, 0), 63);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> compare(a, b, unsigned) < 0 ? 1 : 0;
            case LE -> compare(a, b, unsigned) <= 0 ? 1 : 0;
            case GT -> compare(a, b, unsigned) > 0 ? 1 : 0;
            case GE -> compare(a, b, unsigned) >= 0 ? 1 : 0;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
        };
    }

    /**
     * {@return the error function, accurate to about 1e-14: a Taylor series near zero, a continued fraction beyond}
     *
     * @param x the argument
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * sum;
        }
        if (ax > 6) {
            return Math.signum(x);
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double f = ax;
        for (int k = 60; k >= 1; k--) {
            f = ax + (k / 2.0) / f;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }

    private static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    /** acosh: NaN below 1, log1p near 1 for accuracy, log(2x) where x*x would overflow. */
    private static double acosh(double x) {
        if (!(x >= 1)) {
            return Double.NaN;
        }
        if (x > 1e8) {
            return Math.log(x) + Math.log(2);
        }
        double t = x - 1;
        return x < 2 ? Math.log1p(t + Math.sqrt(2 * t + t * t)) : Math.log(x + Math.sqrt(x * x - 1));
    }

    /**
     * Python's floor division of floats, as PyTorch computes it: from {@code fmod}, so an infinite
     * dividend gives NaN; division by zero gives the IEEE quotient; a zero result keeps the sign of
     * the true quotient.
     */
    private static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1;
        }
        if (div == 0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1 : floor;
    }

    private static double asinh(double x) {
        double ax = Math.abs(x);
        double r = ax > 1e8 ? Math.log(ax) + Math.log(2) : Math.log1p(ax + ax * ax / (1 + Math.sqrt(1 + ax * ax)));
        return Math.copySign(r, x);
    }

    private static int compare(long a, long b, boolean unsigned) {
        return unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    private static void checkDivisor(long b) {
        if (b == 0) {
            throw new ArithmeticException("ZeroDivisionError: integer division or modulo by zero");
        }
    }

    private static long pow(long base, long exp) {
        if (exp < 0) {
            if (base == 1) {
                return 1;
            }
            if (base == -1) {
                return (exp & 1) == 0 ? 1 : -1;
            }
            throw new ArithmeticException("Integers to negative integer powers are not allowed.");
        }
        long result = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) {
                result *= base;
            }
            base *= base;
            exp >>= 1;
        }
        return result;
    }
}
