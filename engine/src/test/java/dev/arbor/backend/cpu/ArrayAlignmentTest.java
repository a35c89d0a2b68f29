package dev.arbor.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;

class ArrayAlignmentTest {
    /**
     * The element {@code firstAligned} names starts a 64-byte line: the C library's {@code memchr}, asked
     * for a byte that only that element's first byte holds, finds it at a multiple of 64.
     */
    @Test
    void theFirstAlignedElementStartsALine() throws Throwable {
        assumeTrue(ArrayAlignment.class.getModule().isNativeAccessEnabled(), "the address needs native access");
        Linker linker = Linker.nativeLinker();
        MethodHandle memchr = linker.downcallHandle(linker.defaultLookup().find("memchr").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG), Linker.Option.critical(true));
        for (int size : new int[] {20, 33, 100, 1000}) {
            float[] array = new float[size];
            int first = ArrayAlignment.firstAligned(array);
            assertTrue(first >= 0 && first < 16, "an index within a line: " + first);
            // 0x3f8000ab: the byte 0xab first in memory on a little-endian machine, then 0x00 0x80 0x3f
            array[first] = Float.intBitsToFloat(0x3f8000ab);
            MemorySegment heap = MemorySegment.ofArray(array);
            long address = ((MemorySegment) memchr.invokeExact(heap, 0xab, heap.byteSize())).address();
            assertEquals(0, address % 64, "float[" + size + "], element " + first);
        }
    }
}
