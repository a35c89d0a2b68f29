package dev.arbor.backend;

/**
 * The elementwise binary primitives every backend implements, over two inputs already broadcast to
 * the output's shape (expanded views with zero strides) and already converted to one compute dtype.
 * Comparisons and logical ops write bool; the others write the compute dtype.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b}; on integers it rounds toward negative infinity (the engine promotes for true division). */
    DIV,
    /** {@code a} to the power {@code b}. */
    POW,
    /** The larger of {@code a} and {@code b}, NaN if either is NaN. */
    MAXIMUM,
    /** The smaller of {@code a} and {@code b}, NaN if either is NaN. */
    MINIMUM,
    /** The angle of the point {@code (b, a)} in radians, as {@code atan2(a, b)}; floating point only. */
    ATAN2,
    /** Python's floor division. */
    FLOOR_DIVIDE,
    /** Python's modulus: the result has the divisor's sign (torch.remainder). */
    REMAINDER,
    /** C's fmod: the result has the dividend's sign. */
    FMOD,
    /** {@code a & b}, integer and bool only. */
    BITWISE_AND,
    /** {@code a | b}, integer and bool only. */
    BITWISE_OR,
    /** {@code a ^ b}, integer and bool only. */
    BITWISE_XOR,
    /** {@code a << b}, integer only; 0 when {@code b} is negative or at least 64. */
    SHIFT_LEFT,
    /** {@code a >> b}, integer only, arithmetic for signed types. */
    SHIFT_RIGHT,
    /** {@code a == b} (writes bool). */
    EQ,
    /** {@code a != b} (writes bool). */
    NE,
    /** {@code a < b} (writes bool). */
    LT,
    /** {@code a <= b} (writes bool). */
    LE,
    /** {@code a > b} (writes bool). */
    GT,
    /** {@code a >= b} (writes bool). */
    GE,
    /** True where both are non-zero (writes bool). */
    LOGICAL_AND,
    /** True where either is non-zero (writes bool). */
    LOGICAL_OR,
    /** True where exactly one is non-zero (writes bool). */
    LOGICAL_XOR;

    /** {@return true when the op writes bool (comparisons and logical ops)} */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
