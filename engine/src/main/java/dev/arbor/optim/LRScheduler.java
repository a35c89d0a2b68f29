package dev.arbor.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the learning-rate schedulers, as {@code torch.optim.lr_scheduler._LRScheduler}: each
 * {@link #step()} (called after the optimizer's step, once per epoch or per batch as the schedule
 * intends) advances {@code last_epoch} and sets every group's {@code "lr"}. A new scheduler records
 * each group's {@code "initial_lr"} and takes a first step, which sets the starting learning rate.
 *
 * <p>A subclass computes the rates in {@link #computeLr()} (PyTorch's {@code get_lr}) and calls
 * {@link #initialize()} at the end of its constructor, once its own fields are set.
 */
public abstract class LRScheduler {
    /** The optimizer whose groups' learning rates this schedule sets. */
    protected final Optimizer optimizer;
    /** Each group's {@code initial_lr}. */
    protected List<Double> baseLrs;
    /** The index of the current epoch (0 after the first step). */
    protected int lastEpoch;
    /** How many times {@link #step()} ran. */
    protected int stepCount;
    private List<Double> lastLr = List.of();

    /**
     * A schedule for {@code optimizer}; the subclass calls {@link #initialize()} once set up.
     *
     * @param optimizer the optimizer whose groups' {@code "lr"} the schedule sets
     * @param lastEpoch -1 for a new schedule; the index of the last epoch when resuming, in which
     *                  case every group must have {@code "initial_lr"}
     */
    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        this.optimizer = optimizer;
        this.lastEpoch = lastEpoch;
    }

    /**
     * What PyTorch's base constructor does once the subclass is set up: records {@code initial_lr},
     * the base rates, and takes the first step.
     *
     * @throws IllegalArgumentException when resuming and a group has no {@code initial_lr}
     */
    protected final void initialize() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (lastEpoch == -1) {
                g.setDefault("initial_lr", g.lr());
            } else if (!g.has("initial_lr")) {
                throw new IllegalArgumentException("param 'initial_lr' is not specified in param_groups[" + i
                        + "] when resuming an optimizer");
            }
        }
        baseLrs = new ArrayList<>();
        for (ParamGroup g : groups) {
            baseLrs.add(g.getDouble("initial_lr"));
        }
        stepCount = 0;
        step();
    }

    /**
     * Computes the learning rates for epoch {@link #lastEpoch} (PyTorch's {@code get_lr}).
     *
     * @return one learning rate for each group, in group order
     */
    protected abstract List<Double> computeLr();

    /** Advances the schedule by one epoch and sets every group's learning rate. */
    public void step() {
        stepCount++;
        lastEpoch++;
        List<Double> values = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(values.get(i));
        }
        List<Double> last = new ArrayList<>();
        for (ParamGroup g : groups) {
            last.add(g.lr());
        }
        lastLr = List.copyOf(last);
    }

    /** {@return the learning rates set by the last step, one per group, as {@code get_last_lr()}} */
    public final List<Double> lastLr() {
        return lastLr;
    }

    /** {@return the current epoch index, PyTorch's {@code last_epoch} (0 after the first step)} */
    public final int lastEpoch() {
        return lastEpoch;
    }

    /**
     * {@return every group's current learning rate times {@code factor}: the step of the multiplicative
     * schedules}
     *
     * @param factor the factor applied to each group's current rate
     */
    protected final List<Double> scaledGroupLrs(double factor) {
        List<Double> out = new ArrayList<>();
        for (double lr : groupLrs()) {
            out.add(lr * factor);
        }
        return out;
    }

    /** {@return each group's current learning rate, read now} */
    protected final List<Double> groupLrs() {
        List<Double> out = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            out.add(g.lr());
        }
        return out;
    }

    /**
     * The schedule's state by PyTorch's attribute names ({@code base_lrs}, {@code last_epoch},
     * {@code _step_count}, {@code _last_lr} and each scheduler's own settings), without the optimizer.
     *
     * @return a new map by PyTorch's attribute names
     */
    public final Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("base_lrs", List.copyOf(baseLrs));
        out.put("last_epoch", lastEpoch);
        out.put("_step_count", stepCount);
        out.put("_last_lr", lastLr);
        saveState(out);
        return out;
    }

    /**
     * Restores what {@link #stateDict} returned (entries it lacks keep their value).
     *
     * @param state a state dict by PyTorch's attribute names, from Arbor or PyTorch
     */
    public final void loadStateDict(Map<String, ?> state) {
        if (state.get("base_lrs") instanceof List<?> l) {
            baseLrs = doubles(l);
        }
        if (state.get("last_epoch") instanceof Number n) {
            lastEpoch = n.intValue();
        }
        if (state.get("_step_count") instanceof Number n) {
            stepCount = n.intValue();
        }
        if (state.get("_last_lr") instanceof List<?> l) {
            lastLr = List.copyOf(doubles(l));
        }
        loadState(state);
    }

    /**
     * Adds a subclass's settings to the state dict; the default adds none.
     *
     * @param state the state dict being built, to add entries to by PyTorch's attribute names
     */
    protected void saveState(Map<String, Object> state) {}

    /**
     * Restores a subclass's settings from a state dict; the default restores none.
     *
     * @param state the state dict being loaded; entries it lacks keep their value
     */
    protected void loadState(Map<String, ?> state) {}

    static List<Double> doubles(List<?> values) {
        List<Double> out = new ArrayList<>();
        for (Object v : values) {
            out.add(((Number) v).doubleValue());
        }
        return out;
    }

    /** A number from a state dict, or {@code fallback} when absent. */
    static double number(Map<String, ?> state, String key, double fallback) {
        return state.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }
}
