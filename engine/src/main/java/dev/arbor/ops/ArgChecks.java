package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;

/** Argument checks shared by the functional ops, with PyTorch's wording. */
final class ArgChecks {
    private ArgChecks() {}

    /** Rejects a non-floating input of an op that PyTorch only defines for floating types. */
    static void floating(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + x.dtype().legacyName()
                    + "' (input of shape " + dev.arbor.tensor.Shapes.str(x.shape()) + ")");
        }
    }

    /** The dtype reduced-precision inputs are computed in (float32), others their own. */
    static DType computeType(DType dtype) {
        return dtype == DType.FLOAT16 || dtype == DType.BFLOAT16 ? DType.FLOAT32 : dtype;
    }

    /** A 0-d tensor of {@code value} with {@code like}'s dtype and device, for where() branches. */
    static Tensor scalarLike(double value, Tensor like) {
        return Tensor.full(value, like.dtype(), like.device());
    }
}
