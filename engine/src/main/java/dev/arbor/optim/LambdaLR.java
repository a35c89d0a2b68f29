package dev.arbor.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Sets each group's learning rate to its base rate times a function of the epoch, as
 * {@code LambdaLR}. The functions are code, so the state dict does not hold them (PyTorch saves only
 * callable objects' attributes; a Java lambda has none): {@code lr_lambdas} is a list of nulls.
 */
public final class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> lambdas;

    /**
     * A new schedule with one function for every group.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param lrLambda the factor of the base rate as a function of the epoch index
     */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), lrLambda), -1);
    }

    /**
     * A schedule with one function per group.
     *
     * @param optimizer the optimizer whose learning rates the schedule sets
     * @param lrLambdas for each group in order, the factor of its base rate as a function of the epoch index
     * @param lastEpoch -1 for a new schedule, else the index of the last epoch when resuming
     * @throws IllegalArgumentException when the count differs from the number of groups
     */
    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (lrLambdas.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("Expected " + optimizer.paramGroups().size() + " lr_lambdas, but got "
                    + lrLambdas.size());
        }
        this.lambdas = List.copyOf(lrLambdas);
        initialize();
    }

    @Override
    protected List<Double> computeLr() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < lambdas.size(); i++) {
            out.add(baseLrs.get(i) * lambdas.get(i).applyAsDouble(lastEpoch));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> state) {
        state.put("lr_lambdas", new ArrayList<>(Collections.nCopies(lambdas.size(), null)));
    }
}
