package dev.arbor.optim;

import dev.arbor.nn.PyRepr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy, as {@code OneCycleLR}: per batch, the rate climbs from
 * {@code max_lr / div_factor} to {@code max_lr} over {@code pct_start} of the steps, then anneals to
 * {@code initial_lr / final_div_factor} (cosine or linear), while the momentum (SGD's
 * {@code momentum}, Adam's {@code beta1}) moves the opposite way between {@code max_momentum} and
 * {@code base_momentum}. With {@code threePhase} the rate comes back down to the initial rate
 * symmetrically before the final annealing. Stepping past {@code total_steps} is an error.
 */
public final class OneCycleLR extends LRScheduler {
    /** One phase of the schedule: where it ends, and the group options it anneals between. */
    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    /** The schedule's settings, with PyTorch's defaults; {@code maxLr} is one value or one per group. */
    public static final class Options {
        private final double[] maxLr;
        private Integer totalSteps;
        private Integer epochs;
        private Integer stepsPerEpoch;
        private double pctStart = 0.3;
        private String annealStrategy = "cos";
        private boolean cycleMomentum = true;
        private double[] baseMomentum = {0.85};
        private double[] maxMomentum = {0.95};
        private double divFactor = 25;
        private double finalDivFactor = 1e4;
        private boolean threePhase;
        private int lastEpoch = -1;

        /**
         * Settings with PyTorch's defaults and this peak learning rate.
         *
         * @param maxLr the peak learning rate ({@code max_lr}): one for every group, or one per group
         */
        public Options(double... maxLr) {
            this.maxLr = maxLr.clone();
        }

        /**
         * Sets {@code total_steps}, the number of steps in the cycle (or give epochs and steps per epoch).
         *
         * @param v the number of steps, positive
         * @return these settings
         */
        public Options totalSteps(int v) {
            totalSteps = v;
            return this;
        }

        /**
         * Sets {@code epochs}, the number of epochs, used with {@link #stepsPerEpoch} when total steps are not set.
         *
         * @param v the number of epochs, positive
         * @return these settings
         */
        public Options epochs(int v) {
            epochs = v;
            return this;
        }

        /**
         * Sets {@code steps_per_epoch}, used with {@link #epochs} when total steps are not set.
         *
         * @param v the number of steps per epoch, positive
         * @return these settings
         */
        public Options stepsPerEpoch(int v) {
            stepsPerEpoch = v;
            return this;
        }

        /**
         * Sets {@code pct_start}, the fraction of the cycle spent increasing the rate (default 0.3).
         *
         * @param v the fraction, in [0, 1]
         * @return these settings
         */
        public Options pctStart(double v) {
            pctStart = v;
            return this;
        }

        /**
         * Sets {@code anneal_strategy}, the shape of each phase (default {@code "cos"}).
         *
         * @param v {@code "cos"} or {@code "linear"}
         * @return these settings
         */
        public Options annealStrategy(String v) {
            annealStrategy = v;
            return this;
        }

        /**
         * Sets {@code cycle_momentum}: whether the momentum cycles inversely to the rate (default true; needs an
         * optimizer with {@code momentum} or {@code betas}).
         *
         * @param v true to cycle the momentum
         * @return these settings
         */
        public Options cycleMomentum(boolean v) {
            cycleMomentum = v;
            return this;
        }

        /**
         * Sets {@code base_momentum}, the lowest momentum, reached at the peak rate (default 0.85).
         *
         * @param v one value for every group, or one per group
         * @return these settings
         */
        public Options baseMomentum(double... v) {
            baseMomentum = v.clone();
            return this;
        }

        /**
         * Sets {@code max_momentum}, the highest momentum, at the lowest rates (default 0.95).
         *
         * @param v one value for every group, or one per group
         * @return these settings
         */
        public Options maxMomentum(double... v) {
            maxMomentum = v.clone();
            return this;
        }

        /**
         * Sets {@code div_factor}: the initial rate is {@code maxLr / divFactor} (default 25).
         *
         * @param v the divisor
         * @return these settings
         */
        public Options divFactor(double v) {
            divFactor = v;
            return this;
        }

        /**
         * Sets {@code final_div_factor}: the final rate is {@code initial / finalDivFactor} (default 1e4).
         *
         * @param v the divisor
         * @return these settings
         */
        public Options finalDivFactor(double v) {
            finalDivFactor = v;
            return this;
        }

        /**
         * Sets {@code three_phase}: whether the rate comes back down to the initial rate before the final
         * annealing (default false).
         *
         * @param v true for three phases
         * @return these settings
         */
        public Options threePhase(boolean v) {
            threePhase = v;
            return this;
        }

        /**
         * Sets {@code last_epoch}, the index of the last batch when resuming (default -1, a new schedule).
         *
         * @param v the index of the last batch, or -1
         * @return these settings
         */
        public Options lastEpoch(int v) {
            lastEpoch = v;
            return this;
        }
    }

    private int totalSteps;
    private List<Phase> phases;
    private String annealStrategy;
    private boolean cycleMomentum;
    private boolean useBeta1;

    /**
     * A 1cycle schedule for {@code optimizer}; it sets each group's {@code initial_lr}, {@code max_lr},
     * {@code min_lr} and momentum bounds, and takes the first step.
     *
     * @param optimizer the optimizer whose learning rates (and momentum) the schedule sets
     * @param o the schedule's settings
     * @throws IllegalArgumentException with PyTorch's messages for inconsistent settings
     */
    public OneCycleLR(Optimizer optimizer, Options o) {
        super(optimizer, o.lastEpoch);
        if (o.totalSteps == null && (o.epochs == null || o.stepsPerEpoch == null)) {
            throw new IllegalArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)");
        }
        if (o.totalSteps != null) {
            if (o.totalSteps <= 0) {
                throw new IllegalArgumentException("Expected positive integer total_steps, but got " + o.totalSteps);
            }
            totalSteps = o.totalSteps;
        } else {
            if (o.epochs <= 0) {
                throw new IllegalArgumentException("Expected positive integer epochs, but got " + o.epochs);
            }
            if (o.stepsPerEpoch <= 0) {
                throw new IllegalArgumentException("Expected positive integer steps_per_epoch, but got "
                        + o.stepsPerEpoch);
            }
            totalSteps = o.epochs * o.stepsPerEpoch;
        }
        if (o.threePhase) {
            phases = List.of(
                    new Phase(o.pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(2 * o.pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                    new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
        } else {
            phases = List.of(
                    new Phase(o.pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        }
        if (o.pctStart < 0 || o.pctStart > 1) {
            throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got "
                    + PyRepr.of(o.pctStart));
        }
        if (!o.annealStrategy.equals("cos") && !o.annealStrategy.equals("linear")) {
            throw new IllegalArgumentException("anneal_strategy must by one of 'cos' or 'linear', instead got "
                    + o.annealStrategy);
        }
        annealStrategy = o.annealStrategy;
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] maxLrs = perGroup("max_lr", o.maxLr, groups.size());
        if (o.lastEpoch == -1) {
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                g.set("initial_lr", maxLrs[i] / o.divFactor);
                g.set("max_lr", maxLrs[i]);
                g.set("min_lr", maxLrs[i] / o.divFactor / o.finalDivFactor);
            }
        }
        cycleMomentum = o.cycleMomentum;
        if (cycleMomentum) {
            Map<String, Object> defaults = optimizer.defaults();
            if (!defaults.containsKey("momentum") && !defaults.containsKey("betas")) {
                throw new IllegalArgumentException("optimizer must support momentum with `cycle_momentum` option "
                        + "enabled");
            }
            useBeta1 = defaults.containsKey("betas");
            double[] maxMomentums = perGroup("max_momentum", o.maxMomentum, groups.size());
            double[] baseMomentums = perGroup("base_momentum", o.baseMomentum, groups.size());
            if (o.lastEpoch == -1) {
                for (int i = 0; i < groups.size(); i++) {
                    ParamGroup g = groups.get(i);
                    setMomentum(g, maxMomentums[i]);
                    g.set("max_momentum", maxMomentums[i]);
                    g.set("base_momentum", baseMomentums[i]);
                }
            }
        }
        initialize();
    }

    /** One value for every group, or one per group, as PyTorch's {@code _format_param}. */
    private static double[] perGroup(String name, double[] values, int groups) {
        if (values.length == 1) {
            double[] out = new double[groups];
            Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != groups) {
            throw new IllegalArgumentException("expected " + groups + " values for " + name + ", got " + values.length);
        }
        return values.clone();
    }

    private void setMomentum(ParamGroup g, double momentum) {
        if (useBeta1) {
            List<?> betas = (List<?>) g.get("betas");
            List<Object> updated = new ArrayList<>(betas);
            updated.set(0, momentum);
            g.set("betas", List.copyOf(updated));
        } else {
            g.set("momentum", momentum);
        }
    }

    private double anneal(double start, double end, double pct) {
        if (annealStrategy.equals("cos")) {
            return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
        }
        return (end - start) * pct + start;
    }

    @Override
    protected List<Double> computeLr() {
        if (lastEpoch > totalSteps) {
            throw new IllegalStateException("Tried to step " + lastEpoch + " times. The specified number of total "
                    + "steps is " + totalSteps);
        }
        List<Double> lrs = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            double startStep = 0;
            double lr = 0;
            double momentum = 0;
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                if (lastEpoch <= phase.endStep() || i == phases.size() - 1) {
                    double pct = (lastEpoch - startStep) / (phase.endStep() - startStep);
                    lr = anneal(g.getDouble(phase.startLr()), g.getDouble(phase.endLr()), pct);
                    if (cycleMomentum) {
                        momentum = anneal(g.getDouble(phase.startMomentum()), g.getDouble(phase.endMomentum()), pct);
                    }
                    break;
                }
                startStep = phase.endStep();
            }
            lrs.add(lr);
            if (cycleMomentum) {
                setMomentum(g, momentum);
            }
        }
        return lrs;
    }

    @Override
    protected void saveState(Map<String, Object> state) {
        state.put("total_steps", totalSteps);
        state.put("_anneal_func_type", annealStrategy);
        state.put("cycle_momentum", cycleMomentum);
        if (cycleMomentum) {
            state.put("use_beta1", useBeta1);
        }
    }

    @Override
    protected void loadState(Map<String, ?> state) {
        totalSteps = (int) number(state, "total_steps", totalSteps);
        if (state.get("_anneal_func_type") instanceof String s) {
            annealStrategy = s;
        }
        if (state.get("cycle_momentum") instanceof Boolean b) {
            cycleMomentum = b;
        }
        if (state.get("use_beta1") instanceof Boolean b) {
            useBeta1 = b;
        }
    }
}
