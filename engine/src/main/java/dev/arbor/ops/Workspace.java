package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-thread scratch memory for the temporary buffers of kernels (convolution's im2col columns),
 * reused from call to call: fresh memory costs a page fault per page on first touch, which for a
 * convolution's column buffer cost as much as the matrix multiply itself. Buffers are held softly,
 * so the collector may take them back under memory pressure.
 *
 * <p>A buffer's contents are undefined, and it is valid only until the same thread asks for another
 * buffer of its device and dtype: callers use it within one kernel and never hand it out.
 */
final class Workspace {
    private record Key(Device device, DType dtype) {}

    private static final ThreadLocal<Map<Key, SoftReference<Tensor>>> BUFFERS = ThreadLocal.withInitial(HashMap::new);

    private Workspace() {}

    /** A contiguous scratch tensor of {@code shape}, backed by this thread's buffer for the device and dtype. */
    static Tensor get(DType dtype, Device device, long... shape) {
        long numel = Shapes.numel(shape);
        Map<Key, SoftReference<Tensor>> buffers = BUFFERS.get();
        Key key = new Key(device, dtype);
        SoftReference<Tensor> ref = buffers.get(key);
        Tensor buffer = ref == null ? null : ref.get();
        if (buffer == null || buffer.numel() < numel) {
            // kept across calls, so no memory scope of the caller's may release it
            try (MemoryScope outside = MemoryScope.suspend()) {
                buffer = Tensor.empty(dtype, device, numel);
            }
            buffers.put(key, new SoftReference<>(buffer));
        }
        return buffer.narrow(0, 0, numel).view(shape);
    }
}
