package dev.arbor.optim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multiplies each group's learning rate by {@code gamma} at each milestone epoch, as
 * {@code MultiStepLR}; a milestone listed k times multiplies by {@code gamma^k}.
 */
public final class MultiStepLR extends LRScheduler {
    private Map<Integer, Integer> milestones = new TreeMap<>();
    private double gamma;

    /**
     * A new schedule with gamma 0.1.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param milestones the epoch indices at which the rate decays, in any order, repeats allowed
     */
    public MultiStepLR(Optimizer optimizer, List<Integer> milestones) {
        this(optimizer, milestones, 0.1, -1);
    }

    /**
     * A schedule decaying by {@code gamma} at each milestone.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param milestones the epoch indices at which the rate decays, in any order, repeats allowed
     * @param gamma the factor applied at each milestone
     * @param lastEpoch -1 for a new schedule, else the index of the last epoch when resuming
     */
    public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma, int lastEpoch) {
        super(optimizer, lastEpoch);
        for (int m : milestones) {
            this.milestones.merge(m, 1, Integer::sum);
        }
        this.gamma = gamma;
        initialize();
    }

    @Override
    protected List<Double> computeLr() {
        Integer count = milestones.get(lastEpoch);
        return scaledGroupLrs(count == null ? 1 : Math.pow(gamma, count));
    }

    @Override
    protected void saveState(Map<String, Object> state) {
        state.put("milestones", new TreeMap<>(milestones));
        state.put("gamma", gamma);
    }

    @Override
    protected void loadState(Map<String, ?> state) {
        if (state.get("milestones") instanceof Map<?, ?> m) {
            Map<Integer, Integer> restored = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                restored.put(Integer.parseInt(String.valueOf(e.getKey())), ((Number) e.getValue()).intValue());
            }
            milestones = restored;
        }
        gamma = number(state, "gamma", gamma);
    }
}
