package dev.arbor.backend.cpu;

import dev.arbor.tensor.MemoryScope;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Freed host memory kept for reuse, as PyTorch's caching allocators do: page faults and zero-filling
 * of fresh memory cost more than many kernels that write it. A storage's memory comes back here when
 * the garbage collector finds no segment of it reachable (the segment belongs to an automatic arena
 * whose cleanup returns the block), so memory is never reused while any view of it is alive; or
 * earlier, when the {@link MemoryScope} it was made in releases it.
 *
 * <p>Sizes are rounded to a class (64 bytes up to 1 MiB, then eighths of a power of two) so a block
 * serves requests of nearby sizes; at most {@link #LIMIT} bytes are kept, a block that does not fit is
 * freed at once. Re-pointing a block into an automatic arena is a restricted method: without native
 * access for this module the cache is off and every allocation is fresh, as before.
 */
final class HostBlockCache {
    /** Bytes of free blocks kept at most: {@code -Darbor.cpu.cacheBytes}, default 512 MiB. */
    static final long LIMIT = Long.getLong("arbor.cpu.cacheBytes", 512L << 20);

    private static final boolean ENABLED = LIMIT > 0 && HostBlockCache.class.getModule().isNativeAccessEnabled();
    private static final long SMALL = 1L << 20;

    private static final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private static long cachedBytes;
    /** Bytes of new blocks since the collector last returned one: the garbage the heap does not see. */
    private static long freshSinceReturn;

    private HostBlockCache() {}

    /**
     * The C library's allocator where the platform has it: unlike {@link Arena#allocate}, which
     * zero-fills every fresh allocation, it leaves fresh memory as it is (the operations that take
     * memory write all of it; {@code zeros} fills it explicitly).
     */
    private static final MethodHandle ALIGNED_ALLOC = ENABLED ? libc("aligned_alloc",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)) : null;
    private static final MethodHandle FREE = ENABLED ? libc("free",
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)) : null;

    /** One allocation of a size class: from the C library, or in its own arena where that is missing. */
    private record Block(Arena arena, MemorySegment memory) {
        void free() {
            if (arena != null) {
                arena.close();
                return;
            }
            try {
                FREE.invokeExact(memory);
            } catch (Throwable e) {
                throw new IllegalStateException("free() failed", e);
            }
        }
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(name).map(f -> linker.downcallHandle(f, descriptor)).orElse(null);
    }

    /**
     * A storage of {@code byteSize} bytes, 64-byte aligned, whose memory goes back to the cache once
     * unreachable, or when a {@link MemoryScope} it was made in releases it.
     *
     * @param zeroed whether the caller needs zeros (fresh memory always is)
     */
    static CpuStorage allocate(long byteSize, boolean zeroed) {
        if (!ENABLED) {
            return new CpuStorage(Arena.ofAuto().allocate(byteSize, CpuStorage.ALIGNMENT));
        }
        long size = sizeClass(byteSize);
        Block block = take(size);
        boolean fresh = block == null;
        if (fresh) {
            block = newBlock(size);
        }
        Lease lease = new Lease(block);
        MemoryScope scope = MemoryScope.current();
        MemorySegment segment;
        if (scope == null) {
            segment = block.memory().reinterpret(byteSize, Arena.ofAuto(), s -> lease.giveBack());
        } else {
            // one arena and one cleanup for all of a scope's memory: the collector tracks one object, not one per tensor
            Arena arena = scope.hostArena();
            segment = block.memory().reinterpret(byteSize, arena, null);
            ScopeLeases.of(arena).add(lease);
        }
        // only a fresh block from an arena comes zeroed; the C library's and reused ones do not
        boolean alreadyZero = fresh && block.arena() != null;
        if (zeroed && !alreadyZero) {
            segment.fill((byte) 0);
        }
        return new CpuStorage(segment, scope == null ? null : lease);
    }

    /**
     * The leases of one memory scope's storages, given back (those not released before) when no
     * segment of the scope's arena is reachable. The current thread's latest scope is remembered, so
     * its arena stays alive until the thread's next scope allocates.
     */
    private static final class ScopeLeases {
        private static final ThreadLocal<ScopeLeases> LATEST = new ThreadLocal<>();

        private final Arena arena;
        private final List<Lease> leases = new ArrayList<>();

        private ScopeLeases(Arena arena) {
            this.arena = arena;
            List<Lease> all = leases;
            // the cleanup must not reach the arena, or the arena would never become unreachable
            MemorySegment.NULL.reinterpret(0, arena, s -> all.forEach(Lease::giveBack));
        }

        static List<Lease> of(Arena arena) {
            ScopeLeases latest = LATEST.get();
            if (latest == null || latest.arena != arena) {
                latest = new ScopeLeases(arena);
                LATEST.set(latest);
            }
            return latest.leases;
        }
    }

    /**
     * One storage's hold on a block: the block goes back to the cache once, when the storage is
     * released or its segment's arena is cleaned up, whichever comes first.
     */
    static final class Lease {
        private Block block;

        private Lease(Block block) {
            this.block = block;
        }

        void giveBack() {
            Block b;
            synchronized (this) {
                b = block;
                block = null;
            }
            if (b != null) {
                give(b);
            }
        }
    }

    /** Frees every cached block (memory in use is untouched). */
    static void clear() {
        Map<Long, ArrayDeque<Block>> blocks;
        synchronized (free) {
            blocks = new HashMap<>(free);
            free.clear();
            cachedBytes = 0;
        }
        blocks.values().forEach(q -> q.forEach(Block::free));
    }

    /** {@return the bytes held in free blocks} */
    static long cachedBytes() {
        synchronized (free) {
            return cachedBytes;
        }
    }

    static long sizeClass(long bytes) {
        long step = bytes <= SMALL ? CpuStorage.ALIGNMENT : Long.highestOneBit(bytes - 1) >> 3;
        return Math.ceilDiv(bytes, step) * step;
    }

    private static Block newBlock(long size) {
        boolean collect;
        synchronized (free) {
            freshSinceReturn += size;
            collect = freshSinceReturn > LIMIT;
            if (collect) {
                freshSinceReturn = 0;
            }
        }
        if (collect) {
            // tensors are small on the heap, so unreachable ones may wait long for a collection while
            // every allocation touches new pages; one collection per LIMIT bytes refills the cache
            System.gc();
        }
        try {
            return allocateBlock(size);
        } catch (OutOfMemoryError e) {
            // memory pressure: give back what the cache holds and try once more
            clear();
            return allocateBlock(size);
        }
    }

    private static Block allocateBlock(long size) {
        if (ALIGNED_ALLOC == null || FREE == null) {
            Arena arena = Arena.ofShared();
            try {
                return new Block(arena, arena.allocate(size, CpuStorage.ALIGNMENT));
            } catch (OutOfMemoryError e) {
                arena.close();
                throw e;
            }
        }
        MemorySegment address;
        try {
            // size classes are multiples of the alignment, as aligned_alloc requires (and 0 may give null)
            address = (MemorySegment) ALIGNED_ALLOC.invokeExact((long) CpuStorage.ALIGNMENT,
                    Math.max(size, CpuStorage.ALIGNMENT));
        } catch (Throwable e) {
            throw new IllegalStateException("aligned_alloc failed", e);
        }
        if (address.address() == 0) {
            throw new OutOfMemoryError("Cannot allocate " + size + " bytes of host memory");
        }
        return new Block(null, address.reinterpret(size));
    }

    /**
     * The map key of a size class: the size in units of the alignment, because sizes themselves, all
     * multiples of 64, share their low bits and so crowd a few buckets of a hash map.
     */
    private static long key(long size) {
        return size / CpuStorage.ALIGNMENT;
    }

    private static Block take(long size) {
        synchronized (free) {
            ArrayDeque<Block> q = free.get(key(size));
            Block b = q == null ? null : q.pollLast();
            if (b != null) {
                cachedBytes -= size;
            }
            return b;
        }
    }

    private static void give(Block block) {
        long size = block.memory().byteSize();
        synchronized (free) {
            freshSinceReturn = 0;
            if (cachedBytes + size <= LIMIT) {
                free.computeIfAbsent(key(size), k -> new ArrayDeque<>()).addLast(block);
                cachedBytes += size;
                return;
            }
        }
        block.free();
    }
}
