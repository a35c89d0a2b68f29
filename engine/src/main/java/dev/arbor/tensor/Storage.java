package dev.arbor.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A block of memory on one device that one or more tensors view. Each backend has its own kind of
 * storage. The storage carries the version counter that autograd uses to notice a tensor saved for
 * the backward pass being changed in place (views share it, as in PyTorch).
 */
public abstract class Storage {
    private static final AtomicLong SERIALS = new AtomicLong();

    private int version;
    /** Storages made later have larger serials: autograd tells fresh gradients from older memory by it. */
    private final long serial = SERIALS.getAndIncrement();
    /** The memory scope this storage was made in, until released or kept; null when none tracks it. */
    private MemoryScope scope;

    /**
     * Makes a storage at version 0; each backend's subclass holds the memory. A storage made while a
     * {@link MemoryScope} tracks the thread's memory is recorded there.
     */
    protected Storage() {
        scope = MemoryScope.current();
        if (scope != null) {
            scope.record(this);
        }
    }

    /** {@return the memory scope that may release this storage, or null} */
    final MemoryScope scope() {
        return scope;
    }

    /** Ends the scope's care for this storage (it was released or kept). */
    final void detachFromScope() {
        scope = null;
    }

    /** Puts this storage in the care of {@code other}, which its own closing scope hands it to. */
    final void moveToScope(MemoryScope other) {
        scope = other;
    }

    /**
     * Hands the memory back to the backend now, because its {@link MemoryScope} was told no tensor
     * uses it again. Backends without early release keep the default, which leaves the memory to the
     * garbage collector.
     */
    protected void releaseMemory() {}

    /** {@return the device this memory lives on} */
    public abstract Device device();

    /** {@return the size of the memory in bytes} */
    public abstract long byteSize();

    /** {@return how many in-place writes this storage has seen} */
    public final int version() {
        return version;
    }

    /** {@return the serial of this storage: those made later have larger ones} */
    final long serial() {
        return serial;
    }

    /** {@return the serial the next storage made will have} */
    static long nextSerial() {
        return SERIALS.get();
    }

    /** Records an in-place write; every operation that changes existing memory calls it. */
    public final void bumpVersion() {
        version++;
    }
}
