package dev.arbor.backend;

/**
 * The elementwise binary primitives every backend implements, over two inputs already broadcast to
 * the output's shape (expanded views with zero strides) and already converted to one compute dtype.
 * Comparisons and logical ops write bool; the others write the compute dtype.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2,
    /** Python's floor division. */
    FLOOR_DIVIDE,
    /** Python's modulus: the result has the divisor's sign (torch.remainder). */
    REMAINDER,
    /** C's fmod: the result has the dividend's sign. */
    FMOD,
    BITWISE_AND, BITWISE_OR, BITWISE_XOR, SHIFT_LEFT, SHIFT_RIGHT,
    EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR;

    /** True when the op writes bool. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
