package dev.arbor.optim;

import dev.arbor.nn.PyRepr;
import dev.arbor.nn.utils.Gradients;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of the optimizers, as {@code torch.optim.Optimizer}: parameter groups with their own
 * options, per-parameter state, {@link #zeroGrad}, {@link #step} without recording gradients, and
 * state dicts in PyTorch's structure ({@code state} keyed by parameter index, {@code param_groups}
 * with the options and a {@code params} list of indices), so that a training run can be saved and
 * resumed, and a PyTorch optimizer's state dict loaded.
 *
 * <p>Parameters without a gradient are skipped by a step. Updates follow PyTorch 1.13's single-tensor
 * ({@code foreach=False}) formulas.
 */
public abstract class Optimizer {
    private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);

    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();

    /**
     * An optimizer over parameter groups.
     *
     * @param groups   the parameter groups (at least one parameter in all)
     * @param defaults the options a group takes when it does not set them, in PyTorch's order
     */
    protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        if (groups.isEmpty() || groups.stream().allMatch(g -> g.params().isEmpty())) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (ParamGroup g : groups) {
            addGroup(g);
        }
    }

    /** Fails with PyTorch's message ({@code Invalid learning rate: -0.1}) unless {@code valid}. */
    static void check(boolean valid, String what, double value) {
        if (!valid) {
            throw new IllegalArgumentException("Invalid " + what + ": " + PyRepr.of(value));
        }
    }

    /** One group holding {@code params}. */
    static List<ParamGroup> single(Iterable<? extends Tensor> params) {
        return List.of(new ParamGroup(params));
    }

    /** {@return the default options by PyTorch's names, in PyTorch's order (read-only)} */
    public final Map<String, Object> defaults() {
        return defaults;
    }

    /** {@return the parameter groups, in order (a read-only list; the groups' options can be changed)} */
    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /**
     * Adds a group (for example a layer unfrozen during fine-tuning), filling its unset options from
     * the defaults.
     *
     * @param group the group; its options are completed in place
     * @throws IllegalArgumentException for a non-leaf tensor or a parameter already in another group
     */
    public final void addParamGroup(ParamGroup group) {
        addGroup(group);
    }

    private void addGroup(ParamGroup group) {
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            }
        }
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            group.setDefault(e.getKey(), e.getValue());
        }
        Set<Tensor> inGroup = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : group.params()) {
            if (!inGroup.add(p)) {
                LOG.warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause "
                        + "an error; see github.com/pytorch/pytorch/issues/40967 for more information");
                break;
            }
        }
        for (ParamGroup other : paramGroups) {
            for (Tensor p : other.params()) {
                if (inGroup.contains(p)) {
                    throw new IllegalArgumentException("some parameters appear in more than one parameter group");
                }
            }
        }
        paramGroups.add(group);
    }

    /**
     * {@return the live, mutable state of one parameter (created empty on first use), as
     * {@code optimizer.state[p]}}
     *
     * @param param the parameter, by identity
     */
    public final Map<String, Object> state(Tensor param) {
        return state.computeIfAbsent(param, p -> new LinkedHashMap<>());
    }

    /** Clears the gradients of every parameter (to null, PyTorch 2's default). */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears the gradients: to null, or to zeros in place when {@code setToNone} is false.
     *
     * @param setToNone true to set each gradient to null, false to fill it with zeros
     */
    public final void zeroGrad(boolean setToNone) {
        for (ParamGroup g : paramGroups) {
            Gradients.zero_(g.params(), setToNone);
        }
    }

    /** Updates every parameter that has a gradient, without recording gradients. */
    public final void step() {
        try (var scope = GradMode.noGrad()) {
            for (ParamGroup g : paramGroups) {
                update(g);
            }
        }
    }

    /**
     * Evaluates {@code closure} with gradients enabled (it typically zeroes the gradients, computes the
     * loss and calls backward), then steps.
     *
     * @param closure computes the loss and its gradients
     * @return the closure's loss
     */
    public final Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var scope = GradMode.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /**
     * Updates the parameters of one group that have a gradient; runs without recording gradients.
     *
     * @param group the group, with every option set
     */
    protected abstract void update(ParamGroup group);

    // ---------------------------------------------------------------- state dict

    /**
     * The state in PyTorch's structure: {@code {"state": {index: {name: value}}, "param_groups":
     * [{option: value, ..., "params": [index, ...]}]}}, with parameters numbered across groups in
     * order. The state's tensors are the live ones (save or copy them).
     *
     * @return a new map in PyTorch's structure
     */
    public final Map<String, Object> stateDict() {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        int next = 0;
        for (ParamGroup g : paramGroups) {
            Map<String, Object> packed = new LinkedHashMap<>(g.options());
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                if (!index.containsKey(p)) {
                    index.put(p, next);
                }
                next++;
                ids.add(index.get(p));
            }
            packed.put("params", ids);
            groups.add(packed);
        }
        Map<Integer, Map<String, Object>> packedState = new TreeMap<>();
        for (Map.Entry<Tensor, Map<String, Object>> e : state.entrySet()) {
            Integer i = index.get(e.getKey());
            if (i != null) {
                packedState.put(i, new LinkedHashMap<>(e.getValue()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", new LinkedHashMap<>(packedState));
        out.put("param_groups", groups);
        return out;
    }

    /**
     * Restores a state dict made by {@link #stateDict} (here or by PyTorch, for the same parameters in
     * the same order). Tensors are copied; floating-point state tensors (except {@code step}) take
     * their parameter's dtype and every state tensor its device. Each group's options become the
     * saved ones.
     *
     * @param stateDict a map with a {@code "state"} map and a {@code "param_groups"} list
     * @throws IllegalArgumentException with PyTorch's message when the groups do not match
     */
    public final void loadStateDict(Map<String, ?> stateDict) {
        if (!(stateDict.get("param_groups") instanceof List<?> savedGroups)
                || !(stateDict.get("state") instanceof Map<?, ?> savedState)) {
            throw new IllegalArgumentException("an optimizer state dict has a \"state\" map and a \"param_groups\" list");
        }
        if (savedGroups.size() != paramGroups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        }
        Map<Integer, Tensor> idMap = new LinkedHashMap<>();
        List<Map<String, Object>> newOptions = new ArrayList<>();
        for (int gi = 0; gi < paramGroups.size(); gi++) {
            Map<?, ?> saved = (Map<?, ?>) savedGroups.get(gi);
            List<?> ids = (List<?>) saved.get("params");
            List<Tensor> params = paramGroups.get(gi).params();
            if (ids == null || ids.size() != params.size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match "
                        + "the size of optimizer's group");
            }
            for (int k = 0; k < ids.size(); k++) {
                idMap.put(indexOf(ids.get(k)), params.get(k));
            }
            Map<String, Object> options = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : saved.entrySet()) {
                if (!"params".equals(e.getKey())) {
                    options.put(String.valueOf(e.getKey()), e.getValue());
                }
            }
            newOptions.add(options);
        }
        Map<Tensor, Map<String, Object>> newState = new IdentityHashMap<>();
        for (Map.Entry<?, ?> e : savedState.entrySet()) {
            Tensor param = idMap.get(indexOf(e.getKey()));
            if (param == null || !(e.getValue() instanceof Map<?, ?> entries)) {
                continue;
            }
            Map<String, Object> copied = new LinkedHashMap<>();
            for (Map.Entry<?, ?> s : entries.entrySet()) {
                copied.put(String.valueOf(s.getKey()), castLike(param, String.valueOf(s.getKey()), s.getValue()));
            }
            newState.put(param, copied);
        }
        state.clear();
        state.putAll(newState);
        for (int gi = 0; gi < paramGroups.size(); gi++) {
            paramGroups.get(gi).replaceOptions(newOptions.get(gi));
        }
    }

    private static int indexOf(Object key) {
        if (key instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer state is keyed by parameter index, got '" + key + "'", e);
        }
    }

    private static Object castLike(Tensor param, String key, Object value) {
        if (!(value instanceof Tensor t)) {
            return value;
        }
        Tensor copy = t.detach().clone();
        if (!key.equals("step") && param.dtype().isFloatingPoint()) {
            copy = copy.to(param.dtype());
        }
        return copy.to(param.device());
    }
}
