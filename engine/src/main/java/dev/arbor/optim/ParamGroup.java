package dev.arbor.optim;

import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of parameters that an {@link Optimizer} updates with the same options, as one entry of
 * PyTorch's {@code optimizer.param_groups}: the tensors, and options by PyTorch's names ({@code "lr"},
 * {@code "momentum"}, {@code "betas"}, ...). Options not set here take the optimizer's defaults when
 * the group is added. Schedulers change options (such as {@code "lr"}) between steps.
 *
 * <pre>{@code
 * new SGD(List.of(new ParamGroup(backbone.parameters()),
 *                 new ParamGroup(head.parameters()).set("lr", 1e-2)),
 *         new SGD.Options(1e-3).momentum(0.9));
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final LinkedHashMap<String, Object> options = new LinkedHashMap<>();

    /**
     * A group of these parameters with the optimizer's default options.
     *
     * @param params the parameters, copied in iteration order
     */
    public ParamGroup(Iterable<? extends Tensor> params) {
        this(params, Map.of());
    }

    /**
     * A group of these parameters with some options of its own.
     *
     * @param params the parameters, copied in iteration order
     * @param options options by PyTorch's names (copied); the others take the optimizer's defaults
     */
    public ParamGroup(Iterable<? extends Tensor> params, Map<String, ?> options) {
        List<Tensor> list = new ArrayList<>();
        for (Tensor p : params) {
            list.add(p);
        }
        this.params = Collections.unmodifiableList(list);
        this.options.putAll(options);
    }

    /** {@return the parameters, in order (read-only)} */
    public List<Tensor> params() {
        return params;
    }

    /** {@return the options, in order (a read-only view; change them with {@link #set})} */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /**
     * {@return true when the option is set, even to null}
     *
     * @param key the option's PyTorch name
     */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /**
     * {@return the option's value (a Double, Boolean, List of Doubles, ...), or null when unset or None}
     *
     * @param key the option's PyTorch name
     */
    public Object get(String key) {
        return options.get(key);
    }

    /**
     * {@return a numeric option as a double}
     *
     * @param key the option's PyTorch name
     * @throws IllegalArgumentException when it is not set or not a number
     */
    public double getDouble(String key) {
        if (options.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("param group option '" + key + "' is " + describe(key) + ", not a number");
    }

    /**
     * {@return a boolean option}
     *
     * @param key the option's PyTorch name
     * @throws IllegalArgumentException when it is not set or not a boolean
     */
    public boolean getBoolean(String key) {
        if (options.get(key) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("param group option '" + key + "' is " + describe(key) + ", not a boolean");
    }

    private String describe(String key) {
        Object v = options.get(key);
        return v == null ? (options.containsKey(key) ? "None" : "not set") : v.getClass().getSimpleName() + " " + v;
    }

    /**
     * Sets an option.
     *
     * @param key the option's PyTorch name, not {@code "params"}
     * @param value the value, such as a Double, a Boolean or a List of Doubles
     * @return this group
     * @throws IllegalArgumentException for {@code "params"}
     */
    public ParamGroup set(String key, Object value) {
        if (key.equals("params")) {
            throw new IllegalArgumentException("the parameters of a group are fixed when it is made");
        }
        options.put(key, value);
        return this;
    }

    /**
     * {@return the learning rate, option {@code "lr"}}
     *
     * @throws IllegalArgumentException when it is not set or not a number
     */
    public double lr() {
        return getDouble("lr");
    }

    /**
     * Sets the learning rate, option {@code "lr"}.
     *
     * @param lr the learning rate
     */
    public void setLr(double lr) {
        options.put("lr", lr);
    }

    void setDefault(String key, Object value) {
        options.putIfAbsent(key, value);
    }

    void replaceOptions(Map<String, Object> newOptions) {
        options.clear();
        options.putAll(newOptions);
    }
}
