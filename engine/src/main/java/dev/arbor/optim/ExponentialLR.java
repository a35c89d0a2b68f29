package dev.arbor.optim;

import java.util.List;
import java.util.Map;

/** Multiplies each group's learning rate by {@code gamma} every epoch, as {@code ExponentialLR}. */
public final class ExponentialLR extends LRScheduler {
    private double gamma;

    /**
     * A new schedule.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param gamma the factor applied every epoch
     */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        this(optimizer, gamma, -1);
    }

    /**
     * A schedule decaying by {@code gamma} per epoch.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param gamma the factor applied every epoch
     * @param lastEpoch -1 for a new schedule, else the index of the last epoch when resuming
     */
    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.gamma = gamma;
        initialize();
    }

    @Override
    protected List<Double> computeLr() {
        return scaledGroupLrs(lastEpoch == 0 ? 1 : gamma);
    }

    @Override
    protected void saveState(Map<String, Object> state) {
        state.put("gamma", gamma);
    }

    @Override
    protected void loadState(Map<String, ?> state) {
        gamma = number(state, "gamma", gamma);
    }
}
