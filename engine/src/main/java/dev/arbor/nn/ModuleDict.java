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
    /** An empty dict. */
    public ModuleDict() {}

    /** A dict of these modules, in the map's iteration order. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public ModuleDict(Map<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) {
            register(e.getKey(), e.getValue());
        }
    }

    /** The module under {@code key}. */
    public Module get(String key) {
        if (!childMap().containsKey(key)) {
            throw new NoSuchElementException("'" + key + "'");
        }
        return childMap().get(key);
    }

    /** Adds or replaces the module under {@code key}. */
    public <M extends Module> M put(String key, M module) {
        return register(key, module);
    }

    /** Removes and returns the module under {@code key}, as {@code pop}. */
    public Module remove(String key) {
        Module m = get(key);
        childMap().remove(key);
        return m;
    }

    /** Adds or replaces every entry of {@code modules}, in its iteration order. */
    public void update(Map<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    /** True when a module is registered under {@code key}. */
    public boolean containsKey(String key) {
        return childMap().containsKey(key);
    }

    /** The number of modules. */
    public int size() {
        return childMap().size();
    }

    /** Removes every module. */
    public void clear() {
        childMap().clear();
    }

    /** The keys in order (a read-only view). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(childMap().keySet());
    }

    /** The entries in order (a read-only view). */
    public Map<String, Module> items() {
        return Collections.unmodifiableMap(childMap());
    }
}
