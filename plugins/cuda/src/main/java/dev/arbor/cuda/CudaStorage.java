package dev.arbor.cuda;

import dev.arbor.tensor.Device;
import dev.arbor.tensor.Storage;
import java.lang.ref.Cleaner;

/**
 * Device memory behind CUDA tensors: a block of the device's {@link CachingAllocator}. When no tensor
 * references the storage any more, a {@link Cleaner} returns the block to the allocator's cache (not
 * to the driver), where the next allocation of a similar size reuses it; a memory scope that knows the
 * storage is dead returns it at once (work already queued may still read it: the device has one stream,
 * so whatever is queued after the next allocation runs after that work).
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final long address;
    private final long byteSize;
    /** Returns the block to the allocator, once: on {@link #releaseMemory()} or when unreachable. */
    private final Cleaner.Cleanable release;

    CudaStorage(Device device, CachingAllocator allocator, long byteSize) {
        CachingAllocator.Block block = allocator.allocate(byteSize);
        this.device = device;
        this.address = block.address();
        this.byteSize = byteSize;
        this.release = CLEANER.register(this, () -> allocator.free(block));
    }

    @Override
    protected void releaseMemory() {
        release.clean();
    }

    /** {@return the device address of the first byte, for interoperation with other CUDA code} */
    public long address() {
        return address;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }
}
