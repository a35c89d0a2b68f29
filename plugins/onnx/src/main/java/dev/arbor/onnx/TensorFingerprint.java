package dev.arbor.onnx;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * A tensor's identity and contents, for values kept while what they were computed from is unchanged:
 * equal fingerprints mean the same view of the same storage at the same version (an in-place write or
 * a replaced storage changes it).
 */
record TensorFingerprint(Storage storage, int version, long offset, DType dtype, long[] shape, long[] strides) {
    /** {@return the fingerprint of {@code t}, or null for null} */
    static TensorFingerprint of(Tensor t) {
        return t == null ? null : new TensorFingerprint(t.storage(), t.version(), t.offset(), t.dtype(), t.shape(),
                t.strides());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorFingerprint f && storage == f.storage && version == f.version && offset == f.offset
                && dtype == f.dtype && Arrays.equals(shape, f.shape) && Arrays.equals(strides, f.strides);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(storage) * 31 + version;
    }
}
