package dev.arbor.nn;

import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Deep copies of layers, for the stacks that clone a prototype layer as PyTorch's {@code copy.deepcopy}. */
final class LayerCopies {
    private LayerCopies() {}

    /**
     * Makes {@code copy} (a fresh module of the same structure) a deep copy of {@code original}: each
     * parameter and persistent buffer takes a clone of the original's data (dtype and device
     * included), and each parameter's {@code requiresGrad} and each module's training flag are copied.
     *
     * @return {@code copy}
     */
    static <M extends Module> M copyState(M original, M copy) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        original.stateDict().forEach((key, value) -> state.put(key, value.clone()));
        copy.loadStateDict(state, true, true);
        Map<String, Parameter> copied = copy.namedParameters("", true, false);
        original.namedParameters("", true, false)
                .forEach((name, p) -> copied.get(name).requiresGrad_(p.requiresGrad()));
        Map<String, Module> copiedModules = copy.namedModules("", false);
        original.namedModules("", false).forEach((name, m) -> copiedModules.get(name).train(m.isTraining()));
        return copy;
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
