package dev.arbor.nn;

import dev.arbor.tensor.RemovableHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of hooks that can be read from many threads while hooks are added and removed:
 * every change publishes a new immutable list, so a forward pass running on another thread sees
 * either the old or the new hooks, never a half-changed list.
 */
final class HookList<H> {
    /** One registration; removing it by identity lets the same hook be registered twice. */
    private record Entry<H>(H hook) {}

    private volatile List<Entry<H>> entries = List.of();

    synchronized RemovableHandle add(H hook) {
        if (hook == null) {
            throw new NullPointerException("hook");
        }
        Entry<H> entry = new Entry<>(hook);
        List<Entry<H>> next = new ArrayList<>(entries);
        next.add(entry);
        entries = List.copyOf(next);
        return () -> remove(entry);
    }

    private synchronized void remove(Entry<H> entry) {
        List<Entry<H>> next = new ArrayList<>(entries.size());
        for (Entry<H> e : entries) {
            if (e != entry) {
                next.add(e);
            }
        }
        entries = List.copyOf(next);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The hooks registered now, in registration order. */
    List<H> snapshot() {
        List<Entry<H>> current = entries;
        List<H> out = new ArrayList<>(current.size());
        for (Entry<H> e : current) {
            out.add(e.hook());
        }
        return out;
    }

    /** The hooks of {@code first} followed by those of {@code second}, as PyTorch runs global then local hooks. */
    static <H> List<H> concat(HookList<H> first, HookList<H> second) {
        if (first.isEmpty()) {
            return second.snapshot();
        }
        List<H> out = first.snapshot();
        out.addAll(second.snapshot());
        return out;
    }
}
