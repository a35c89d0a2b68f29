package dev.arbor.optim;

import java.util.List;
import java.util.Map;

/** Multiplies each group's learning rate by {@code gamma} every {@code stepSize} epochs, as {@code StepLR}. */
public final class StepLR extends LRScheduler {
    private int stepSize;
    private double gamma;

    /**
     * A new schedule with gamma 0.1.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param stepSize the number of epochs between decays
     */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1, -1);
    }

    /**
     * A schedule decaying by {@code gamma} every {@code stepSize} epochs.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param stepSize the number of epochs between decays
     * @param gamma the factor applied at each decay
     * @param lastEpoch -1 for a new schedule, else the index of the last epoch when resuming
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialize();
    }

    @Override
    protected List<Double> computeLr() {
        return scaledGroupLrs(lastEpoch == 0 || lastEpoch % stepSize != 0 ? 1 : gamma);
    }

    @Override
    protected void saveState(Map<String, Object> state) {
        state.put("step_size", stepSize);
        state.put("gamma", gamma);
    }

    @Override
    protected void loadState(Map<String, ?> state) {
        stepSize = (int) number(state, "step_size", stepSize);
        gamma = number(state, "gamma", gamma);
    }
}
