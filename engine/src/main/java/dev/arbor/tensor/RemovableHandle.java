package dev.arbor.tensor;

/** What every hook registration returns: {@link #remove()} unregisters the hook (again is a no-op). */
@FunctionalInterface
public interface RemovableHandle extends AutoCloseable {
    /** Unregisters the hook. */
    void remove();

    /** Same as {@link #remove()}, so a hook can live for a try-with-resources block. */
    @Override
    default void close() {
        remove();
    }
}
