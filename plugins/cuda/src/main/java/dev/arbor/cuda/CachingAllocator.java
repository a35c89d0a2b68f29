package dev.arbor.cuda;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Device memory reuse in the manner of PyTorch's CUDA caching allocator: the driver is asked for
 * large segments, which are split into blocks; a freed block goes back to a pool (merged with free
 * neighbours) instead of to the driver, so steady-state training allocates nothing from the driver.
 * Freed memory can be reused at once because all work on a device runs on one stream, in order.
 *
 * <p>Sizes round up to multiples of 512 bytes. Requests up to 1 MiB come from 2 MiB segments of the
 * small pool; larger ones from the large pool, whose segments are 20 MiB for requests under 10 MiB
 * and the request rounded up to 2 MiB beyond. A block is split when the rest is worth keeping (at
 * least 512 bytes in the small pool, more than 1 MiB in the large). When the driver has no memory
 * left, the cached segments are released and the request retried once.
 *
 * <p>Thread-safe: the garbage collector's cleaner thread returns blocks while others allocate.
 */
final class CachingAllocator {
    static final long MIN_BLOCK = 512;
    static final long SMALL_REQUEST = 1L << 20;
    static final long SMALL_SEGMENT = 2L << 20;
    static final long LARGE_SEGMENT = 20L << 20;
    static final long MIN_LARGE_ALLOC = 10L << 20;
    static final long ROUND_LARGE = 2L << 20;

    /** Where segments come from: the driver, or a fake in tests. */
    interface DeviceMemory {
        /** A new segment's address, or 0 when the device has no memory for it. */
        long allocate(long bytes);

        void free(long address);

        /** Describes the device for out-of-memory messages ("GPU 0; 79.10 GiB total capacity"). */
        String describe();
    }

    /** A piece of a segment, handed out or free. */
    static final class Block {
        final long address;
        final long size;
        final boolean small;
        Block prev;
        Block next;
        boolean allocated;

        Block(long address, long size, boolean small) {
            this.address = address;
            this.size = size;
            this.small = small;
        }

        /** The block's device address. */
        long address() {
            return address;
        }

        /** Its rounded size in bytes. */
        long size() {
            return size;
        }
    }

    private static final Comparator<Block> BY_SIZE =
            Comparator.comparingLong((Block b) -> b.size).thenComparingLong(b -> b.address);

    private final DeviceMemory memory;
    private final TreeSet<Block> smallFree = new TreeSet<>(BY_SIZE);
    private final TreeSet<Block> largeFree = new TreeSet<>(BY_SIZE);
    private long allocated;
    private long reserved;
    private long peakAllocated;

    CachingAllocator(DeviceMemory memory) {
        this.memory = memory;
    }

    /** The size a request is rounded up to: a multiple of 512, at least 512. */
    static long roundSize(long bytes) {
        if (bytes < MIN_BLOCK) {
            return MIN_BLOCK;
        }
        return Math.ceilDiv(bytes, MIN_BLOCK) * MIN_BLOCK;
    }

    /** The segment the driver is asked for to serve a rounded request. */
    static long segmentSize(long rounded) {
        if (rounded <= SMALL_REQUEST) {
            return SMALL_SEGMENT;
        }
        if (rounded < MIN_LARGE_ALLOC) {
            return LARGE_SEGMENT;
        }
        return Math.ceilDiv(rounded, ROUND_LARGE) * ROUND_LARGE;
    }

    /** A block of at least {@code bytes}; a {@link CudaOutOfMemoryError} when the device has no room. */
    synchronized Block allocate(long bytes) {
        long size = roundSize(bytes);
        boolean small = size <= SMALL_REQUEST;
        TreeSet<Block> pool = small ? smallFree : largeFree;
        Block block = pool.ceiling(new Block(0, size, small));
        if (block != null) {
            pool.remove(block);
        } else {
            long segment = segmentSize(size);
            long address = memory.allocate(segment);
            if (address == 0) {
                releaseCached();
                address = memory.allocate(segment);
            }
            if (address == 0) {
                throw new CudaOutOfMemoryError("CUDA out of memory. Tried to allocate " + mib(size) + " ("
                        + memory.describe() + "; " + mib(allocated) + " already allocated; " + mib(reserved)
                        + " reserved in total by Arbor)");
            }
            reserved += segment;
            block = new Block(address, segment, small);
        }
        if (shouldSplit(block, size)) {
            Block rest = new Block(block.address + size, block.size - size, small);
            Block used = new Block(block.address, size, small);
            used.prev = block.prev;
            used.next = rest;
            rest.prev = used;
            rest.next = block.next;
            if (block.prev != null) {
                block.prev.next = used;
            }
            if (block.next != null) {
                block.next.prev = rest;
            }
            pool.add(rest);
            block = used;
        }
        block.allocated = true;
        allocated += block.size;
        peakAllocated = Math.max(peakAllocated, allocated);
        return block;
    }

    private static boolean shouldSplit(Block block, long size) {
        long rest = block.size - size;
        return block.small ? rest >= MIN_BLOCK : rest > SMALL_REQUEST;
    }

    /** Returns a block to its pool, merged with free neighbours of its segment. Idempotent. */
    synchronized void free(Block block) {
        if (!block.allocated) {
            return;
        }
        block.allocated = false;
        allocated -= block.size;
        TreeSet<Block> pool = block.small ? smallFree : largeFree;
        Block merged = block;
        if (block.prev != null && !block.prev.allocated) {
            merged = merge(block.prev, merged, pool);
        }
        if (merged.next != null && !merged.next.allocated) {
            merged = merge(merged, merged.next, pool);
        }
        pool.add(merged);
    }

    /** One free block for two adjacent ones ({@code left} before {@code right}), out of the pool. */
    private static Block merge(Block left, Block right, TreeSet<Block> pool) {
        pool.remove(left);
        pool.remove(right);
        Block m = new Block(left.address, left.size + right.size, left.small);
        m.prev = left.prev;
        m.next = right.next;
        if (m.prev != null) {
            m.prev.next = m;
        }
        if (m.next != null) {
            m.next.prev = m;
        }
        return m;
    }

    /** Gives every wholly free segment back to the driver ({@code torch.cuda.empty_cache()}). */
    synchronized void releaseCached() {
        for (TreeSet<Block> pool : List.of(smallFree, largeFree)) {
            var it = pool.iterator();
            while (it.hasNext()) {
                Block b = it.next();
                if (b.prev == null && b.next == null) {
                    memory.free(b.address);
                    reserved -= b.size;
                    it.remove();
                }
            }
        }
    }

    /** Bytes in blocks handed out and not yet freed ({@code torch.cuda.memory_allocated()}). */
    synchronized long allocated() {
        return allocated;
    }

    /** Bytes held from the driver, used or cached ({@code torch.cuda.memory_reserved()}). */
    synchronized long reserved() {
        return reserved;
    }

    /** The most bytes allocated at once so far ({@code torch.cuda.max_memory_allocated()}). */
    synchronized long peakAllocated() {
        return peakAllocated;
    }

    static String mib(long bytes) {
        return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.2f MiB", bytes / (double) (1L << 20));
    }
}
