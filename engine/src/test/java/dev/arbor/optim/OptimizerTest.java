package dev.arbor.optim;

import static dev.arbor.nn.Fixtures.assertClose;
import static dev.arbor.nn.Fixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.Fixtures;
import dev.arbor.nn.Linear;
import dev.arbor.nn.Parameter;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three steps of every optimizer with each option combination against PyTorch 1.13 (optim.json),
 * parameter groups, state dicts and PyTorch's errors.
 */
class OptimizerTest {
    private static final Map<String, Object> FIXTURE = Fixtures.load("optim.json");

    private static List<Parameter> freshParams() {
        List<Parameter> out = new ArrayList<>();
        for (Object t : (List<?>) FIXTURE.get("init")) {
            out.add(new Parameter(tensor(t)));
        }
        return out;
    }

    private static void setGrads(List<Parameter> params, int step) {
        List<?> grads = (List<?>) ((List<?>) FIXTURE.get("grads")).get(step);
        for (int i = 0; i < params.size(); i++) {
            params.get(i).setGrad(tensor(grads.get(i)));
        }
    }

    private static double num(Map<?, ?> options, String key, double fallback) {
        return options.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    private static boolean flag(Map<?, ?> options, String key) {
        return Boolean.TRUE.equals(options.get(key));
    }

    /** The optimizer a fixture run names, with its options (PyTorch's defaults for the rest). */
    static Optimizer make(String name, Map<?, ?> o, List<? extends Tensor> params) {
        return switch (name) {
            case "SGD" -> new SGD(params, new SGD.Options(num(o, "lr", 0)).momentum(num(o, "momentum", 0))
                    .dampening(num(o, "dampening", 0)).weightDecay(num(o, "weight_decay", 0))
                    .nesterov(flag(o, "nesterov")).maximize(flag(o, "maximize")));
            case "Adam", "AdamW" -> {
                Adam.Options opts = name.equals("Adam") ? new Adam.Options() : new AdamW.Options();
                opts.lr(num(o, "lr", opts.lr)).eps(num(o, "eps", opts.eps)).weightDecay(num(o, "weight_decay",
                        opts.weightDecay)).amsgrad(flag(o, "amsgrad")).maximize(flag(o, "maximize"));
                if (o.get("betas") instanceof List<?> b) {
                    opts.betas(((Number) b.get(0)).doubleValue(), ((Number) b.get(1)).doubleValue());
                }
                yield name.equals("Adam") ? new Adam(params, opts) : new AdamW(params, opts);
            }
            case "RMSprop" -> new RMSprop(params, new RMSprop.Options().lr(num(o, "lr", 1e-2))
                    .alpha(num(o, "alpha", 0.99)).eps(num(o, "eps", 1e-8)).weightDecay(num(o, "weight_decay", 0))
                    .momentum(num(o, "momentum", 0)).centered(flag(o, "centered")).maximize(flag(o, "maximize")));
            case "Adagrad" -> new Adagrad(params, new Adagrad.Options().lr(num(o, "lr", 1e-2))
                    .lrDecay(num(o, "lr_decay", 0)).weightDecay(num(o, "weight_decay", 0))
                    .initialAccumulatorValue(num(o, "initial_accumulator_value", 0)).eps(num(o, "eps", 1e-10))
                    .maximize(flag(o, "maximize")));
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void everyOptimizerMatchesPyTorch() {
        for (Object r : (List<?>) FIXTURE.get("runs")) {
            Map<?, ?> run = (Map<?, ?>) r;
            String what = run.get("optimizer") + " " + run.get("options");
            List<Parameter> params = freshParams();
            Optimizer opt = make((String) run.get("optimizer"), (Map<?, ?>) run.get("options"), params);
            List<?> after = (List<?>) run.get("after_step");
            for (int step = 0; step < after.size(); step++) {
                setGrads(params, step);
                opt.step();
                List<?> expected = (List<?>) after.get(step);
                for (int i = 0; i < params.size(); i++) {
                    assertClose(tensor(expected.get(i)), params.get(i).detach(), what + " step " + (step + 1)
                            + " param " + i);
                }
            }
            Map<?, ?> state = (Map<?, ?>) run.get("state");
            Map<?, ?> packed = (Map<?, ?>) opt.stateDict().get("state");
            for (Map.Entry<?, ?> e : state.entrySet()) {
                Map<?, ?> expected = (Map<?, ?>) e.getValue();
                Map<?, ?> actual = (Map<?, ?>) packed.get(Integer.parseInt((String) e.getKey()));
                assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + " state keys");
                for (Map.Entry<?, ?> s : expected.entrySet()) {
                    Object a = actual.get(s.getKey());
                    String where = what + " state " + e.getKey() + " " + s.getKey();
                    if (s.getValue() == null) {
                        assertNull(a, where);
                    } else if (s.getValue() instanceof Number n) {
                        assertEquals(n.intValue(), ((Number) a).intValue(), where);
                    } else {
                        assertClose(tensor(s.getValue()), (Tensor) a, where);
                    }
                }
            }
            List<Object> torchKeys = new ArrayList<>((List<?>) run.get("param_group_keys"));
            torchKeys.removeAll(List.of("foreach", "differentiable", "capturable", "fused"));
            List<?> groups = (List<?>) opt.stateDict().get("param_groups");
            assertEquals(torchKeys, List.copyOf(((Map<?, ?>) groups.getFirst()).keySet()), what + " group keys");
        }
    }

    @Test
    void parameterGroupsHaveTheirOwnOptions() {
        Map<?, ?> expected = (Map<?, ?>) FIXTURE.get("groups");
        List<Parameter> params = freshParams();
        SGD sgd = new SGD(List.of(new ParamGroup(List.of(params.get(0))),
                new ParamGroup(List.of(params.get(1)), Map.of("lr", 0.01, "momentum", 0.5))),
                new SGD.Options(0.1).momentum(0.9));
        for (int step = 0; step < 3; step++) {
            setGrads(params, step);
            sgd.step();
        }
        List<?> after = (List<?>) expected.get("after");
        for (int i = 0; i < params.size(); i++) {
            assertClose(tensor(after.get(i)), params.get(i).detach(), "param " + i);
        }
        List<?> groups = (List<?>) sgd.stateDict().get("param_groups");
        List<?> torchGroups = (List<?>) expected.get("param_groups");
        for (int g = 0; g < groups.size(); g++) {
            Map<?, ?> mine = (Map<?, ?>) groups.get(g);
            Map<?, ?> theirs = (Map<?, ?>) torchGroups.get(g);
            assertEquals(((Number) theirs.get("lr")).doubleValue(), (Double) mine.get("lr"));
            assertEquals(((Number) theirs.get("momentum")).doubleValue(), (Double) mine.get("momentum"));
            assertEquals(List.of(g), mine.get("params"));
        }
    }

    @Test
    void stateDictRoundTripResumesExactly() {
        for (String name : List.of("SGD", "Adam", "AdamW", "RMSprop", "Adagrad")) {
            Map<String, Object> options = Map.of("lr", 0.05, "momentum", 0.9, "amsgrad", true, "centered", true);
            List<Parameter> a = freshParams();
            Optimizer first = make(name, options, a);
            for (int step = 0; step < 2; step++) {
                setGrads(a, step);
                first.step();
            }
            List<Parameter> b = new ArrayList<>();
            for (Parameter p : a) {
                b.add(new Parameter(p.detach().clone()));
            }
            Optimizer second = make(name, Map.of("lr", 0.5), b);
            second.loadStateDict(first.stateDict());
            assertEquals(0.05, second.paramGroups().getFirst().lr(), name);
            setGrads(a, 2);
            setGrads(b, 2);
            first.step();
            second.step();
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), name + " resumed param " + i);
            }
        }
    }

    @Test
    void loadingChecksTheGroups() {
        List<Parameter> params = freshParams();
        Adam adam = new Adam(params, new Adam.Options());
        Map<String, Object> sd = new Adam(List.of(params.getFirst()), new Adam.Options()).stateDict();
        assertEquals("loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
                assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(sd)).getMessage());
        Map<String, Object> two = new SGD(List.of(new ParamGroup(List.of(params.get(0))),
                new ParamGroup(List.of(params.get(1)))), new SGD.Options(0.1)).stateDict();
        assertEquals("loaded state dict has a different number of parameter groups",
                assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(two)).getMessage());
    }

    @Test
    void optionsAndGroupsAreValidatedWithPyTorchsMessages() {
        List<Parameter> params = freshParams();
        assertEquals("Invalid learning rate: -0.1", assertThrows(IllegalArgumentException.class,
                () -> new SGD(params, new SGD.Options(-0.1))).getMessage());
        assertEquals("Nesterov momentum requires a momentum and zero dampening", assertThrows(
                IllegalArgumentException.class, () -> new SGD(params, new SGD.Options(0.1).nesterov(true))).getMessage());
        assertEquals("Invalid epsilon value: -1e-08", assertThrows(IllegalArgumentException.class,
                () -> new Adam(params, new Adam.Options().eps(-1e-8))).getMessage());
        assertEquals("Invalid beta parameter at index 1: 1.0", assertThrows(IllegalArgumentException.class,
                () -> new Adam(params, new Adam.Options().betas(0.9, 1))).getMessage());
        assertEquals("Invalid alpha value: -0.5", assertThrows(IllegalArgumentException.class,
                () -> new RMSprop(params, new RMSprop.Options().alpha(-0.5))).getMessage());
        assertEquals("Invalid initial_accumulator_value value: -1.0", assertThrows(IllegalArgumentException.class,
                () -> new Adagrad(params, new Adagrad.Options().initialAccumulatorValue(-1))).getMessage());
        assertEquals("optimizer got an empty parameter list", assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.<Tensor>of(), new SGD.Options(0.1))).getMessage());
        Tensor nonLeaf = params.getFirst().mul(2);
        assertEquals("can't optimize a non-leaf Tensor", assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(nonLeaf), new SGD.Options(0.1))).getMessage());
        SGD sgd = new SGD(params, new SGD.Options(0.1));
        assertEquals("some parameters appear in more than one parameter group", assertThrows(
                IllegalArgumentException.class, () -> sgd.addParamGroup(new ParamGroup(List.of(params.get(1)))))
                .getMessage());
    }

    @Test
    void trainingLoopOnAModule() {
        Linear fc = new Linear(3, 1);
        Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 1, 2, 2, -2, 0.5f, 1, 0}, 4, 3);
        Tensor y = x.matmul(Tensor.of(new float[] {0.5f, -1, 2}, 3, 1)).add(0.25);
        Adam adam = new Adam(fc.parameters(), new Adam.Options().lr(0.1));
        double first = 0;
        double last = 0;
        for (int i = 0; i < 150; i++) {
            Tensor loss = adam.step(() -> {
                adam.zeroGrad();
                Tensor l = fc.call(x).sub(y).square().mean();
                l.backward();
                return l;
            });
            if (i == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < first * 1e-3, "loss went from " + first + " to " + last);
        adam.zeroGrad();
        assertTrue(fc.parameters().stream().allMatch(p -> p.grad() == null));
    }
}
