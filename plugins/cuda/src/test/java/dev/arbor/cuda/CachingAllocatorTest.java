package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caching allocator's rounding, splitting, merging, reuse and release, on a fake device. */
class CachingAllocatorTest {
    /** A device with {@code capacity} bytes handing out addresses from a counter. */
    static final class FakeMemory implements CachingAllocator.DeviceMemory {
        final long capacity;
        final Map<Long, Long> live = new LinkedHashMap<>();
        final List<Long> requests = new ArrayList<>();
        long next = 1L << 32;

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        long used() {
            return live.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public long allocate(long bytes) {
            requests.add(bytes);
            if (used() + bytes > capacity) {
                return 0;
            }
            long a = next;
            next += bytes + (1L << 20);
            live.put(a, bytes);
            return a;
        }

        @Override
        public void free(long address) {
            assertTrue(live.remove(address) != null, "freed an address that was not allocated");
        }

        @Override
        public String describe() {
            return "GPU 0; " + CachingAllocator.mib(capacity) + " total capacity";
        }
    }

    private static final long MIB = 1L << 20;

    @Test
    void sizesRoundUpTo512AndSegmentsFollowPyTorchsPools() {
        assertEquals(512, CachingAllocator.roundSize(0));
        assertEquals(512, CachingAllocator.roundSize(1));
        assertEquals(512, CachingAllocator.roundSize(512));
        assertEquals(1024, CachingAllocator.roundSize(513));
        assertEquals(2 * MIB, CachingAllocator.segmentSize(512));
        assertEquals(2 * MIB, CachingAllocator.segmentSize(MIB));
        assertEquals(20 * MIB, CachingAllocator.segmentSize(MIB + 512));
        assertEquals(20 * MIB, CachingAllocator.segmentSize(10 * MIB - 512));
        assertEquals(10 * MIB, CachingAllocator.segmentSize(10 * MIB));
        assertEquals(12 * MIB, CachingAllocator.segmentSize(10 * MIB + 512));
    }

    @Test
    void smallBlocksShareASegmentAndAFreedBlockIsReused() {
        FakeMemory mem = new FakeMemory(1L << 30);
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block x = a.allocate(1000);
        CachingAllocator.Block y = a.allocate(3000);
        assertEquals(List.of(2 * MIB), mem.requests, "both come from one 2 MiB segment");
        assertEquals(1024, x.size());
        assertEquals(3072, y.size());
        assertEquals(x.address() + 1024, y.address());
        assertEquals(1024 + 3072, a.allocated());
        assertEquals(2 * MIB, a.reserved());

        a.free(x);
        assertEquals(3072, a.allocated());
        CachingAllocator.Block z = a.allocate(700);
        assertEquals(x.address(), z.address(), "the freed block is the best fit");
        assertEquals(1, mem.requests.size(), "no new segment");
    }

    @Test
    void freedNeighboursMergeSoALargerRequestFitsWithoutTheDriver() {
        FakeMemory mem = new FakeMemory(1L << 30);
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block x = a.allocate(4 * MIB);
        CachingAllocator.Block y = a.allocate(4 * MIB);
        CachingAllocator.Block z = a.allocate(4 * MIB);
        assertEquals(List.of(20 * MIB), mem.requests);
        a.free(x);
        a.free(z);
        a.free(y);
        CachingAllocator.Block big = a.allocate(18 * MIB);
        assertEquals(x.address(), big.address(), "the whole segment merged back into one block");
        assertEquals(1, mem.requests.size());
        assertEquals(18 * MIB, a.allocated());
    }

    @Test
    void aLargeBlockIsNotSplitForARestOfAtMostOneMiB() {
        FakeMemory mem = new FakeMemory(1L << 30);
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block big = a.allocate(12 * MIB);
        a.free(big);
        CachingAllocator.Block again = a.allocate(11 * MIB + 1);
        assertEquals(big.address(), again.address());
        assertEquals(12 * MIB, again.size(), "a 1 MiB - 512 rest is not worth a block");
    }

    @Test
    void emptyCacheReleasesOnlyWhollyFreeSegments() {
        FakeMemory mem = new FakeMemory(1L << 30);
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block small = a.allocate(100);
        CachingAllocator.Block large = a.allocate(30 * MIB);
        a.free(large);
        a.releaseCached();
        assertEquals(2 * MIB, a.reserved(), "the small segment is still in use");
        assertEquals(1, mem.live.size());
        a.free(small);
        a.releaseCached();
        assertEquals(0, a.reserved());
        assertEquals(0, mem.live.size());
        assertEquals(0, a.allocated());
    }

    @Test
    void freeingTwiceChangesNothing() {
        CachingAllocator a = new CachingAllocator(new FakeMemory(1L << 30));
        CachingAllocator.Block x = a.allocate(100);
        a.free(x);
        a.free(x);
        assertEquals(0, a.allocated());
    }

    @Test
    void outOfMemoryReleasesTheCacheAndRetriesThenReportsPyTorchsWay() {
        FakeMemory mem = new FakeMemory(64 * MIB);
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block x = a.allocate(40 * MIB);
        a.free(x);
        CachingAllocator.Block y = a.allocate(50 * MIB);
        assertNotEquals(0, y.address(), "the cached 40 MiB segment was released to make room");
        assertEquals(50 * MIB, a.reserved());

        CudaOutOfMemoryError e = assertThrows(CudaOutOfMemoryError.class, () -> a.allocate(20 * MIB));
        assertEquals("CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 64.00 MiB total capacity; 50.00 MiB "
                + "already allocated; 50.00 MiB reserved in total by Arbor)", e.getMessage());
        assertEquals(50 * MIB, a.allocated(), "a failed allocation changes nothing");
        assertEquals(50 * MIB, a.peakAllocated());
    }
}
