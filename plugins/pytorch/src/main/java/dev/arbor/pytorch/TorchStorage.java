package dev.arbor.pytorch;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;

/**
 * A storage that a checkpoint's persistent ids name: its element type and size, and its memory. The
 * memory is absent while the legacy reader only scans a pickle to learn which storages it needs.
 *
 * @param key the storage's key in the checkpoint ({@code data/KEY} in a zip checkpoint)
 * @param dtype the element type
 * @param numel the number of elements
 * @param memory the bytes, {@code numel * dtype.byteSize()} of them; null while scanning
 */
record TorchStorage(String key, DType dtype, long numel, CpuStorage memory) {
    /** The most dimensions a tensor in a checkpoint may have. */
    static final int MAX_RANK = 64;

    /** What a tensor rebuild gives while the legacy reader only scans a pickle. */
    static final Object UNBOUND_TENSOR = new Object() {
        @Override
        public String toString() {
            return "tensor";
        }
    };

    /** The same bytes seen as {@code type} elements (an untyped storage used by {@code _rebuild_tensor_v3}). */
    TorchStorage retype(DType type) {
        return new TorchStorage(key, type, numel * dtype.byteSize() / type.byteSize(), memory);
    }

    /**
     * A tensor viewing this storage, after checking that the view stays inside it; {@link #UNBOUND_TENSOR}
     * while scanning.
     */
    Object view(long offset, long[] shape, long[] stride, String function) throws UnpicklingException {
        int rank = Math.max(shape.length, stride.length);
        if (rank > MAX_RANK) {
            throw new UnpicklingException(function + ": " + rank + " dimensions; at most " + MAX_RANK + " are supported");
        }
        if (shape.length != stride.length) {
            throw new UnpicklingException(function + ": size " + Shapes.str(shape) + " and stride " + Shapes.str(stride)
                    + " differ in length");
        }
        if (offset < 0) {
            throw new UnpicklingException(function + ": negative storage offset " + offset);
        }
        long last = offset;
        boolean empty = false;
        try {
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0 || stride[i] < 0) {
                    throw new UnpicklingException(function + ": negative size or stride in size " + Shapes.str(shape)
                            + ", stride " + Shapes.str(stride));
                }
                empty |= shape[i] == 0;
                if (shape[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
                }
            }
        } catch (ArithmeticException e) {
            throw new UnpicklingException(function + ": size " + Shapes.str(shape) + " with stride " + Shapes.str(stride)
                    + " overflows");
        }
        long needed = empty ? offset : last + 1;
        if (needed > numel) {
            throw new UnpicklingException(function + ": a view with offset " + offset + ", size " + Shapes.str(shape)
                    + " and stride " + Shapes.str(stride) + " needs " + needed + " elements, but storage '" + key
                    + "' holds " + numel + " " + dtype + " elements");
        }
        if (memory == null) {
            return UNBOUND_TENSOR;
        }
        return Tensor.wrap(memory, dtype, shape, stride, offset);
    }
}
