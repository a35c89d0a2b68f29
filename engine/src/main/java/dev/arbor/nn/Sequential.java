package dev.arbor.nn;

import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
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
    /**
     * Creates a Sequential of these modules, named {@code "0"}, {@code "1"}, ... by their position, as
     * {@code nn.Sequential(*modules)}.
     *
     * @param modules the children in the order they run; none for an empty Sequential
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public Sequential(Module... modules) {
        for (int i = 0; i < modules.length; i++) {
            register(String.valueOf(i), modules[i]);
        }
    }

    /**
     * Creates a Sequential of named children, as {@code nn.Sequential(OrderedDict(...))}.
     *
     * @param modules the children by name, in the order they run
     * @throws IllegalArgumentException with PyTorch's message for a name that is empty or has a dot
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public Sequential(SequencedMap<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) {
            register(e.getKey(), e.getValue());
        }
    }

    /** {@return the number of children, Python's {@code len}} */
    public int size() {
        return childMap().size();
    }

    /**
     * {@return the children in order, over a snapshot taken now; a child set to null is returned as null,
     * as PyTorch's iteration yields None}
     */
    @Override
    public Iterator<Module> iterator() {
        return Collections.unmodifiableList(new ArrayList<>(childMap().values())).iterator();
    }

    /**
     * {@return the child at a position, whatever its name, as {@code seq[index]}}
     *
     * @param index the position, negative counting from the end
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public Module get(int index) {
        return new ArrayList<>(childMap().values()).get(Containers.absoluteIndex(index, size()));
    }

    /**
     * Replaces the child at a position, keeping its name, as {@code seq[index] = module}.
     *
     * @param index  the position, negative counting from the end
     * @param module the new child, or null (PyTorch's None: the position keeps its name, prints as
     *               {@code None}, and a forward through it fails)
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public void set(int index, Module module) {
        setAttribute(new ArrayList<>(childMap().keySet()).get(Containers.absoluteIndex(index, size())), module);
    }

    /**
     * Adds a module at the end, named by its position ({@code str(len(self))}), as {@code append}.
     *
     * @param module the new last child
     * @return this Sequential
     */
    public Sequential append(Module module) {
        register(String.valueOf(size()), module);
        return this;
    }

    /**
     * Appends each module in order, as {@code extend}.
     *
     * @param modules the modules to add at the end
     * @return this Sequential
     */
    public Sequential extend(Iterable<? extends Module> modules) {
        for (Module m : modules) {
            append(m);
        }
        return this;
    }

    /**
     * Inserts a module before position {@code index} (which may equal the size), shifting the
     * numbered children after it, as PyTorch's {@code insert}: each child from {@code index} on moves
     * to the name one higher, so children named by a map cannot be shifted.
     *
     * @param index  the position the module takes, in {@code [-size, size]}, negative counting from the end
     * @param module the module to insert, not null
     * @return this Sequential
     * @throws IndexOutOfBoundsException with PyTorch's message ({@code Index out of range: ...})
     * @throws IllegalArgumentException  for a null module, with PyTorch's message
     * @throws java.util.NoSuchElementException (PyTorch's KeyError, whose text it has: {@code '1'}) when a
     *                                          child to be shifted is not named by its position; the
     *                                          Sequential is left as it was
     */
    public Sequential insert(int index, Module module) {
        if (module == null) {
            throw new IllegalArgumentException("module should be of type: <class 'torch.nn.modules.module.Module'>");
        }
        int n = size();
        if (index < -n || index > n) {
            throw new IndexOutOfBoundsException("Index out of range: " + index);
        }
        Containers.insertNumbered(childMap(), index < 0 ? index + n : index, module);
        return this;
    }

    /**
     * Removes the child at a position, as {@code del seq[index]}; the remaining children are renumbered
     * from 0.
     *
     * @param index the position, negative counting from the end
     * @return the removed child
     * @throws IndexOutOfBoundsException when {@code index} is outside {@code [-size, size)}
     */
    public Module remove(int index) {
        Module removed = get(index);
        Containers.removeAndRenumber(childMap(), Containers.absoluteIndex(index, size()));
        return removed;
    }

    /**
     * {@return a new Sequential holding the children from {@code start} to {@code end}, keeping their
     * names, as {@code seq[start:end]}}
     *
     * @param start the first position, inclusive (negative counts from the end; clamped as Python's slices)
     * @param end   the last position, exclusive (negative counts from the end; clamped as Python's slices)
     */
    public Sequential slice(int start, int end) {
        List<Map.Entry<String, Module>> entries = new ArrayList<>(childMap().entrySet());
        int[] range = Containers.sliceRange(start, end, entries.size());
        java.util.LinkedHashMap<String, Module> picked = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Module> e : entries.subList(range[0], range[1])) {
            picked.put(e.getKey(), e.getValue());
        }
        return new Sequential(picked);
    }

    /**
     * Runs the children in order (with their hooks), each on the previous one's output.
     *
     * @param inputs exactly one input, of any type the first child accepts
     * @return the last child's output (the input itself when there are no children)
     * @throws IllegalArgumentException for more or fewer than one input
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException("Sequential.forward takes one input, got " + inputs.length);
        }
        Object x = inputs[0];
        for (Map.Entry<String, Module> e : List.copyOf(childMap().entrySet())) {
            if (e.getValue() == null) {
                throw new IllegalStateException("'NoneType' object is not callable (child (" + e.getKey()
                        + ") of the Sequential is None)");
            }
            x = e.getValue().call(x);
        }
        return x;
    }

    /**
     * Runs the children in order on a tensor.
     *
     * @param input the first child's input
     * @return the last child's output
     * @throws IllegalStateException when the last output is not a tensor
     */
    @Override
    public Tensor forward(Tensor input) {
        Object out = forward(new Object[] {input});
        if (out instanceof Tensor t) {
            return t;
        }
        throw new IllegalStateException("Sequential returned " + describe(out) + ", not a Tensor");
    }
}
