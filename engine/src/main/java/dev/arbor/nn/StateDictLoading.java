package dev.arbor.nn;

import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Module#loadStateDict} in two phases: first every module's keys are matched and shapes
 * checked as PyTorch's {@code _load_from_state_dict} does (running the load pre-hooks), collecting
 * the copies to make; then, only if nothing failed, the copies are made. So a failed load changes no
 * tensor.
 */
final class StateDictLoading {
    /** One value to copy into one tensor of the module. */
    private record Copy(Tensor target, Tensor source) {}

    /** One value to pass to a module's {@link Module#setExtraState}. */
    private record ExtraStateSet(Module module, Object state) {}

    private final boolean assign;
    private final List<String> missingKeys = new ArrayList<>();
    private final List<String> unexpectedKeys = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<Copy> copies = new ArrayList<>();
    private final List<ExtraStateSet> extraStates = new ArrayList<>();
    /** Modules with load post-hooks, in the order PyTorch runs them (children before parents). */
    private final List<Module> postHookModules = new ArrayList<>();

    private StateDictLoading(boolean assign) {
        this.assign = assign;
    }

    static IncompatibleKeys load(Module root, Map<String, ?> stateDict, boolean strict, boolean assign) {
        if (stateDict == null) {
            throw new IllegalArgumentException("Expected state_dict to be dict-like, got None.");
        }
        StateDictLoading loading = new StateDictLoading(assign);
        loading.plan(root, new LinkedHashMap<>(stateDict), "");
        IncompatibleKeys keys = new IncompatibleKeys(loading.missingKeys, loading.unexpectedKeys);
        if (!loading.errors.isEmpty() || (loading.postHookModules.isEmpty() && strict && loading.keysFail())) {
            throw loading.failure(root, strict);
        }
        List<Tensor> backups = loading.postHookModules.isEmpty() || !strict ? null : loading.backups();
        List<ExtraStateSet> extraBackups = backups == null ? null : loading.extraStateBackups();
        loading.copy();
        for (Module m : loading.postHookModules) {
            for (ModuleHooks.LoadStateDictPostHook hook : m.loadStateDictPostHooks.snapshot()) {
                hook.apply(m, keys);
            }
        }
        if (strict && loading.keysFail()) {
            loading.restore(backups);
            extraBackups.forEach(b -> b.module().setExtraState(b.state()));
            throw loading.failure(root, strict);
        }
        return keys;
    }

    /** Matches one module's entries, then its children's, as PyTorch's nested {@code load}. */
    private void plan(Module module, LinkedHashMap<String, Object> local, String prefix) {
        for (ModuleHooks.LoadStateDictPreHook hook : module.loadStateDictPreHooks.snapshot()) {
            hook.apply(module, local, prefix, missingKeys, unexpectedKeys, errors);
        }
        LinkedHashMap<String, Tensor> own = module.localState();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            String key = prefix + e.getKey();
            if (local.containsKey(key)) {
                match(key, e.getValue(), local.get(key));
            } else {
                missingKeys.add(key);
            }
        }
        String extraKey = prefix + ExtraState.KEY;
        if (ExtraState.loads(module)) {
            if (local.containsKey(extraKey)) {
                extraStates.add(new ExtraStateSet(module, local.get(extraKey)));
            } else {
                missingKeys.add(extraKey);
            }
        } else if (local.containsKey(extraKey)) {
            unexpectedKeys.add(extraKey);
        }
        for (String key : local.keySet()) {
            if (key.startsWith(prefix) && !key.equals(extraKey)) {
                String name = key.substring(prefix.length()).split("\\.", 2)[0];
                if (!module.childMap().containsKey(name) && !own.containsKey(name)) {
                    unexpectedKeys.add(key);
                }
            }
        }
        for (Map.Entry<String, Module> e : module.childMap().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String childPrefix = prefix + e.getKey() + ".";
            LinkedHashMap<String, Object> childLocal = new LinkedHashMap<>();
            for (Map.Entry<String, Object> kv : local.entrySet()) {
                if (kv.getKey().startsWith(childPrefix)) {
                    childLocal.put(kv.getKey(), kv.getValue());
                }
            }
            plan(e.getValue(), childLocal, childPrefix);
        }
        if (!module.loadStateDictPostHooks.isEmpty()) {
            postHookModules.add(module);
        }
    }

    private void match(String key, Tensor target, Object value) {
        if (!(value instanceof Tensor source)) {
            errors.add("While copying the parameter named \"" + key + "\", expected torch.Tensor or Tensor-like object "
                    + "from checkpoint but received " + (value == null ? "<class 'NoneType'>"
                    : "<class '" + value.getClass().getSimpleName() + "'>"));
            return;
        }
        // PyTorch 0.3 saved scalars as 1-element 1-d tensors
        if (target.dim() == 0 && source.dim() == 1 && source.size(0) > 0) {
            source = source.select(0, 0);
        }
        if (!Arrays.equals(source.shape(), target.shape())) {
            errors.add("size mismatch for " + key + ": copying a param with shape " + torchSize(source.shape())
                    + " from checkpoint, the shape in current model is " + torchSize(target.shape()) + ".");
            return;
        }
        if (assign && target.requiresGrad() && !source.dtype().isFloatingPoint()) {
            errors.add("While copying the parameter named \"" + key + "\", whose dimensions in the model are "
                    + torchSize(target.shape()) + " and whose dimensions in the checkpoint are "
                    + torchSize(source.shape()) + ", an exception occurred : ('Only Tensors of floating point and "
                    + "complex dtype can require gradients',).");
            return;
        }
        copies.add(new Copy(target, source));
    }

    private boolean keysFail() {
        return !missingKeys.isEmpty() || !unexpectedKeys.isEmpty();
    }

    private StateDictLoadException failure(Module root, boolean strict) {
        List<String> messages = new ArrayList<>();
        if (strict && !missingKeys.isEmpty()) {
            messages.add("Missing key(s) in state_dict: " + quoted(missingKeys) + ". ");
        }
        if (strict && !unexpectedKeys.isEmpty()) {
            messages.add("Unexpected key(s) in state_dict: " + quoted(unexpectedKeys) + ". ");
        }
        messages.addAll(errors);
        return new StateDictLoadException("Error(s) in loading state_dict for " + root.typeName() + ":\n\t"
                + String.join("\n\t", messages), missingKeys, unexpectedKeys, errors);
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append(sb.isEmpty() ? "" : ", ").append('"').append(k).append('"');
        }
        return sb.toString();
    }

    private void copy() {
        try (var scope = GradMode.noGrad()) {
            for (Copy c : copies) {
                if (assign) {
                    c.target().setData(c.source());
                } else {
                    c.target().copy_(c.source());
                }
            }
        }
        extraStates.forEach(e -> e.module().setExtraState(e.state()));
    }

    /** What the modules to be given extra state hold now, where their class can say it. */
    private List<ExtraStateSet> extraStateBackups() {
        List<ExtraStateSet> out = new ArrayList<>();
        for (ExtraStateSet e : extraStates) {
            if (ExtraState.saves(e.module())) {
                out.add(new ExtraStateSet(e.module(), e.module().getExtraState()));
            }
        }
        return out;
    }

    /** What each target holds before the copy: a view of its current data (assign) or a copy of it. */
    private List<Tensor> backups() {
        List<Tensor> out = new ArrayList<>(copies.size());
        try (var scope = GradMode.noGrad()) {
            for (Copy c : copies) {
                out.add(assign ? c.target().detach() : c.target().clone());
            }
        }
        return out;
    }

    /** A shape as PyTorch's messages print it: {@code torch.Size([8, 4])}. */
    private static String torchSize(long[] shape) {
        return "torch.Size(" + Shapes.str(shape) + ")";
    }

    private void restore(List<Tensor> backups) {
        try (var scope = GradMode.noGrad()) {
            for (int i = copies.size() - 1; i >= 0; i--) {
                Tensor target = copies.get(i).target();
                if (assign) {
                    target.setData(backups.get(i));
                } else {
                    target.copy_(backups.get(i));
                }
            }
        }
    }
}
