package dev.arbor.pytorch;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** The bytes of a tensor's values in row-major order, in host memory, for writers. */
final class TensorBytes {
    private TensorBytes() {}

    /** The values of {@code t}, copied to the CPU and made contiguous only when they are not already. */
    static MemorySegment of(Tensor t) throws IOException {
        Tensor c = t.device().equals(Device.CPU) ? t : t.cpu();
        if (!c.isContiguous()) {
            c = c.contiguous();
        }
        if (!(c.storage() instanceof CpuStorage storage)) {
            throw new IOException("cannot save a tensor whose storage is a " + c.storage().getClass().getName());
        }
        long elementSize = c.dtype().byteSize();
        return storage.segment().asSlice(c.offset() * elementSize, c.numel() * elementSize);
    }
}
