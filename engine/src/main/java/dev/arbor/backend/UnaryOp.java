package dev.arbor.backend;

/**
 * The elementwise unary primitives every backend implements. The result has the input's dtype,
 * except for the predicates ({@link #ISNAN}, {@link #ISINF}, {@link #LOGICAL_NOT}), which give bool.
 * Integer inputs are valid only where the op is exact on integers ({@link #isIntegerOp()}); the engine
 * promotes integers to the default float type for the others, as PyTorch does.
 */
public enum UnaryOp {
    /** {@code -x}. */
    NEG(true),
    /** {@code |x|}. */
    ABS(true),
    /** -1, 0 or 1 by the sign of {@code x}; 0 for NaN. */
    SIGN(true),
    /** {@code x * x}. */
    SQUARE(true),
    /** {@code ~x}, for integer and bool only. */
    BITWISE_NOT(true),
    /** True where {@code x} is zero (writes bool). */
    LOGICAL_NOT(true),
    /** True where {@code x} is NaN (writes bool). */
    ISNAN(true),
    /** True where {@code x} is positive or negative infinity (writes bool). */
    ISINF(true),
    /** {@code max(x, 0)}, NaN kept. */
    RELU(true),
    /** {@code e^x}. */
    EXP(false),
    /** {@code e^x - 1}, accurate near 0. */
    EXPM1(false),
    /** The natural logarithm. */
    LOG(false),
    /** {@code log(1 + x)}, accurate near 0. */
    LOG1P(false),
    /** The base-2 logarithm. */
    LOG2(false),
    /** The square root. */
    SQRT(false),
    /** {@code 1 / sqrt(x)}. */
    RSQRT(false),
    /** {@code 1 / x}. */
    RECIPROCAL(false),
    /** Sine, in radians. */
    SIN(false),
    /** Cosine, in radians. */
    COS(false),
    /** Tangent, in radians. */
    TAN(false),
    /** Arcsine, in radians. */
    ASIN(false),
    /** Arccosine, in radians. */
    ACOS(false),
    /** Arctangent, in radians. */
    ATAN(false),
    /** Hyperbolic sine. */
    SINH(false),
    /** Hyperbolic cosine. */
    COSH(false),
    /** Hyperbolic tangent. */
    TANH(false),
    /** Inverse hyperbolic sine. */
    ASINH(false),
    /** Inverse hyperbolic cosine; NaN below 1. */
    ACOSH(false),
    /** Inverse hyperbolic tangent. */
    ATANH(false),
    /** The logistic function {@code 1 / (1 + e^-x)}. */
    SIGMOID(false),
    /** The Gauss error function. */
    ERF(false),
    /** GELU with the exact erf: {@code x * (1 + erf(x / sqrt(2))) / 2} (PyTorch's {@code approximate='none'}). */
    GELU(false),
    /** GELU with PyTorch's {@code approximate='tanh'} formula. */
    GELU_TANH(false),
    /** SiLU (swish): {@code x * sigmoid(x)}. */
    SILU(false),
    /** Mish: {@code x * tanh(softplus(x))}. */
    MISH(false),
    /** {@code log(1 + e^x)}, and {@code x} itself above 20 (PyTorch's default threshold). */
    SOFTPLUS(false),
    /** Rounds toward negative infinity; the identity on integers. */
    FLOOR(true),
    /** Rounds toward positive infinity; the identity on integers. */
    CEIL(true),
    /** Rounds to the nearest integer, halves to even, as {@code torch.round}; the identity on integers. */
    ROUND(true),
    /** Rounds toward zero; the identity on integers. */
    TRUNC(true);

    private final boolean integerOp;

    UnaryOp(boolean integerOp) {
        this.integerOp = integerOp;
    }

    /** {@return true when the op is defined on integer inputs with an integer result} */
    public boolean isIntegerOp() {
        return integerOp;
    }

    /** {@return true when the result is bool whatever the input type} */
    public boolean isPredicate() {
        return this == ISNAN || this == ISINF || this == LOGICAL_NOT;
    }
}
