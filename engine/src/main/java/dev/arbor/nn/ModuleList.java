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
    /** Creates an empty list, as {@code nn.ModuleList()}. */
    public ModuleList() {}

    /**
     * Creates a list of these modules, as {@code nn.ModuleList(modules)}.
     *
     * @param modules the modules, registered under {@code "0"}, {@code "1"}, ... in order
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ModuleList(Iterable<? extends Module> modules) {
        for (Module m : modules) {
            register(String.valueOf(childMap().size()), m);
        }
    }

    /**
     * Creates a list of these modules, as {@code nn.ModuleList([...])}.
     *
     * @param modules the modules, registered under {@code "0"}, {@code "1"}, ... in order (not null)
     */
    public ModuleList(Module... modules) {
        this(List.of(modules));
    }

    /** {@return the number of modules, Python's {@code len}} */
    public int size() {
        return childMap().size();
    }

    /** {@return the modules in order, over a snapshot taken now} */
    @Override
    public Iterator<Module> iterator() {
        return new ArrayList<>(childMap().values()).iterator();
    }

    /**
     * {@return the module at a position, as {@code list[index]}}
     *
     * @param index the position, negative counting from the end
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public Module get(int index) {
        return childMap().get(String.valueOf(Containers.absoluteIndex(index, size())));
    }

    /**
     * Replaces the module at a position, as {@code list[index] = module}.
     *
     * @param index  the position, negative counting from the end
     * @param module the new module
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public void set(int index, Module module) {
        setAttribute(String.valueOf(Containers.absoluteIndex(index, size())), module);
    }

    /**
     * Adds a module at the end, as {@code append}.
     *
     * @param module the new last module
     * @return this list
     */
    public ModuleList append(Module module) {
        register(String.valueOf(size()), module);
        return this;
    }

    /**
     * Appends each module in order, as {@code extend}.
     *
     * @param modules the modules to add at the end
     * @return this list
     */
    public ModuleList extend(Iterable<? extends Module> modules) {
        for (Module m : modules) {
            append(m);
        }
        return this;
    }

    /**
     * Inserts a module before position {@code index}, renumbering the modules after it, as {@code insert}.
     *
     * @param index  the position the module takes, in {@code [0, size]}
     * @param module the module to insert
     * @throws IndexOutOfBoundsException for an index outside {@code [0, size]}
     */
    public void insert(int index, Module module) {
        if (index < 0 || index > size()) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range");
        }
        Containers.insertNumbered(childMap(), index, module);
    }

    /**
     * Removes the module at a position, as {@code del list[index]}; the rest are renumbered from 0.
     *
     * @param index the position, negative counting from the end
     * @return the removed module
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public Module remove(int index) {
        int i = Containers.absoluteIndex(index, size());
        Module removed = get(i);
        Containers.removeAndRenumber(childMap(), i);
        return removed;
    }

    /**
     * {@return a new list of the modules from {@code start} to {@code end}, numbered from 0, as
     * {@code list[start:end]}}
     *
     * @param start the first position, inclusive (negative counts from the end; clamped as Python's slices)
     * @param end   the last position, exclusive (negative counts from the end; clamped as Python's slices)
     */
    public ModuleList slice(int start, int end) {
        List<Module> all = new ArrayList<>(childMap().values());
        int[] range = Containers.sliceRange(start, end, all.size());
        return new ModuleList(all.subList(range[0], range[1]));
    }
}
