package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.TensorProto.DataType;
import dev.arbor.tensor.DType;

/** The mapping between ONNX's tensor element types and Arbor's dtypes. */
public final class OnnxDataTypes {
    private OnnxDataTypes() {}

    /**
     * {@return the Arbor dtype for an ONNX element type number}
     *
     * @param onnxType an ONNX {@code TensorProto.DataType} number
     * @throws UnsupportedOperationException naming the type, when Arbor has no dtype for it
     */
    public static DType toDType(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        if (t == null) {
            throw new UnsupportedOperationException("unknown ONNX element type number " + onnxType);
        }
        return switch (t) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case INT64 -> DType.INT64;
            case INT32 -> DType.INT32;
            case INT16 -> DType.INT16;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case UINT16 -> DType.UINT16;
            case UINT32 -> DType.UINT32;
            case UINT64 -> DType.UINT64;
            case BOOL -> DType.BOOL;
            default -> throw new UnsupportedOperationException("ONNX element type " + t + " is not supported by Arbor");
        };
    }

    /**
     * {@return the ONNX {@code TensorProto.DataType} number for an Arbor dtype}
     *
     * @param dtype the dtype
     */
    public static int toOnnx(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> DataType.FLOAT_VALUE;
            case FLOAT64 -> DataType.DOUBLE_VALUE;
            case FLOAT16 -> DataType.FLOAT16_VALUE;
            case BFLOAT16 -> DataType.BFLOAT16_VALUE;
            case INT64 -> DataType.INT64_VALUE;
            case INT32 -> DataType.INT32_VALUE;
            case INT16 -> DataType.INT16_VALUE;
            case INT8 -> DataType.INT8_VALUE;
            case UINT8 -> DataType.UINT8_VALUE;
            case UINT16 -> DataType.UINT16_VALUE;
            case UINT32 -> DataType.UINT32_VALUE;
            case UINT64 -> DataType.UINT64_VALUE;
            case BOOL -> DataType.BOOL_VALUE;
        };
    }

    /**
     * {@return true for the floating-point element types, engine-backed or not (float8, float4 included)}
     *
     * @param onnxType an ONNX element type number
     */
    public static boolean isFloat(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        return t != null && (t.name().startsWith("FLOAT") || t == DataType.DOUBLE || t == DataType.BFLOAT16);
    }

    /**
     * {@return the ONNX name of an element type number, such as {@code FLOAT16}, for messages}
     *
     * @param onnxType an ONNX element type number; an unknown one is named {@code type N}
     */
    public static String name(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        return t == null ? "type " + onnxType : t.name();
    }
}
