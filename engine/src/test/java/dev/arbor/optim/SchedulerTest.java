package dev.arbor.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.Fixtures;
import dev.arbor.nn.Parameter;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The learning rates (and OneCycleLR's momenta) of every scheduler over 30 steps, against PyTorch. */
class SchedulerTest {
    private static final Map<String, Object> FIXTURE = Fixtures.load("schedulers.json");

    /** SGD with two groups (lr 0.1 and 0.01), momentum 0.9, as the fixture makes it. */
    private static Optimizer sgd() {
        return new SGD(List.of(new ParamGroup(List.of(new Parameter(Tensor.zeros(1)))),
                new ParamGroup(List.of(new Parameter(Tensor.zeros(1))), Map.of("lr", 0.01))),
                new SGD.Options(0.1).momentum(0.9));
    }

    private static Optimizer adam() {
        return new Adam(List.of(new Parameter(Tensor.zeros(1))), new Adam.Options().lr(1e-3));
    }

    private static double momentum(ParamGroup g) {
        return g.has("betas") ? ((Number) ((List<?>) g.get("betas")).getFirst()).doubleValue() : g.getDouble("momentum");
    }

    private static void check(String name, Optimizer opt, Function<Optimizer, LRScheduler> make) {
        Map<?, ?> expected = (Map<?, ?>) FIXTURE.get(name);
        LRScheduler sched = make.apply(opt);
        List<List<Double>> lrs = new ArrayList<>();
        List<List<Double>> moms = new ArrayList<>();
        lrs.add(sched.groupLrs());
        moms.add(opt.paramGroups().stream().map(SchedulerTest::momentum).toList());
        for (int i = 0; i < 30; i++) {
            opt.step();
            sched.step();
            lrs.add(sched.lastLr());
            moms.add(opt.paramGroups().stream().map(SchedulerTest::momentum).toList());
        }
        assertSeries(name + " lr", (List<?>) expected.get("lrs"), lrs);
        if (expected.get("momentums") instanceof List<?> m) {
            assertSeries(name + " momentum", m, moms);
        }
        Set<Object> torchKeys = new HashSet<>((List<?>) expected.get("state_keys"));
        torchKeys.add("_anneal_func_type"); // PyTorch 2's name; 1.13 saved the function itself
        for (String key : sched.stateDict().keySet()) {
            assertTrue(torchKeys.contains(key), name + ": state key " + key + " is not PyTorch's");
        }
    }

    private static void assertSeries(String what, List<?> expected, List<List<Double>> actual) {
        assertEquals(expected.size(), actual.size(), what);
        for (int step = 0; step < expected.size(); step++) {
            List<?> e = (List<?>) expected.get(step);
            for (int g = 0; g < e.size(); g++) {
                double ev = ((Number) e.get(g)).doubleValue();
                assertEquals(ev, actual.get(step).get(g), 1e-12 * Math.abs(ev) + 1e-15,
                        what + " at step " + step + " group " + g);
            }
        }
    }

    @Test
    void schedulesMatchPyTorch() {
        check("StepLR", sgd(), o -> new StepLR(o, 7, 0.5, -1));
        check("MultiStepLR", sgd(), o -> new MultiStepLR(o, List.of(5, 12, 12, 20), 0.3, -1));
        check("ExponentialLR", sgd(), o -> new ExponentialLR(o, 0.9));
        check("CosineAnnealingLR", sgd(), o -> new CosineAnnealingLR(o, 10, 0.001, -1));
        check("LambdaLR", sgd(), o -> new LambdaLR(o, e -> Math.pow(0.95, e)));
        check("OneCycleLR_cos", sgd(), o -> new OneCycleLR(o, new OneCycleLR.Options(1.0, 0.1).totalSteps(30)));
        check("OneCycleLR_linear", sgd(), o -> new OneCycleLR(o, new OneCycleLR.Options(0.5).totalSteps(30)
                .pctStart(0.25).annealStrategy("linear").divFactor(10).finalDivFactor(100)));
        check("OneCycleLR_three_phase", sgd(), o -> new OneCycleLR(o, new OneCycleLR.Options(0.5).epochs(5)
                .stepsPerEpoch(6).threePhase(true)));
        check("OneCycleLR_adam", adam(), o -> new OneCycleLR(o, new OneCycleLR.Options(0.01).totalSteps(30)
                .baseMomentum(0.8).maxMomentum(0.9)));
        check("OneCycleLR_no_momentum", sgd(), o -> new OneCycleLR(o, new OneCycleLR.Options(0.5).totalSteps(30)
                .cycleMomentum(false)));
    }

    @Test
    void stateDictsResumeASchedule() {
        Optimizer a = sgd();
        LRScheduler first = new CosineAnnealingLR(a, 10, 0.001, -1);
        for (int i = 0; i < 13; i++) {
            first.step();
        }
        Optimizer b = sgd();
        b.loadStateDict(a.stateDict());
        LRScheduler second = new CosineAnnealingLR(b, 99, 0, -1);
        second.loadStateDict(first.stateDict());
        for (int i = 0; i < 10; i++) {
            first.step();
            second.step();
            assertEquals(first.lastLr(), second.lastLr());
        }
        assertEquals(23, second.lastEpoch());
        assertEquals(java.util.Collections.singletonList(null), new LambdaLR(adam(), e -> 1.0).stateDict().get("lr_lambdas"));
    }

    @Test
    void misuseGivesPyTorchsErrors() {
        Optimizer opt = sgd();
        OneCycleLR sched = new OneCycleLR(opt, new OneCycleLR.Options(0.5).totalSteps(3));
        for (int i = 0; i < 3; i++) {
            sched.step();
        }
        assertEquals("Tried to step 4 times. The specified number of total steps is 3",
                assertThrows(IllegalStateException.class, sched::step).getMessage());
        assertEquals("You must define either total_steps OR (epochs AND steps_per_epoch)", assertThrows(
                IllegalArgumentException.class, () -> new OneCycleLR(sgd(), new OneCycleLR.Options(0.5))).getMessage());
        assertEquals("expected 2 values for max_lr, got 3", assertThrows(IllegalArgumentException.class,
                () -> new OneCycleLR(sgd(), new OneCycleLR.Options(1, 2, 3).totalSteps(5))).getMessage());
        assertEquals("anneal_strategy must by one of 'cos' or 'linear', instead got exp",
                assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(sgd(),
                        new OneCycleLR.Options(1).totalSteps(5).annealStrategy("exp"))).getMessage());
        Optimizer rms = new Adagrad(List.of(new Parameter(Tensor.zeros(1))), new Adagrad.Options());
        assertEquals("optimizer must support momentum with `cycle_momentum` option enabled", assertThrows(
                IllegalArgumentException.class, () -> new OneCycleLR(rms, new OneCycleLR.Options(1).totalSteps(5)))
                .getMessage());
        assertEquals("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer",
                assertThrows(IllegalArgumentException.class, () -> new StepLR(adam(), 3, 0.1, 5)).getMessage());
        assertEquals("Expected 2 lr_lambdas, but got 1", assertThrows(IllegalArgumentException.class,
                () -> new LambdaLR(sgd(), List.of(e -> 1.0), -1)).getMessage());
    }
}
