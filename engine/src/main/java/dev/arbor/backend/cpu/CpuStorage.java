package dev.arbor.backend.cpu;

import dev.arbor.tensor.Device;
import dev.arbor.tensor.Storage;
import java.lang.foreign.MemorySegment;

/**
 * Host memory behind CPU tensors: a {@link MemorySegment}, off-heap and 64-byte aligned when Arbor
 * allocates it, or any segment a user wraps (a mapped file, a heap array) without a copy.
 */
public final class CpuStorage extends Storage {
    /** Alignment of the memory Arbor allocates: one cache line, and a full AVX-512 vector. */
    public static final long ALIGNMENT = 64;

    private final MemorySegment segment;
    /** The cache block behind memory a memory scope may release early; null otherwise. */
    private final HostBlockCache.Lease lease;

    /**
     * Wraps an existing segment; the caller keeps it alive (and open) as long as tensors use it.
     *
     * @param segment the memory
     */
    public CpuStorage(MemorySegment segment) {
        this(segment, null);
    }

    CpuStorage(MemorySegment segment, HostBlockCache.Lease lease) {
        this.segment = segment;
        this.lease = lease;
    }

    /**
     * Allocates zeroed, aligned memory that the garbage collector frees once no tensor uses it.
     *
     * @param byteSize the size in bytes
     * @return the storage
     */
    public static CpuStorage allocate(long byteSize) {
        return HostBlockCache.allocate(Math.max(byteSize, 1), true);
    }

    /**
     * Allocates aligned memory with unspecified contents, for callers that write every byte; it may
     * reuse memory that an unreachable storage held (see {@link CpuBackend#emptyCache()}).
     *
     * @param byteSize the size in bytes
     * @return the storage
     */
    public static CpuStorage allocateUninitialized(long byteSize) {
        return HostBlockCache.allocate(Math.max(byteSize, 1), false);
    }

    /** {@return the memory} */
    public MemorySegment segment() {
        return segment;
    }

    @Override
    protected void releaseMemory() {
        if (lease != null) {
            lease.giveBack();
        }
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public long byteSize() {
        return segment.byteSize();
    }
}
