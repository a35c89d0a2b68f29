package dev.arbor.backend.cpu;

import dev.arbor.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes single elements of any dtype in host memory, converting with PyTorch's rules:
 * floating to integer truncates toward zero and wraps to the type's width, anything to bool is
 * "not zero", float32 to float16 and bfloat16 rounds to nearest even. The generic (slow) kernel
 * paths compute integers as {@code long} and floating values as {@code double} through these.
 */
public final class Elements {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Elements() {}

    /** Element {@code index} (in elements, not bytes) as a double. */
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

    /** Element {@code index} as a long; floating values are truncated toward zero. */
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

    /** Stores {@code v} converted to {@code t}. */
    public static void setDouble(MemorySegment s, DType t, long index, double v) {
        switch (t) {
            case FLOAT32 -> s.setAtIndex(F32, index, (float) v);
            case FLOAT64 -> s.setAtIndex(F64, index, v);
            case FLOAT16 -> s.setAtIndex(I16, index, Float.floatToFloat16((float) v));
            case BFLOAT16 -> s.setAtIndex(I16, index, floatToBf16((float) v));
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, index, (byte) (v != 0 ? 1 : 0));
            default -> setLong(s, t, index, doubleToLong(v));
        }
    }

    /** Stores {@code v} converted to {@code t}: integers wrap to the type's width. */
    public static void setLong(MemorySegment s, DType t, long index, long v) {
        switch (t) {
            case INT64, UINT64 -> s.setAtIndex(I64, index, v);
            case INT32, UINT32 -> s.setAtIndex(I32, index, (int) v);
            case INT16, UINT16 -> s.setAtIndex(I16, index, (short) v);
            case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, index, (byte) v);
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, index, (byte) (v != 0 ? 1 : 0));
            default -> setDouble(s, t, index, (double) v);
        }
    }

    /** bfloat16 bits to float. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** float to bfloat16 bits, rounding to nearest even and keeping NaN a NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** C-style truncation; NaN gives 0 and out-of-range values saturate (Java's rule). */
    static long doubleToLong(double v) {
        if (v >= 0x1p63 && v < 0x1p64) {
            // values in the uint64 range keep their bits, as a conversion to uint64 would
            return (long) (v - 0x1p63) ^ Long.MIN_VALUE;
        }
        return (long) v;
    }

    /** An unsigned 64-bit value as a double. */
    static double unsignedToDouble(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }
}
