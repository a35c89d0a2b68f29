package dev.arbor.tensor;

import java.util.Locale;

/**
 * Element types of a {@link Tensor}, with PyTorch's names and promotion rules.
 *
 * <p>The unsigned 16/32/64-bit types exist for ONNX models and NumPy files; PyTorch has them with
 * limited support, and so does Arbor: arithmetic on them works, with unsigned comparison and
 * division, but they never win a promotion against a signed type of the same width other than by
 * PyTorch's rule (a wider signed type).
 */
public enum DType {
    /** IEEE single precision, PyTorch's default floating type. */
    FLOAT32("float32", 4, Kind.FLOAT),
    /** IEEE double precision. */
    FLOAT64("float64", 8, Kind.FLOAT),
    /** IEEE half precision. */
    FLOAT16("float16", 2, Kind.FLOAT),
    /** Brain floating point: float32's exponent with 8 bits of mantissa. */
    BFLOAT16("bfloat16", 2, Kind.FLOAT),
    /** 64-bit signed integers, PyTorch's default integer type (indices). */
    INT64("int64", 8, Kind.SIGNED),
    /** 32-bit signed integers. */
    INT32("int32", 4, Kind.SIGNED),
    /** 16-bit signed integers. */
    INT16("int16", 2, Kind.SIGNED),
    /** 8-bit signed integers. */
    INT8("int8", 1, Kind.SIGNED),
    /** 8-bit unsigned integers (bytes, images). */
    UINT8("uint8", 1, Kind.UNSIGNED),
    /** 16-bit unsigned integers. */
    UINT16("uint16", 2, Kind.UNSIGNED),
    /** 32-bit unsigned integers. */
    UINT32("uint32", 4, Kind.UNSIGNED),
    /** 64-bit unsigned integers (values above 2<sup>63</sup> read as negative through {@code long}). */
    UINT64("uint64", 8, Kind.UNSIGNED),
    /** Booleans, one byte each, 0 or 1. */
    BOOL("bool", 1, Kind.BOOL);

    /** Categories used by type promotion: bool &lt; integers &lt; floating point. */
    public enum Kind {
        /** bool. */
        BOOL,
        /** The unsigned integer types. */
        UNSIGNED,
        /** The signed integer types. */
        SIGNED,
        /** The floating point types. */
        FLOAT
    }

    private final String typeName;
    private final int byteSize;
    private final Kind kind;

    DType(String typeName, int byteSize, Kind kind) {
        this.typeName = typeName;
        this.byteSize = byteSize;
        this.kind = kind;
    }

    /** {@return the name PyTorch and NumPy use, such as {@code float32}} */
    public String typeName() {
        return typeName;
    }

    /** {@return the bytes per element} */
    public int byteSize() {
        return byteSize;
    }

    /** {@return the promotion category} */
    public Kind kind() {
        return kind;
    }

    /** {@return true for float32, float64, float16 and bfloat16} */
    public boolean isFloatingPoint() {
        return kind == Kind.FLOAT;
    }

    /** {@return true for the signed and unsigned integer types (not bool)} */
    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    /** {@return true for the unsigned integer types} */
    public boolean isUnsigned() {
        return kind == Kind.UNSIGNED;
    }

    /**
     * PyTorch's scalar-type name as its messages print it ({@code Float}, {@code Long}, ...); the types
     * PyTorch 1.13 lacks print their dtype name.
     *
     * @return the name
     */
    public String legacyName() {
        return switch (this) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case INT16 -> "Short";
            case INT8 -> "Char";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
            default -> typeName;
        };
    }

    @Override
    public String toString() {
        return typeName;
    }

    /**
     * Parses a dtype name as PyTorch or NumPy spells it ({@code float}, {@code torch.half}, {@code int64}, ...).
     *
     * @param name the name
     * @return the dtype
     * @throws IllegalArgumentException for a name that is not a dtype
     */
    public static DType parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("torch.")) {
            n = n.substring(6);
        }
        return switch (n) {
            case "float32", "float", "f32", "single" -> FLOAT32;
            case "float64", "double", "f64" -> FLOAT64;
            case "float16", "half", "f16" -> FLOAT16;
            case "bfloat16", "bf16" -> BFLOAT16;
            case "int64", "long", "i64" -> INT64;
            case "int32", "int", "i32" -> INT32;
            case "int16", "short", "i16" -> INT16;
            case "int8", "i8" -> INT8;
            case "uint8", "u8", "byte" -> UINT8;
            case "uint16", "u16" -> UINT16;
            case "uint32", "u32" -> UINT32;
            case "uint64", "u64" -> UINT64;
            case "bool", "boolean" -> BOOL;
            default -> throw new IllegalArgumentException("unknown dtype '" + name + "'; expected one of "
                    + java.util.Arrays.toString(values()));
        };
    }

    /**
     * The type two tensors of these types promote to, as {@code torch.promote_types}: the higher
     * category wins; within a category the wider type; float16 with bfloat16 gives float32; an
     * unsigned with a signed integer gives the signed type wide enough for both (int64 at most).
     *
     * @param a the first type
     * @param b the second type
     * @return the type two tensors of these types promote to, as {@code torch.promote_types}: the higher category wins; within a category the wider type; float16 with bfloat16 gives float32; an unsigned with a signed integer gives the signed type wide enough for both (int64 at most)
     */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.kind != b.kind) {
            if (a.kind.ordinal() < b.kind.ordinal()) {
                DType t = a;
                a = b;
                b = t;
            }
            // a has the higher category
            if (a.kind == Kind.SIGNED && b.kind == Kind.UNSIGNED) {
                return signedFor(Math.max(a.byteSize, b.byteSize * 2));
            }
            return a;
        }
        return switch (a.kind) {
            case FLOAT -> {
                if (a.byteSize == 2 && b.byteSize == 2) {
                    yield FLOAT32;
                }
                yield a.byteSize >= b.byteSize ? a : b;
            }
            case SIGNED, UNSIGNED -> a.byteSize >= b.byteSize ? a : b;
            case BOOL -> BOOL;
        };
    }

    private static DType signedFor(int bytes) {
        return switch (bytes) {
            case 1 -> INT8;
            case 2 -> INT16;
            case 4 -> INT32;
            default -> INT64;
        };
    }
}
