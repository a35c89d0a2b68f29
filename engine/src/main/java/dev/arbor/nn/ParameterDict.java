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
    /** An empty dict. */
    public ParameterDict() {}

    /** A dict of these tensors, in the map's iteration order. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ParameterDict(Map<String, ? extends Tensor> values) {
        for (Map.Entry<String, ? extends Tensor> e : values.entrySet()) {
            registerParameter(e.getKey(), asParameter(e.getValue()));
        }
    }

    private static Parameter asParameter(Tensor t) {
        return t instanceof Parameter p ? p : new Parameter(t);
    }

    /** The parameter under {@code key}. */
    public Parameter get(String key) {
        if (!parameterMap().containsKey(key)) {
            throw new NoSuchElementException("'" + key + "'");
        }
        return parameterMap().get(key);
    }

    /** Adds or replaces the parameter under {@code key} (a plain tensor is made a Parameter). */
    public Parameter put(String key, Tensor value) {
        Parameter p = asParameter(value);
        setAttribute(key, p);
        return p;
    }

    /** Removes and returns the parameter under {@code key}, as {@code pop}. */
    public Parameter remove(String key) {
        Parameter p = get(key);
        parameterMap().remove(key);
        return p;
    }

    /** Adds or replaces every entry, in the map's iteration order. */
    public void update(Map<String, ? extends Tensor> values) {
        for (Map.Entry<String, ? extends Tensor> e : values.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    /** True when a parameter is registered under {@code key}. */
    public boolean containsKey(String key) {
        return parameterMap().containsKey(key);
    }

    /** The number of parameters. */
    public int size() {
        return parameterMap().size();
    }

    /** Removes every parameter. */
    public void clear() {
        parameterMap().clear();
    }

    /** The keys in order (a read-only view). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(parameterMap().keySet());
    }

    /** The entries in order (a read-only view). */
    public Map<String, Parameter> items() {
        return Collections.unmodifiableMap(parameterMap());
    }

    /** Fails as a ParameterList does: a ParameterDict holds parameters and is not a layer. */
    @Override
    public Object forward(Object... inputs) {
        throw new UnsupportedOperationException("ParameterDict should not be called.");
    }

    /** One line per parameter: {@code (name): Parameter containing: [torch.FloatTensor of size 2x3]}. */
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
