package dev.arbor.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cosine annealing from the base rate to {@code etaMin} over {@code tMax} epochs and back, as
 * {@code CosineAnnealingLR}, with PyTorch's recursive formula (each rate computed from the previous
 * one, so that other changes to the rate carry through), restarting the climb every {@code 2 tMax}.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private int tMax;
    private double etaMin;

    /**
     * A new schedule with etaMin 0.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param tMax the half-period in epochs ({@code T_max})
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0, -1);
    }

    /**
     * A schedule of half-period {@code tMax} epochs down to {@code etaMin}.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param tMax the half-period in epochs ({@code T_max})
     * @param etaMin the lowest learning rate ({@code eta_min})
     * @param lastEpoch -1 for a new schedule, else the index of the last epoch when resuming
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialize();
    }

    @Override
    protected List<Double> computeLr() {
        List<Double> lrs = groupLrs();
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < lrs.size(); i++) {
            double lr = lrs.get(i);
            double base = baseLrs.get(i);
            if (lastEpoch == 0) {
                out.add(lr);
            } else if (stepCount == 1 && lastEpoch > 0) {
                out.add(etaMin + (base - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2);
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                out.add(lr + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2);
            } else {
                out.add((1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin) + etaMin);
            }
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> state) {
        state.put("T_max", tMax);
        state.put("eta_min", etaMin);
    }

    @Override
    protected void loadState(Map<String, ?> state) {
        tMax = (int) number(state, "T_max", tMax);
        etaMin = number(state, "eta_min", etaMin);
    }
}
