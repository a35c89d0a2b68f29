package dev.arbor.nn;

import static dev.arbor.nn.Fixtures.assertClose;
import static dev.arbor.nn.Fixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.RemovableHandle;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Forward and backward hooks (order, replacement, removal, PyTorch's gradients), global hooks, threads. */
class HooksTest {
    private static final Map<String, Object> LAYERS = Fixtures.load("layers.json");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixture(String name) {
        return (Map<String, Object>) LAYERS.get(name);
    }

    /** The fixture's Linear(4, 3) with PyTorch's weights. */
    private static Linear fixtureLinear() {
        Linear lin = new Linear(4, 3);
        lin.loadStateDict(Map.of("weight", tensor(fixture("linear").get("weight")),
                "bias", tensor(fixture("linear").get("bias"))));
        return lin;
    }

    private static void assertGrads(Object expected, Tensor[] actual, String what) {
        List<?> list = (List<?>) expected;
        assertEquals(list.size(), actual.length, what + ": count");
        for (int i = 0; i < actual.length; i++) {
            if (list.get(i) == null) {
                assertNull(actual[i], what + "[" + i + "]");
            } else {
                assertClose(tensor(list.get(i)), actual[i], what + "[" + i + "]");
            }
        }
    }

    @Test
    void forwardHooksRunInOrderAndReplaceValues() {
        Linear lin = new Linear(2, 2);
        List<String> calls = new ArrayList<>();
        try (RemovableHandle global = ModuleHooks.registerModuleForwardPreHook((m, in) -> {
            calls.add("global pre " + m.typeName());
            return null;
        })) {
            lin.registerForwardPreHook((m, in) -> {
                calls.add("pre");
                return new Object[] {((Tensor) in[0]).mul(0)};
            });
            RemovableHandle post = lin.registerForwardHook((m, in, out) -> {
                calls.add("post sees zero input " + (((Tensor) in[0]).abs().sum().item() == 0));
                return ((Tensor) out).add(1);
            });
            Tensor y = lin.call(Tensor.ones(1, 2));
            assertEquals(List.of("global pre Linear", "pre", "post sees zero input true"), calls);
            assertClose(lin.bias().detach().add(1).unsqueeze(0), y, "replaced output");
            post.remove();
            post.remove();
            Tensor y2 = lin.call(Tensor.ones(1, 2));
            assertClose(lin.bias().detach().unsqueeze(0), y2, "after removal");
        }
        calls.clear();
        lin.call(Tensor.ones(1, 2));
        assertEquals(List.of("pre"), calls);
    }

    @Test
    void fullBackwardHookSeesPyTorchsGradients() {
        Map<String, Object> f = fixture("hook_linear");
        Linear lin = fixtureLinear();
        Tensor[][] seen = new Tensor[2][];
        lin.registerFullBackwardHook((m, gi, go) -> {
            assertSame(lin, m);
            seen[0] = gi;
            seen[1] = go;
            return null;
        });
        Tensor x = tensor(f.get("input")).requiresGrad_(true);
        Tensor y = lin.call(x);
        assertEquals("BackwardHookFunctionBackward", y.gradFn().name());
        y.mul(tensor(f.get("upstream"))).sum().backward();
        assertGrads(f.get("grad_input"), seen[0], "grad_input");
        assertGrads(f.get("grad_output"), seen[1], "grad_output");
        assertClose(tensor(((List<?>) f.get("grad_input")).getFirst()), x.grad(), "x.grad");
    }

    @Test
    void fullBackwardHookWithSeveralInputsAndOutputs() {
        Map<String, Object> f = fixture("hook_pair");
        Module pair = new Module() {
            @Override
            public Object forward(Object... in) {
                Tensor a = (Tensor) in[0];
                Tensor b = (Tensor) in[1];
                double scale = (Double) in[2];
                return new Object[] {a.mul(b).mul(scale), a.sum(1, false)};
            }
        };
        Tensor[][] seen = new Tensor[2][];
        pair.registerFullBackwardHook((m, gi, go) -> {
            seen[0] = gi;
            seen[1] = go;
            return null;
        });
        Tensor a = tensor(f.get("a")).requiresGrad_(true);
        Object[] out = pair.call(a, tensor(f.get("b")), (Double) f.get("scale"));
        ((Tensor) out[0]).mul(tensor(f.get("upstream"))).sum().backward();
        assertGrads(f.get("grad_input"), seen[0], "grad_input");
        assertGrads(f.get("grad_output"), seen[1], "grad_output");
    }

    /** A module output with two tensors and a label, as a Python module returning a tuple. */
    record Pair(Tensor first, Tensor second, String label) {}

    @Test
    void recordOutputsAreTuples() {
        Module twice = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                throw new AssertionError("called through forward(Object...)");
            }

            @Override
            public Object forward(Object... in) {
                Tensor x = (Tensor) in[0];
                return new Pair(x.mul(2), x.mul(3), "twice");
            }
        };
        Tensor[][] seen = new Tensor[2][];
        twice.registerFullBackwardHook((m, gi, go) -> {
            seen[0] = gi;
            seen[1] = go;
            return null;
        });
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        Pair out = twice.call((Object) x);
        assertEquals("twice", out.label());
        assertEquals("BackwardHookFunctionBackward", out.second().gradFn().name());
        out.first().sum().backward();
        assertEquals(3, seen[1].length);
        assertClose(Tensor.ones(2), seen[1][0], "grad of the used output");
        assertNull(seen[1][1]);
        assertNull(seen[1][2]);
        assertClose(Tensor.full(2, dev.arbor.tensor.DType.FLOAT32, 2), seen[0][0], "grad of the input");
    }

    @Test
    void fullBackwardHookWhenNoInputRequiresGrad() {
        Map<String, Object> f = fixture("hook_no_input_grad");
        Linear lin = fixtureLinear();
        Tensor[][] seen = new Tensor[2][];
        lin.registerFullBackwardHook((m, gi, go) -> {
            seen[0] = gi;
            seen[1] = go;
            return null;
        });
        lin.call(tensor(f.get("input"))).sum().backward();
        assertGrads(f.get("grad_input"), seen[0], "grad_input");
        assertGrads(f.get("grad_output"), seen[1], "grad_output");

        lin.registerFullBackwardHook((m, gi, go) -> new Tensor[] {Tensor.zeros(2, 4)});
        assertEquals("Backward hook for Modules where no input requires gradient should always return None or None "
                        + "for all gradients.",
                assertThrows(IllegalStateException.class,
                        () -> lin.call(tensor(f.get("input"))).sum().backward()).getMessage());
    }

    @Test
    void backwardHooksCanReplaceGradients() {
        Linear lin = fixtureLinear();
        Tensor x = Tensor.ones(2, 4).requiresGrad_(true);
        lin.call(x).sum().backward();
        Tensor plainInputGrad = x.grad();
        Tensor plainWeightGrad = lin.weight().grad();

        lin.zeroGrad();
        Tensor x2 = Tensor.ones(2, 4).requiresGrad_(true);
        RemovableHandle pre = lin.registerFullBackwardPreHook((m, go) -> new Tensor[] {go[0].mul(2)});
        List<Tensor> seenOutputGrad = new ArrayList<>();
        RemovableHandle hook = lin.registerFullBackwardHook((m, gi, go) -> {
            seenOutputGrad.add(go[0]);
            return new Tensor[] {gi[0].mul(10)};
        });
        lin.call(x2).sum().backward();
        // the pre-hook's doubled gradient flows into the layer and is what the hook sees
        assertClose(Tensor.full(2, dev.arbor.tensor.DType.FLOAT32, 2, 3), seenOutputGrad.getFirst(), "grad_output");
        assertClose(plainWeightGrad.mul(2), lin.weight().grad(), "weight grad from the doubled output grad");
        assertClose(plainInputGrad.mul(20), x2.grad(), "input grad replaced by the hook");
        pre.remove();
        hook.remove();

        lin.registerFullBackwardHook((m, gi, go) -> new Tensor[] {gi[0], gi[0]});
        assertEquals("Backward hook returned an invalid number of grad_input, got 2, but expected 1",
                assertThrows(IllegalStateException.class,
                        () -> lin.call(Tensor.ones(2, 4).requiresGrad_(true)).sum().backward()).getMessage());
    }

    @Test
    void globalBackwardHooksAndNoGrad() {
        Linear lin = fixtureLinear();
        List<String> calls = new ArrayList<>();
        try (RemovableHandle h = ModuleHooks.registerModuleFullBackwardHook((m, gi, go) -> {
            calls.add(m.typeName());
            return null;
        })) {
            Sequential net = new Sequential(lin, new Identity());
            net.call(Tensor.ones(1, 4).requiresGrad_(true)).sum().backward();
            // children finish their backward before their parent, as the graph orders them
            assertEquals(List.of("Identity", "Linear", "Sequential"), calls);
            try (var scope = GradMode.noGrad()) {
                Tensor y = net.call(Tensor.ones(1, 4));
                assertNull(y.gradFn());
            }
        }
    }

    @Test
    void evalForwardFromManyThreads() throws Exception {
        Sequential net = new Sequential(new Linear(16, 64), new Flatten(), new Linear(64, 8));
        net.eval();
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Tensor x = Tensor.randn(new dev.arbor.tensor.Generator(i), 4, 16);
            inputs.add(x);
            expected.add(net.call(x).toFloatArray());
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            // hooks may come and go while other threads run forward
            Future<?> churn = pool.submit(() -> {
                while (!stop.get()) {
                    net.registerForwardHook((m, in, out) -> null).remove();
                }
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean noGrad = t % 2 == 0;
                workers.add(pool.submit(() -> {
                    for (int iter = 0; iter < 40; iter++) {
                        int i = iter % inputs.size();
                        try (var scope = GradMode.set(!noGrad)) {
                            assertArrayEquals(expected.get(i), net.call(inputs.get(i)).toFloatArray());
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            stop.set(true);
            churn.get();
        } finally {
            pool.shutdownNow();
        }
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() == null));
    }
}
