package dev.arbor.nn;

import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Child modules held by name, in insertion order, as {@code torch.nn.ModuleDict}. Keys follow the
 * rules of {@link Module#register} (no dots, not empty).
 */
public class ModuleDict extends Module {
    /** Creates an empty dict, as {@code nn.ModuleDict()}. */
    public ModuleDict() {}

    /**
     * Creates a dict of these modules, as {@code nn.ModuleDict(modules)}.
     *
     * @param modules the modules by key, registered in the map's iteration order
     * @throws IllegalArgumentException with PyTorch's message for a key that is empty or has a dot
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ModuleDict(Map<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) {
            register(e.getKey(), e.getValue());
        }
    }

    /**
     * {@return the module under {@code key}, as {@code dict[key]}}
     *
     * @param key the name the module was put under
     * @throws NoSuchElementException (Python's KeyError) when there is no such key
     */
    public Module get(String key) {
        if (!childMap().containsKey(key)) {
            throw new NoSuchElementException("'" + key + "'");
        }
        return childMap().get(key);
    }

    /**
     * Adds or replaces the module under {@code key}, as {@code dict[key] = module}; a new key goes last.
     *
     * @param <M>    the module's type, kept for the result
     * @param key    the name: not empty, without dots
     * @param module the module
     * @return {@code module}
     * @throws IllegalArgumentException with PyTorch's message for a bad key
     */
    public <M extends Module> M put(String key, M module) {
        return register(key, module);
    }

    /**
     * Removes the module under {@code key}, as {@code pop(key)}.
     *
     * @param key the name the module was put under
     * @return the removed module
     * @throws NoSuchElementException (Python's KeyError) when there is no such key
     */
    public Module remove(String key) {
        Module m = get(key);
        childMap().remove(key);
        return m;
    }

    /**
     * Adds or replaces every entry of {@code modules}, in its iteration order, as {@code update}.
     *
     * @param modules the modules by key
     * @throws IllegalArgumentException with PyTorch's message for a bad key
     */
    public void update(Map<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    /**
     * {@return whether a module is registered under {@code key}, Python's {@code key in dict}}
     *
     * @param key the name to look for
     */
    public boolean containsKey(String key) {
        return childMap().containsKey(key);
    }

    /** {@return the number of modules, Python's {@code len}} */
    public int size() {
        return childMap().size();
    }

    /** Removes every module, as {@code clear()}. */
    public void clear() {
        childMap().clear();
    }

    /** {@return the keys in order, as a read-only view} */
    public Set<String> keys() {
        return Collections.unmodifiableSet(childMap().keySet());
    }

    /** {@return the modules by key in order, as a read-only view} */
    public Map<String, Module> items() {
        return Collections.unmodifiableMap(childMap());
    }
}
