package dev.arbor.nn;

import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Modules run one after another, each on the previous one's output, as {@code torch.nn.Sequential}.
 * Children are named {@code "0"}, {@code "1"}, ... or by the keys of an ordered map; {@link #get(int)}
 * indexes by position whatever the names, negative indices counting from the end.
 */
public class Sequential extends Module implements Iterable<Module> {
    /** Children named by their position. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public Sequential(Module... modules) {
        for (int i = 0; i < modules.length; i++) {
            register(String.valueOf(i), modules[i]);
        }
    }

    /** Children named by the map's keys, in its order. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public Sequential(SequencedMap<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) {
            register(e.getKey(), e.getValue());
        }
    }

    /** The number of children. */
    public int size() {
        return childMap().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return List.copyOf(childMap().values()).iterator();
    }

    /** The child at a position (negative from the end). */
    public Module get(int index) {
        return new ArrayList<>(childMap().values()).get(Containers.absoluteIndex(index, size()));
    }

    /** Replaces the child at a position, keeping its name. */
    public void set(int index, Module module) {
        setAttribute(new ArrayList<>(childMap().keySet()).get(Containers.absoluteIndex(index, size())), module);
    }

    /** Adds a module at the end, named by its position. */
    public Sequential append(Module module) {
        register(String.valueOf(size()), module);
        return this;
    }

    /** Appends each module. */
    public Sequential extend(Iterable<? extends Module> modules) {
        for (Module m : modules) {
            append(m);
        }
        return this;
    }

    /**
     * Inserts a module before position {@code index} (which may equal the size), shifting the
     * numbered children after it, as PyTorch's {@code insert}.
     */
    public Sequential insert(int index, Module module) {
        int n = size();
        if (index < -n || index > n) {
            throw new IndexOutOfBoundsException("Index out of range: " + index);
        }
        Containers.insertNumbered(childMap(), index < 0 ? index + n : index, module);
        return this;
    }

    /** Removes and returns the child at a position; the remaining children are renumbered from 0. */
    public Module remove(int index) {
        Module removed = get(index);
        Containers.removeAndRenumber(childMap(), Containers.absoluteIndex(index, size()));
        return removed;
    }

    /** A new Sequential holding the children from {@code start} (inclusive) to {@code end} (exclusive), keeping their names. */
    public Sequential slice(int start, int end) {
        List<Map.Entry<String, Module>> entries = new ArrayList<>(childMap().entrySet());
        int[] range = Containers.sliceRange(start, end, entries.size());
        java.util.LinkedHashMap<String, Module> picked = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Module> e : entries.subList(range[0], range[1])) {
            picked.put(e.getKey(), e.getValue());
        }
        return new Sequential(picked);
    }

    /** Runs the children in order on one input (of any type each child accepts). */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException("Sequential.forward takes one input, got " + inputs.length);
        }
        Object x = inputs[0];
        for (Module m : this) {
            x = m.call(x);
        }
        return x;
    }

    @Override
    public Tensor forward(Tensor input) {
        Object out = forward(new Object[] {input});
        if (out instanceof Tensor t) {
            return t;
        }
        throw new IllegalStateException("Sequential returned " + describe(out) + ", not a Tensor");
    }
}
