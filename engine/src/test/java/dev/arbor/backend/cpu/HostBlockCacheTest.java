package dev.arbor.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class HostBlockCacheTest {
    private static final long BYTES = 3 << 20;

    @Test
    void sizeClassesAreSixtyFourBytesThenEighthsOfAPowerOfTwo() {
        assertEquals(64, HostBlockCache.sizeClass(1));
        assertEquals(128, HostBlockCache.sizeClass(65));
        assertEquals(1 << 20, HostBlockCache.sizeClass(1 << 20));
        assertEquals((1 << 20) + (1 << 17), HostBlockCache.sizeClass((1 << 20) + 1));
        assertEquals(3 << 20, HostBlockCache.sizeClass(BYTES));
    }

    @Test
    void reusedMemoryIsZeroedForZeroedAllocationsAndTensorZeros() {
        assumeTrue(CpuBackend.class.getModule().isNativeAccessEnabled(), "the cache needs native access");
        CpuBackend.emptyCache();
        assertTrue(dropAndCollect(), "an unreachable storage's block comes back to the cache");
        MemorySegment zeroed = CpuStorage.allocate(BYTES).segment();
        assertEquals(BYTES, zeroed.byteSize());
        assertEquals(-1, zeroed.mismatch(MemorySegment.ofArray(new byte[(int) BYTES])), "allocate gives zeros");
        assertTrue(dropAndCollect());
        Tensor zeros = Tensor.zeros(DType.FLOAT32, BYTES / Float.BYTES);
        assertEquals(0.0, zeros.abs().sum().item());
        CpuBackend.emptyCache();
        assertEquals(0, CpuBackend.cachedBytes());
    }

    @Test
    void freshMemoryIsZeroedWhenAskedAndEmptyAllocationsWork() {
        // fresh blocks come from the C library unzeroed: zeroed allocations must fill them
        CpuBackend.emptyCache();
        MemorySegment zeroed = CpuStorage.allocate(BYTES + 64).segment();
        assertEquals(-1, zeroed.mismatch(MemorySegment.ofArray(new byte[(int) (BYTES + 64)])), "fresh allocate gives zeros");
        assertEquals(0.0, Tensor.zeros(DType.FLOAT32, BYTES / Float.BYTES + 32).abs().sum().item());
        assertTrue(CpuStorage.allocate(0).segment().byteSize() <= 1, "an empty storage allocates");
        assertEquals(0, Tensor.zeros(DType.FLOAT32, 0).numel());
    }

    /** Fills a block with non-zero bytes, drops it and runs the GC until the cache holds it (or gives up). */
    private static boolean dropAndCollect() {
        CpuStorage.allocateUninitialized(BYTES).segment().fill((byte) 0x55);
        for (int i = 0; i < 50 && CpuBackend.cachedBytes() < BYTES; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return CpuBackend.cachedBytes() >= BYTES;
    }
}
