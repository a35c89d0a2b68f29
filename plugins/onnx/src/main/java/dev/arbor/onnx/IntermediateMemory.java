package dev.arbor.onnx;

import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The memory bookkeeping of one graph execution in a {@link MemoryScope}: counts, for each storage
 * that this execution's nodes made, the live values that view it, and releases the storage when the
 * count drops to zero; a node's temporaries (storages it made that none of its outputs view) are
 * released as soon as it returns. Storages made elsewhere (inputs, parameters, an enclosing graph's
 * values) and those kept for later runs are never touched.
 */
final class IntermediateMemory {
    private final MemoryScope scope;
    private final Map<Storage, int[]> liveViews = new IdentityHashMap<>();

    IntermediateMemory(MemoryScope scope) {
        this.scope = scope;
    }

    /** {@return the position to pass to {@link #nodeDone} for the node about to run} */
    int mark() {
        return scope.mark();
    }

    /**
     * Counts a node's outputs and releases its temporaries.
     *
     * @param mark    {@link #mark()} before the node ran
     * @param outputs what the node returned
     * @param kept    whether the outputs are kept for later runs (constant folding), so never released
     */
    void nodeDone(int mark, List<Object> outputs, boolean kept) {
        List<Storage> made = scope.madeSince(mark);
        for (Object value : outputs) {
            forEachTensor(value, t -> {
                Storage s = t.storage();
                if (kept) {
                    scope.keep(s);
                    return;
                }
                int[] count = liveViews.get(s);
                if (count != null) {
                    count[0]++;
                } else if (scope.owns(s) && containsIdentity(made, s)) {
                    liveViews.put(s, new int[] {1});
                }
            });
        }
        for (Storage s : made) {
            if (!liveViews.containsKey(s)) {
                scope.release(s);
            }
        }
    }

    /** Notes that a value will not be read again, releasing storages no live value views. */
    void dead(Object value) {
        forEachTensor(value, t -> {
            Storage s = t.storage();
            int[] count = liveViews.get(s);
            if (count != null && --count[0] == 0) {
                liveViews.remove(s);
                scope.release(s);
            }
        });
    }

    private static boolean containsIdentity(List<Storage> list, Storage s) {
        for (Storage x : list) {
            if (x == s) {
                return true;
            }
        }
        return false;
    }

    /** Visits the tensors a runtime value holds: itself, a sequence's elements, an optional's content. */
    private static void forEachTensor(Object value, Consumer<Tensor> action) {
        switch (value) {
            case Tensor t -> action.accept(t);
            case List<?> list -> list.forEach(v -> forEachTensor(v, action));
            case OnnxOptional o -> forEachTensor(o.value(), action);
            case null, default -> { }
        }
    }
}
