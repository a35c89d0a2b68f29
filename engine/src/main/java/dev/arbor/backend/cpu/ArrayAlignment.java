package dev.arbor.backend.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Where a Java float array's elements lie against the vector-sized lines of memory. A vector load or
 * store that straddles two cache lines costs about twice one inside a line; the JVM places an array's
 * elements at an address that changes from JVM to JVM (and when the collector moves it), so a kernel
 * that reads its scratch arrays in whole vectors ran at one of two speeds for a JVM's life (a depthwise
 * block of 8 positions, 9 taps: 5.4-5.7 us per 256 blocks where the vectors were aligned, 8.4-8.7 where
 * they were not, in every JVM tried). Such a kernel starts its vectors at {@link #firstAligned}.
 *
 * <p>The address comes from the C library's {@code memmove} called on the array with nothing to move,
 * which returns its destination: a call the linker allows on heap memory ({@code critical}), where
 * native access is enabled; elsewhere every array is taken as aligned.
 */
final class ArrayAlignment {
    /** Bytes of a line: an AVX-512 vector and a cache line. */
    private static final int LINE = 64;
    private static final MethodHandle MEMMOVE = memmove();

    private ArrayAlignment() {}

    private static MethodHandle memmove() {
        if (!ArrayAlignment.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor signature = FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
        return linker.defaultLookup().find("memmove")
                .map(f -> linker.downcallHandle(f, signature, Linker.Option.critical(true))).orElse(null);
    }

    /**
     * {@return the index of {@code array}'s first element that starts a line now}, from 0 to 15; 0 where
     * the address cannot be known. The collector may move the array later, which costs speed only.
     */
    static int firstAligned(float[] array) {
        if (MEMMOVE == null) {
            return 0;
        }
        MemorySegment heap = MemorySegment.ofArray(array);
        long address;
        try {
            address = ((MemorySegment) MEMMOVE.invokeExact(heap, heap, 0L)).address();
        } catch (Throwable e) {
            throw new IllegalStateException("memmove() failed", e);
        }
        return (int) ((-address & (LINE - 1)) / Float.BYTES);
    }
}
