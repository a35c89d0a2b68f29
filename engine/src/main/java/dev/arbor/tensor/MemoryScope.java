package dev.arbor.tensor;

import dev.arbor.ops.OpTraces;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of work on one thread whose owner knows when each tensor it made is dead and hands the
 * memory back at once, as ONNX Runtime's memory planner and PyTorch's reference counts free the
 * intermediates of a forward pass the moment their last reader ran, instead of waiting for the
 * garbage collector. Released host memory goes straight back to the CPU backend's block cache, so
 * the next tensor of that size reuses memory that is already mapped and in cache; and the collector
 * tracks the scope's memory as one object instead of one per tensor.
 *
 * <p>The scope records every {@link Storage} made on its thread while it is the innermost one open.
 * {@link #release} is a promise that no tensor viewing that storage is used again. A scope tracks
 * nothing (and releases nothing) when it is opened while gradients are recorded or an
 * {@link OpTracer} is registered on the thread, since autograd and tracers keep references its owner
 * cannot see. Memory made in a scope and never released stays valid, and is freed once unreachable,
 * as any other; a nested scope hands it to the enclosing one when it closes.
 *
 * <pre>{@code
 * try (MemoryScope memory = MemoryScope.open()) {
 *     Tensor h = x.matmul(w);
 *     Tensor y = h.relu();
 *     memory.release(h.storage()); // h is dead
 *     return y;
 * }
 * }</pre>
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

    private final MemoryScope outer;
    private final boolean tracking;
    private final List<Storage> made = new ArrayList<>();
    private Arena arena;
    private boolean closed;

    private MemoryScope(MemoryScope outer, boolean tracking) {
        this.outer = outer;
        this.tracking = tracking;
    }

    /**
     * Opens a scope on the current thread, nested in the one open there.
     *
     * @return the scope, to close on the same thread
     */
    public static MemoryScope open() {
        return push(!GradMode.isEnabled() && !OpTraces.active());
    }

    /**
     * Opens a scope that tracks nothing, for memory that must outlive the enclosing scope's releases:
     * a per-thread scratch buffer an op keeps from call to call.
     *
     * @return the scope, to close on the same thread
     */
    public static MemoryScope suspend() {
        return push(false);
    }

    private static MemoryScope push(boolean tracking) {
        MemoryScope scope = new MemoryScope(CURRENT.get(), tracking);
        CURRENT.set(scope);
        return scope;
    }

    /**
     * {@return the innermost scope open on this thread when it tracks memory, else null}: backends
     * ask it where to put the memory of a storage they make
     */
    public static MemoryScope current() {
        MemoryScope s = CURRENT.get();
        return s != null && s.tracking ? s : null;
    }

    /** {@return whether this scope records the storages made in it} */
    public boolean isTracking() {
        return tracking;
    }

    /**
     * An automatic arena that the host memory made in this scope belongs to: the collector then tracks
     * all of it as one object, and what was never released goes back to the cache when no segment of
     * it is reachable.
     *
     * @return the arena, made on first use
     */
    public Arena hostArena() {
        if (arena == null) {
            arena = Arena.ofAuto();
        }
        return arena;
    }

    /** {@return a position in the list of storages made in this scope, for {@link #madeSince}} */
    public int mark() {
        return made.size();
    }

    /**
     * {@return the storages made in this scope since {@code mark}, oldest first (a view, valid until
     * the next storage is made)}
     *
     * @param mark a value {@link #mark()} returned
     */
    public List<Storage> madeSince(int mark) {
        return made.subList(mark, made.size());
    }

    /** Records a storage just made on this thread; the storage's constructor calls it. */
    void record(Storage storage) {
        made.add(storage);
    }

    /**
     * {@return whether {@link #release} would hand back {@code storage}'s memory: it was made in this
     * scope, and is neither released nor kept}
     *
     * @param storage a storage
     */
    public boolean owns(Storage storage) {
        return storage.scope() == this;
    }

    /**
     * Hands the memory of a storage made in this scope back to its backend now; does nothing for
     * other storages, or one released before.
     *
     * @param storage a storage no tensor will use again
     */
    public void release(Storage storage) {
        if (storage.scope() == this) {
            storage.detachFromScope();
            storage.releaseMemory();
        }
    }

    /**
     * Takes a storage out of this scope's care, so {@link #release} leaves it alone: for tensors
     * kept beyond the scope's work (a cache of values reused by later runs).
     *
     * @param storage a storage made in this scope
     */
    public void keep(Storage storage) {
        if (storage.scope() == this) {
            storage.detachFromScope();
        }
    }

    /**
     * Ends the scope: the enclosing one (if any) is current again. Memory not released stays valid;
     * when both track memory, the enclosing scope takes over what this one neither released nor kept,
     * as if made there (what a nested graph returns is then released at its last use outside).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("memory scopes must be closed on their thread, innermost first");
        }
        closed = true;
        if (tracking && outer != null && outer.tracking) {
            for (Storage storage : made) {
                if (storage.scope() == this) {
                    storage.moveToScope(outer);
                    outer.made.add(storage);
                }
            }
        }
        made.clear();
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
