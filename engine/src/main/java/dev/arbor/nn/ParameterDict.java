package dev.arbor.nn;

import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Parameters held by name, in insertion order, as {@code torch.nn.ParameterDict}; a plain tensor
 * put in it becomes a {@link Parameter}. Keys follow the rules of {@link Module#registerParameter}.
 */
public class ParameterDict extends Module {
    /** Creates an empty dict, as {@code nn.ParameterDict()}. */
    public ParameterDict() {}

    /**
     * Creates a dict of these tensors, as {@code nn.ParameterDict(values)}.
     *
     * @param values the tensors by key, in the map's iteration order; each is made a {@link Parameter}
     *               unless it is one
     * @throws IllegalArgumentException with PyTorch's message for a key that is empty or has a dot
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ParameterDict(Map<String, ? extends Tensor> values) {
        for (Map.Entry<String, ? extends Tensor> e : values.entrySet()) {
            registerParameter(e.getKey(), asParameter(e.getValue()));
        }
    }

    private static Parameter asParameter(Tensor t) {
        return t instanceof Parameter p ? p : new Parameter(t);
    }

    /**
     * {@return the parameter under {@code key}, as {@code dict[key]}}
     *
     * @param key the name the parameter was put under
     * @throws NoSuchElementException (Python's KeyError) when there is no such key
     */
    public Parameter get(String key) {
        if (!parameterMap().containsKey(key)) {
            throw new NoSuchElementException("'" + key + "'");
        }
        return parameterMap().get(key);
    }

    /**
     * Adds or replaces the parameter under {@code key}, as {@code dict[key] = value}.
     *
     * @param key   the name: not empty, without dots
     * @param value the parameter, or a plain tensor, which is made a {@link Parameter}
     * @return the parameter registered
     * @throws IllegalArgumentException with PyTorch's message for a bad key
     */
    public Parameter put(String key, Tensor value) {
        Parameter p = asParameter(value);
        setAttribute(key, p);
        return p;
    }

    /**
     * Removes the parameter under {@code key}, as {@code pop(key)}.
     *
     * @param key the name the parameter was put under
     * @return the removed parameter
     * @throws NoSuchElementException (Python's KeyError) when there is no such key
     */
    public Parameter remove(String key) {
        Parameter p = get(key);
        parameterMap().remove(key);
        return p;
    }

    /**
     * Adds or replaces every entry, in the map's iteration order, as {@code update}.
     *
     * @param values the tensors by key; plain tensors are made {@link Parameter}s
     * @throws IllegalArgumentException with PyTorch's message for a bad key
     */
    public void update(Map<String, ? extends Tensor> values) {
        for (Map.Entry<String, ? extends Tensor> e : values.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    /**
     * {@return whether a parameter is registered under {@code key}, Python's {@code key in dict}}
     *
     * @param key the name to look for
     */
    public boolean containsKey(String key) {
        return parameterMap().containsKey(key);
    }

    /** {@return the number of parameters, Python's {@code len}} */
    public int size() {
        return parameterMap().size();
    }

    /** Removes every parameter, as {@code clear()}. */
    public void clear() {
        parameterMap().clear();
    }

    /** {@return the keys in order, as a read-only view} */
    public Set<String> keys() {
        return Collections.unmodifiableSet(parameterMap().keySet());
    }

    /** {@return the parameters by key in order, as a read-only view} */
    public Map<String, Parameter> items() {
        return Collections.unmodifiableMap(parameterMap());
    }

    /**
     * Fails as a ParameterList does: a ParameterDict holds parameters and is not a layer.
     *
     * @param inputs ignored
     * @return never
     * @throws UnsupportedOperationException always ({@code ParameterDict should not be called.})
     */
    @Override
    public Object forward(Object... inputs) {
        throw new UnsupportedOperationException("ParameterDict should not be called.");
    }

    /** {@return one line per parameter: {@code (name): Parameter containing: [torch.FloatTensor of size 2x3]}} */
    @Override
    public String extraRepr() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameterMap().entrySet()) {
            Parameter p = e.getValue();
            lines.add("  (" + e.getKey() + "): Parameter containing: [" + p.typeDescription() + " of size "
                    + ParameterList.sizeText(p) + ParameterList.deviceText(p) + "]");
        }
        return String.join("\n", lines);
    }
}
