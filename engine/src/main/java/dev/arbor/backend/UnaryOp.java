package dev.arbor.backend;

/**
 * The elementwise unary primitives every backend implements. The result has the input's dtype,
 * except for the predicates ({@link #ISNAN}, {@link #ISINF}, {@link #LOGICAL_NOT}), which give bool.
 * Integer inputs are valid only where the op is exact on integers ({@link #isIntegerOp()}); the engine
 * promotes integers to the default float type for the others, as PyTorch does.
 */
public enum UnaryOp {
    NEG(true), ABS(true), SIGN(true), SQUARE(true), BITWISE_NOT(true), LOGICAL_NOT(true),
    ISNAN(true), ISINF(true), RELU(true),
    EXP(false), EXPM1(false), LOG(false), LOG1P(false), LOG2(false), SQRT(false), RSQRT(false),
    RECIPROCAL(false), SIN(false), COS(false), TAN(false), ASIN(false), ACOS(false), ATAN(false),
    SINH(false), COSH(false), TANH(false), ASINH(false), ACOSH(false), ATANH(false),
    SIGMOID(false), ERF(false), GELU(false), GELU_TANH(false), SILU(false), MISH(false),
    SOFTPLUS(false), FLOOR(true), CEIL(true), ROUND(true), TRUNC(true);

    private final boolean integerOp;

    UnaryOp(boolean integerOp) {
        this.integerOp = integerOp;
    }

    /** True when the op is defined on integer inputs with an integer result. */
    public boolean isIntegerOp() {
        return integerOp;
    }

    /** True when the result is bool whatever the input type. */
    public boolean isPredicate() {
        return this == ISNAN || this == ISINF || this == LOGICAL_NOT;
    }
}
