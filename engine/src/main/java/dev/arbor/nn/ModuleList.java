package dev.arbor.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Child modules held in a list, as {@code torch.nn.ModuleList}: registered under {@code "0"},
 * {@code "1"}, ... so that traversal, {@code to} and the state dict see them. It has no forward of
 * its own; the owning module decides how to run them.
 */
public class ModuleList extends Module implements Iterable<Module> {
    /** An empty list. */
    public ModuleList() {}

    /** A list of these modules. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ModuleList(Iterable<? extends Module> modules) {
        for (Module m : modules) {
            register(String.valueOf(childMap().size()), m);
        }
    }

    /** A list of these modules. */
    public ModuleList(Module... modules) {
        this(List.of(modules));
    }

    /** The number of modules. */
    public int size() {
        return childMap().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return new ArrayList<>(childMap().values()).iterator();
    }

    /** The module at a position (negative from the end). */
    public Module get(int index) {
        return childMap().get(String.valueOf(Containers.absoluteIndex(index, size())));
    }

    /** Replaces the module at a position. */
    public void set(int index, Module module) {
        setAttribute(String.valueOf(Containers.absoluteIndex(index, size())), module);
    }

    /** Adds a module at the end. */
    public ModuleList append(Module module) {
        register(String.valueOf(size()), module);
        return this;
    }

    /** Appends each module. */
    public ModuleList extend(Iterable<? extends Module> modules) {
        for (Module m : modules) {
            append(m);
        }
        return this;
    }

    /** Inserts a module before position {@code index} (0..size). */
    public void insert(int index, Module module) {
        if (index < 0 || index > size()) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range");
        }
        Containers.insertNumbered(childMap(), index, module);
    }

    /** Removes and returns the module at a position; the rest are renumbered from 0. */
    public Module remove(int index) {
        int i = Containers.absoluteIndex(index, size());
        Module removed = get(i);
        Containers.removeAndRenumber(childMap(), i);
        return removed;
    }

    /** A new list of the modules from {@code start} (inclusive) to {@code end} (exclusive), numbered from 0. */
    public ModuleList slice(int start, int end) {
        List<Module> all = new ArrayList<>(childMap().values());
        int[] range = Containers.sliceRange(start, end, all.size());
        return new ModuleList(all.subList(range[0], range[1]));
    }
}
