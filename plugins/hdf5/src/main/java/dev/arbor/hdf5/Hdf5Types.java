package dev.arbor.hdf5;

import dev.arbor.tensor.DType;
import io.jhdf.object.datatype.ArrayDataType;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OpaqueDataType;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.object.datatype.Reference;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HDF5 datatype each {@link DType} is stored as, and the dtype each HDF5 datatype is read as.
 *
 * <p>Every dtype has a native HDF5 type, so h5py and h5dump see values, not bit patterns: integers
 * are little-endian fixed-point types, float16 is IEEE half (h5py's {@code <f2}), bfloat16 is a
 * 16-bit floating-point type with bfloat16's fields (8-bit exponent, 7-bit mantissa; h5py reads it
 * as float32, exactly), and bool is h5py's enum {@code {FALSE: 0, TRUE: 1}} over int8.
 */
final class Hdf5Types {
    private static final int FIXED_POINT = FixedPoint.CLASS_ID;
    private static final int FLOATING_POINT = FloatingPoint.CLASS_ID;
    private static final int ENUM = 8;
    /** HDF5's "mantissa normalization: most significant bit implied" (IEEE). */
    private static final int IMPLIED_MSB = 2;

    /** The fields of an IEEE-style binary floating-point format, in bits. */
    private record FloatLayout(int size, int exponentBits, int mantissaBits, int bias) {
        int signLocation() {
            return size * 8 - 1;
        }

        boolean matches(FloatingPoint t) {
            return t.getSize() == size && t.getBitOffset() == 0 && t.getBitPrecision() == size * 8
                    && t.getSignLocation() == signLocation() && t.getExponentLocation() == mantissaBits
                    && t.getExponentSize() == exponentBits && t.getMantissaLocation() == 0
                    && t.getMantissaSize() == mantissaBits && t.getExponentBias() == bias
                    && t.getMantissaNormalization() == IMPLIED_MSB;
        }
    }

    private static final Map<DType, FloatLayout> FLOATS = Map.of(
            DType.FLOAT16, new FloatLayout(2, 5, 10, 15),
            DType.BFLOAT16, new FloatLayout(2, 8, 7, 127),
            DType.FLOAT32, new FloatLayout(4, 8, 23, 127),
            DType.FLOAT64, new FloatLayout(8, 11, 52, 1023));

    private Hdf5Types() {}

    /** The HDF5 datatype Arbor writes a {@code dtype} tensor as. */
    static EncodedDataType forDType(DType dtype) {
        return switch (dtype.kind()) {
            case FLOAT -> {
                FloatLayout f = FLOATS.get(dtype);
                yield new EncodedDataType(FLOATING_POINT, f.size(), floatingPoint(f));
            }
            case SIGNED -> new EncodedDataType(FIXED_POINT, dtype.byteSize(), fixedPoint(dtype.byteSize(), true));
            case UNSIGNED -> new EncodedDataType(FIXED_POINT, dtype.byteSize(), fixedPoint(dtype.byteSize(), false));
            case BOOL -> new EncodedDataType(ENUM, 1, boolEnum());
        };
    }

    /**
     * The dtype a dataset of this HDF5 datatype reads as.
     *
     * @throws IllegalArgumentException naming the type when no dtype holds it (strings, compounds,
     *     variable-length and array types, references, opaque data, unusual bit layouts)
     */
    static DType dtypeOf(DataType type) {
        return switch (type) {
            case FixedPoint f -> integer(f.getSize(), f.isSigned(), f.getBitOffset(), f.getBitPrecision());
            case FloatingPoint f -> {
                for (Map.Entry<DType, FloatLayout> e : FLOATS.entrySet()) {
                    if (e.getValue().matches(f)) {
                        yield e.getKey();
                    }
                }
                throw new IllegalArgumentException("unsupported HDF5 floating-point layout (" + f.getSize()
                        + " bytes, " + f.getExponentSize() + "-bit exponent, " + f.getMantissaSize()
                        + "-bit mantissa, bias " + f.getExponentBias() + ")");
            }
            case EnumDataType e -> isBoolEnum(e) ? DType.BOOL : switch (e.getBaseType()) {
                case FixedPoint base -> integer(base.getSize(), base.isSigned(), base.getBitOffset(),
                        base.getBitPrecision());
                default -> throw new IllegalArgumentException("unsupported HDF5 enum over a non-integer base type");
            };
            case BitField b when b.getSize() == 1 && b.getBitOffset() == 0 -> DType.BOOL;
            default -> throw new IllegalArgumentException("unsupported HDF5 datatype: " + describe(type)
                    + " (a tensor needs an integer, floating-point or boolean type)");
        };
    }

    /** The byte order of the values of a type {@link #dtypeOf} accepts. */
    static ByteOrder byteOrder(DataType type) {
        DataType t = type instanceof EnumDataType e ? e.getBaseType() : type;
        return t instanceof OrderedDataType o ? o.getByteOrder() : ByteOrder.LITTLE_ENDIAN;
    }

    /** A short human name of an HDF5 datatype class, for error messages. */
    static String describe(DataType type) {
        return switch (type) {
            case StringData s -> "fixed-length string";
            case CompoundDataType c -> "compound";
            case VariableLength v -> v.getJavaType() == String.class ? "variable-length string" : "variable-length sequence";
            case ArrayDataType a -> "array";
            case Reference r -> "reference";
            case OpaqueDataType o -> "opaque";
            case EnumDataType e -> "enum";
            case BitField b -> b.getSize() + "-byte bitfield";
            default -> type.getClass().getSimpleName() + " (class " + type.getDataClass() + ")";
        };
    }

    private static DType integer(int size, boolean signed, int bitOffset, int bitPrecision) {
        if (bitOffset != 0 || bitPrecision != size * 8) {
            throw new IllegalArgumentException("unsupported HDF5 integer with " + bitPrecision + " bits at offset "
                    + bitOffset + " in " + size + " bytes");
        }
        return switch (size) {
            case 1 -> signed ? DType.INT8 : DType.UINT8;
            case 2 -> signed ? DType.INT16 : DType.UINT16;
            case 4 -> signed ? DType.INT32 : DType.UINT32;
            case 8 -> signed ? DType.INT64 : DType.UINT64;
            default -> throw new IllegalArgumentException("unsupported " + size + "-byte HDF5 integer");
        };
    }

    private static boolean isBoolEnum(EnumDataType e) {
        return e.getSize() == 1 && Map.of(0, "FALSE", 1, "TRUE").equals(e.getEnumMapping());
    }

    // ------------------------------------------------------------- encoding (HDF5 spec IV.A.2.d)

    private static ByteBuffer header(int dataClass, int classBits, int size, int propertyBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + propertyBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) (1 << 4 | dataClass)); // version 1
        b.put((byte) classBits).put((byte) (classBits >>> 8)).put((byte) (classBits >>> 16));
        b.putInt(size);
        return b;
    }

    private static byte[] fixedPoint(int size, boolean signed) {
        // class bits: bit 0 byte order (0: little-endian), bit 3 signed
        ByteBuffer b = header(FIXED_POINT, signed ? 1 << 3 : 0, size, 4);
        b.putShort((short) 0).putShort((short) (size * 8));
        return b.array();
    }

    private static byte[] floatingPoint(FloatLayout f) {
        // class bits: bit 0 little-endian, bits 4-5 mantissa normalization, bits 8-15 sign location
        ByteBuffer b = header(FLOATING_POINT, IMPLIED_MSB << 4 | f.signLocation() << 8, f.size(), 12);
        b.putShort((short) 0).putShort((short) (f.size() * 8));
        b.put((byte) f.mantissaBits()).put((byte) f.exponentBits()); // exponent location and size
        b.put((byte) 0).put((byte) f.mantissaBits()); // mantissa location and size
        b.putInt(f.bias());
        return b.array();
    }

    /** h5py's boolean: an enum over int8 with members FALSE = 0 and TRUE = 1. */
    private static byte[] boolEnum() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(ENUM, 2, 1, 0).array()); // class bits: the number of members
        out.writeBytes(fixedPoint(1, true));
        for (String name : new String[] {"FALSE", "TRUE"}) {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(n);
            out.writeBytes(new byte[8 - n.length % 8]); // NUL-terminated, padded to 8 bytes (version 1)
        }
        out.write(0);
        out.write(1);
        return out.toByteArray();
    }
}
