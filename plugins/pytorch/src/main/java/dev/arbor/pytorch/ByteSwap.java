package dev.arbor.pytorch;

import dev.arbor.backend.cpu.CpuStorage;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Copies of memory with the bytes of each element reversed, for files of the other byte order. */
final class ByteSwap {
    private ByteSwap() {}

    /** A new segment holding {@code data} with each {@code elementSize}-byte element's bytes reversed. */
    static MemorySegment swapped(MemorySegment data, int elementSize) {
        MemorySegment out = CpuStorage.allocate(data.byteSize()).segment().asSlice(0, data.byteSize());
        if (elementSize == 1) {
            return out.copyFrom(data);
        }
        long elements = data.byteSize() / elementSize;
        for (long e = 0; e < elements; e++) {
            long base = e * elementSize;
            for (int b = 0; b < elementSize; b++) {
                out.set(ValueLayout.JAVA_BYTE, base + b, data.get(ValueLayout.JAVA_BYTE, base + elementSize - 1 - b));
            }
        }
        return out;
    }
}
