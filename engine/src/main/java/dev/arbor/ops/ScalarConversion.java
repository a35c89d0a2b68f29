package dev.arbor.ops;

import dev.arbor.tensor.DType;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Converting a Java number into a tensor's dtype with PyTorch's overflow check (c10's
 * {@code checked_convert}), as {@code torch.full}, {@code fill_}, {@code masked_fill} and
 * {@code clamp} convert their scalar. Arithmetic with a scalar operand ({@code x + 300}) is not
 * checked: there PyTorch, and Arbor, wrap.
 *
 * <p>The rule is PyTorch's: an integer (Java's {@code byte}, {@code short}, {@code int}, {@code long},
 * Python's {@code int}) must lie within the dtype's range, except that a negative one may wrap into an
 * unsigned type down to minus its maximum ({@code -1} becomes 255 as uint8, {@code -256} overflows);
 * a floating value ({@code float}, {@code double}) must lie within the range exactly (255.5 overflows
 * uint8), with infinities and NaN allowed for the floating types only; nothing overflows bool.
 * One difference: exactly 2<sup>63</sup> (and 2<sup>64</sup> into uint64) overflows here, where
 * PyTorch's comparison lets it through to an undefined conversion.
 */
final class ScalarConversion {
    private static final double TWO_63 = 0x1p63;
    private static final double TWO_64 = 0x1p64;

    private ScalarConversion() {}

    /**
     * Returns {@code value} as the backends fill it (a {@code Long} for any integer class, the value
     * itself otherwise), after PyTorch's overflow check for {@code dtype}.
     *
     * @throws IllegalArgumentException with PyTorch's message when the value does not fit
     */
    static Number checked(Number value, DType dtype) {
        if (value instanceof BigInteger big) {
            if (big.bitLength() > 63) {
                throw new IllegalArgumentException("Overflow when unpacking long (the value " + big
                        + " is outside int64, the range of a scalar)");
            }
            value = big.longValue();
        } else if (value instanceof AtomicInteger || value instanceof AtomicLong) {
            value = value.longValue();
        }
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte;
        boolean fits = integral ? integerFits(value.longValue(), dtype) : floatingFits(value.doubleValue(), dtype);
        if (!fits) {
            throw new IllegalArgumentException("value cannot be converted to type " + cppName(dtype)
                    + " without overflow (the value " + value + " is outside the range of " + dtype + ")");
        }
        return integral ? (Number) value.longValue() : value;
    }

    /**
     * {@return a Java {@code double} argument as the Python scalar it stands for where PyTorch's
     * argument is a {@code Scalar}: an integral value within int64 as a {@code Long} (a Java
     * {@code int} literal widened to {@code double}, as {@code masked_fill(mask, -1)}), any other
     * value as a {@code Double}}
     */
    static Number pythonScalar(double v) {
        return v == Math.rint(v) && v >= -TWO_63 && v < TWO_63 ? (Number) (long) v : (Number) v;
    }

    private static boolean integerFits(long v, DType dtype) {
        return switch (dtype) {
            case BOOL, INT64, UINT64, FLOAT32, FLOAT64, BFLOAT16 -> true;
            case FLOAT16 -> v >= -65504 && v <= 65504;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            // a negative value wraps, as two's complement arithmetic does, down to minus the maximum
            case UINT8, UINT16, UINT32 -> v >= -unsignedMax(dtype) && v <= unsignedMax(dtype);
        };
    }

    private static boolean floatingFits(double v, DType dtype) {
        if (dtype.isFloatingPoint() && (Double.isInfinite(v) || Double.isNaN(v))) {
            return true;
        }
        // each test is written so that NaN fails it
        return switch (dtype) {
            case BOOL, FLOAT64 -> true;
            case FLOAT32 -> Math.abs(v) <= Float.MAX_VALUE;
            case FLOAT16 -> Math.abs(v) <= 65504;
            case BFLOAT16 -> Math.abs(v) <= Float.intBitsToFloat(0x7f7f0000);
            case INT64 -> v >= -TWO_63 && v < TWO_63;
            case UINT64 -> v >= 0 && v < TWO_64;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case UINT8, UINT16, UINT32 -> v >= 0 && v <= unsignedMax(dtype);
        };
    }

    private static long unsignedMax(DType dtype) {
        return (1L << (8 * dtype.byteSize())) - 1;
    }

    /** The C++ type PyTorch's message names. */
    private static String cppName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case FLOAT16 -> "at::Half";
            case BFLOAT16 -> "at::BFloat16";
            case INT32 -> "int";
            case BOOL -> "bool";
            default -> dtype.typeName() + "_t";
        };
    }
}
