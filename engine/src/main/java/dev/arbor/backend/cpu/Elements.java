package dev.arbor.backend.cpu;

import dev.arbor.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes single elements of any dtype in host memory, converting as PyTorch does on x86:
 * <ul>
 *   <li>floating to integer truncates toward zero; to int64 and the unsigned types the value goes
 *       through int64, where NaN and out-of-range values give int64's minimum, to int32, int16 and int8
 *       through int32 the same way; then it wraps to the type's width, so 300.0 becomes 44 as uint8
 *       and -1.0 becomes 255;</li>
 *   <li>integer to integer wraps to the type's width; anything to bool is "not zero" (NaN is true);</li>
 *   <li>to float32 rounds once to nearest even (int64 directly, not through double); to float16 and
 *       bfloat16 through float32, then to nearest even, overflowing to infinity.</li>
 * </ul>
 * The generic (slow) kernel paths compute integers as {@code long} and floating values as
 * {@code double} through these.
 */
public final class Elements {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Elements() {}

    /**
     * {@return element {@code index} (in elements, not bytes) as a double}
     *
     * @param s the memory
     * @param t its dtype
     * @param index the element index (in elements, not bytes)
     */
    public static double getDouble(MemorySegment s, DType t, long index) {
        return switch (t) {
            case FLOAT32 -> s.getAtIndex(F32, index);
            case FLOAT64 -> s.getAtIndex(F64, index);
            case FLOAT16 -> Float.float16ToFloat(s.getAtIndex(I16, index));
            case BFLOAT16 -> bf16ToFloat(s.getAtIndex(I16, index));
            case UINT64 -> unsignedToDouble(s.getAtIndex(I64, index));
            default -> getLong(s, t, index);
        };
    }

    /**
     * {@return element {@code index} as a long; floating values are truncated toward zero}
     *
     * @param s the memory
     * @param t its dtype
     * @param index the element index (in elements, not bytes)
     */
    public static long getLong(MemorySegment s, DType t, long index) {
        return switch (t) {
            case INT64, UINT64 -> s.getAtIndex(I64, index);
            case INT32 -> s.getAtIndex(I32, index);
            case UINT32 -> Integer.toUnsignedLong(s.getAtIndex(I32, index));
            case INT16 -> s.getAtIndex(I16, index);
            case UINT16 -> Short.toUnsignedInt(s.getAtIndex(I16, index));
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, index);
            case UINT8 -> Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, index));
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, index) != 0 ? 1 : 0;
            default -> doubleToLong(getDouble(s, t, index));
        };
    }

    /**
     * Stores {@code v} converted to {@code t}.
     *
     * @param s the memory
     * @param t its dtype
     * @param index the element index (in elements, not bytes)
     * @param v the value
     */
    public static void setDouble(MemorySegment s, DType t, long index, double v) {
        switch (t) {
            case FLOAT32 -> s.setAtIndex(F32, index, (float) v);
            case FLOAT64 -> s.setAtIndex(F64, index, v);
            case FLOAT16 -> s.setAtIndex(I16, index, Float.floatToFloat16((float) v));
            case BFLOAT16 -> s.setAtIndex(I16, index, floatToBf16((float) v));
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, index, (byte) (v != 0 ? 1 : 0));
            case INT64, UINT64, UINT32, UINT16, UINT8 -> setLong(s, t, index, doubleToLong(v));
            default -> setLong(s, t, index, doubleToInt(v));
        }
    }

    /**
     * Stores {@code v} converted to {@code t}: integers wrap to the type's width.
     *
     * @param s the memory
     * @param t its dtype
     * @param index the element index (in elements, not bytes)
     * @param v the value
     */
    public static void setLong(MemorySegment s, DType t, long index, long v) {
        switch (t) {
            case INT64, UINT64 -> s.setAtIndex(I64, index, v);
            case INT32, UINT32 -> s.setAtIndex(I32, index, (int) v);
            case INT16, UINT16 -> s.setAtIndex(I16, index, (short) v);
            case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, index, (byte) v);
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, index, (byte) (v != 0 ? 1 : 0));
            case FLOAT64 -> s.setAtIndex(F64, index, (double) v);
            case FLOAT32 -> s.setAtIndex(F32, index, (float) v);
            case FLOAT16 -> s.setAtIndex(I16, index, Float.floatToFloat16((float) v));
            case BFLOAT16 -> s.setAtIndex(I16, index, floatToBf16((float) v));
        }
    }

    /**
     * {@return bfloat16 bits to float}
     *
     * @param bits the bfloat16 bits
     */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * {@return float to bfloat16 bits, rounding to nearest even and keeping NaN a NaN}
     *
     * @param f the value
     */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /**
     * Truncation toward zero as x86's {@code cvttsd2si} does it: NaN and values outside the int64 range
     * give {@code Long.MIN_VALUE}; values in [2<sup>63</sup>, 2<sup>64</sup>) keep their uint64 bits.
     */
    static long doubleToLong(double v) {
        if (v >= 0x1p63 && v < 0x1p64) {
            return (long) (v - 0x1p63) ^ Long.MIN_VALUE;
        }
        return v >= -0x1p63 && v < 0x1p63 ? (long) v : Long.MIN_VALUE;
    }

    /** Truncation to int32 as x86's {@code cvttss2si} does it: NaN and out-of-range values give int32's minimum. */
    static long doubleToInt(double v) {
        return v > -0x1p31 - 1 && v < 0x1p31 ? (int) v : Integer.MIN_VALUE;
    }

    /** An unsigned 64-bit value as a double. */
    static double unsignedToDouble(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }
}
