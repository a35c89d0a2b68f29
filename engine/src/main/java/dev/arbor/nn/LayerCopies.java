package dev.arbor.nn;

import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Deep copies of layers, for the stacks that clone a prototype layer as PyTorch's {@code copy.deepcopy}. */
final class LayerCopies {
    private LayerCopies() {}

    /**
     * Makes {@code copy}, a fresh module built from the options {@code original} was built with, a deep
     * copy of {@code original}, as Python's {@code copy.deepcopy}: every parameter and buffer (persistent
     * or not, including ones registered after construction) takes a clone of the original's data, dtype
     * and device included; each parameter's {@code requiresGrad} and each module's training flag are
     * copied. Gradients are not copied (as PyTorch's {@code Parameter.__deepcopy__}), nor are hooks.
     *
     * @return {@code copy}
     * @throws IllegalStateException when the original's children, or the shapes of its parameters and
     *                               buffers, no longer match what its options build (a child replaced by
     *                               one of another class, added or removed after construction)
     */
    static <M extends Module> M copyState(M original, M copy) {
        requireSameChildren(original, copy);
        Map<String, Tensor> state = original.stateDict();
        Map<String, Parameter> copiedParameters = copy.namedParameters("", true, false);
        original.namedParameters("", true, false).forEach((name, p) -> {
            if (!copiedParameters.containsKey(name)) {
                owner(copy, name).registerParameter(leaf(name), new Parameter(p.detach().clone(), p.requiresGrad()));
            }
        });
        Map<String, Tensor> copiedBuffers = copy.namedBuffers("", true, false);
        original.namedBuffers("", true, false).forEach((name, b) -> {
            boolean persistent = state.containsKey(name);
            // the state dict carries persistent buffers the copy has; register the others here
            if (!persistent || !copiedBuffers.containsKey(name)) {
                owner(copy, name).registerBuffer(leaf(name), b.detach().clone(), persistent);
            }
        });
        Map<String, Tensor> clones = new LinkedHashMap<>();
        state.forEach((key, value) -> clones.put(key, value.clone()));
        try {
            copy.loadStateDict(clones, true, true);
        } catch (StateDictLoadException e) {
            throw new IllegalStateException("cannot deep-copy " + original.typeName() + ": a copy is rebuilt from the "
                    + "options the layer was built with, and its state no longer fits them: " + e.getMessage(), e);
        }
        Map<String, Parameter> copied = copy.namedParameters("", true, false);
        original.namedParameters("", true, false)
                .forEach((name, p) -> copied.get(name).requiresGrad_(p.requiresGrad()));
        Map<String, Module> copiedModules = copy.namedModules("", false);
        original.namedModules("", false).forEach((name, m) -> copiedModules.get(name).train(m.isTraining()));
        return copy;
    }

    /** Fails unless both trees have the same module names, each of the same class. */
    private static void requireSameChildren(Module original, Module copy) {
        Map<String, Module> built = copy.namedModules("", false);
        Map<String, Module> held = original.namedModules("", false);
        List<String> differences = new ArrayList<>();
        held.forEach((name, m) -> {
            Module b = built.get(name);
            if (b == null) {
                differences.add(name + " (" + m.typeName() + ") was added");
            } else if (b.getClass() != m.getClass()) {
                differences.add(name + " is a " + m.typeName() + " where the options build a " + b.typeName());
            }
        });
        built.forEach((name, b) -> {
            if (!held.containsKey(name)) {
                differences.add(name + " (" + b.typeName() + ") was removed");
            }
        });
        if (!differences.isEmpty()) {
            throw new IllegalStateException("cannot deep-copy " + original.typeName() + ": a copy is rebuilt from the "
                    + "options the layer was built with, and its children were changed after it was built: "
                    + String.join("; ", differences));
        }
    }

    /** The module of {@code tree} that holds the dotted {@code name}. */
    private static Module owner(Module tree, String name) {
        int dot = name.lastIndexOf('.');
        return tree.getSubmodule(dot < 0 ? "" : name.substring(0, dot));
    }

    private static String leaf(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** {@code n} copies made by {@code copy}, as PyTorch's {@code _get_clones}. */
    static ModuleList clones(Supplier<? extends Module> copy, int n) {
        ModuleList layers = new ModuleList();
        for (int i = 0; i < n; i++) {
            layers.append(copy.get());
        }
        return layers;
    }
}
