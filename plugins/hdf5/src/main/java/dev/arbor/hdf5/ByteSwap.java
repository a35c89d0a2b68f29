package dev.arbor.hdf5;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Reverses the byte order of every element of a memory block, in place. */
final class ByteSwap {
    private ByteSwap() {}

    /** Swaps {@code segment}, a run of {@code elementSize}-byte values (1, 2, 4 or 8). */
    static void inPlace(MemorySegment segment, int elementSize) {
        long n = segment.byteSize() / elementSize;
        switch (elementSize) {
            case 1 -> { }
            case 2 -> {
                ValueLayout.OfShort l = ValueLayout.JAVA_SHORT_UNALIGNED;
                for (long i = 0; i < n; i++) {
                    segment.setAtIndex(l, i, Short.reverseBytes(segment.getAtIndex(l, i)));
                }
            }
            case 4 -> {
                ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED;
                for (long i = 0; i < n; i++) {
                    segment.setAtIndex(l, i, Integer.reverseBytes(segment.getAtIndex(l, i)));
                }
            }
            case 8 -> {
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG_UNALIGNED;
                for (long i = 0; i < n; i++) {
                    segment.setAtIndex(l, i, Long.reverseBytes(segment.getAtIndex(l, i)));
                }
            }
            default -> throw new IllegalArgumentException("cannot swap " + elementSize + "-byte elements");
        }
    }

    /** True when values stored in {@code order} must be swapped to be read natively. */
    static boolean needed(ByteOrder order) {
        return order != ByteOrder.nativeOrder();
    }
}
