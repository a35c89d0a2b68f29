package dev.arbor.hdf5;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Tensors from and to raw bytes, for bit-exact comparisons. */
final class TensorBytes {
    private TensorBytes() {}

    /** The tensor's elements in row-major order, in memory's (native) byte order. */
    static byte[] of(Tensor t) {
        Tensor c = t.contiguous();
        int size = c.dtype().byteSize();
        return ((CpuStorage) c.storage()).segment().asSlice(c.offset() * size, c.numel() * size)
                .toArray(ValueLayout.JAVA_BYTE);
    }

    /** A tensor holding exactly these bytes. */
    static Tensor wrap(byte[] bytes, DType dtype, long... shape) {
        MemorySegment m = Arena.ofAuto().allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return Tensor.wrap(new CpuStorage(m), dtype, shape, Shapes.contiguousStrides(shape), 0);
    }

    /** Random bit patterns (NaN payloads, subnormals, infinities included); bools 0 or 1. */
    static Tensor random(Random rng, DType dtype, long... shape) {
        byte[] b = new byte[Math.toIntExact(Shapes.numel(shape) * dtype.byteSize())];
        rng.nextBytes(b);
        if (dtype == DType.BOOL) {
            for (int i = 0; i < b.length; i++) {
                b[i] &= 1;
            }
        }
        return wrap(b, dtype, shape);
    }
}
