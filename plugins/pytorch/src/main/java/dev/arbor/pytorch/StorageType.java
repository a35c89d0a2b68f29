package dev.arbor.pytorch;

import dev.arbor.tensor.DType;
import java.util.Map;

/**
 * A torch storage class a pickle names, such as {@code torch.FloatStorage}: its element type, or
 * {@code uint8} for {@code torch.UntypedStorage}, whose size counts bytes.
 *
 * @param name the class's dotted name, for messages
 * @param dtype the element type; null for {@code torch.storage.TypedStorage}, which names none
 */
record StorageType(String name, DType dtype) {
    /** The typed storage classes by element type: {@code torch.<name>Storage}, {@code torch.<name>Tensor}. */
    static final Map<DType, String> TYPE_NAMES = Map.of(
            DType.FLOAT64, "Double", DType.FLOAT32, "Float", DType.FLOAT16, "Half", DType.BFLOAT16, "BFloat16",
            DType.INT64, "Long", DType.INT32, "Int", DType.INT16, "Short", DType.INT8, "Char", DType.UINT8, "Byte",
            DType.BOOL, "Bool");

    @Override
    public String toString() {
        return name;
    }
}
