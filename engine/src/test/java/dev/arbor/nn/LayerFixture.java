package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arbor.io.Npz;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case written by {@code src/test/python/make_layer_fixtures.py}: a module's state dict
 * ({@code sd.<key>}), the inputs ({@code in.<name>}), PyTorch's outputs ({@code out}, or
 * {@code out.<i>} and {@code out.<i>.<j>} for tuples), the upstream gradients ({@code grad_out...}),
 * the gradients of inputs and parameters ({@code grad.in.<name>}, {@code grad.sd.<key>}) and the state
 * after the call ({@code post.<key>}).
 *
 * <p>A test loads the state dict into the same layer built in Java ({@link #load}), runs it on
 * {@link #leaf} or {@link #input} tensors and hands the outputs to {@link #verify}.
 */
final class LayerFixture {
    /** float32 against PyTorch's float32: the tolerance issue 3 asks for. */
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;

    private final String name;
    private final Map<String, Tensor> arrays;
    private final Map<String, Tensor> leaves = new HashMap<>();
    private double rtol = RTOL;
    private double atol = ATOL;
    private final Map<String, double[]> tolerances = new HashMap<>();

    private LayerFixture(String name, Map<String, Tensor> arrays) {
        this.name = name;
        this.arrays = arrays;
    }

    static LayerFixture of(String name) {
        URL url = LayerFixture.class.getResource("/fixtures/layers/" + name + ".npz");
        assertNotNull(url, "missing fixture " + name + ".npz: run src/test/python/make_layer_fixtures.py");
        try {
            return new LayerFixture(name, Npz.read(Path.of(url.toURI())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A looser tolerance for a case whose op sums long chains (each test says why). */
    LayerFixture tolerance(double rtol, double atol) {
        this.rtol = rtol;
        this.atol = atol;
        return this;
    }

    /**
     * A looser tolerance for the arrays whose key ends with {@code keySuffix}, for a value that is zero
     * in exact arithmetic and so rounding noise in both PyTorch and Arbor (each test says why).
     */
    LayerFixture tolerance(String keySuffix, double rtol, double atol) {
        tolerances.put(keySuffix, new double[] {rtol, atol});
        return this;
    }

    /** Whether the case has the array {@code key}. */
    boolean has(String key) {
        return arrays.containsKey(key);
    }

    Tensor get(String key) {
        Tensor t = arrays.get(key);
        assertNotNull(t, name + ": no array " + key + " (has " + arrays.keySet() + ")");
        return t;
    }

    /** The state dict PyTorch's module had before the call, in its order. */
    Map<String, Tensor> stateDict() {
        return prefixed("sd.");
    }

    private Map<String, Tensor> prefixed(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /**
     * Loads the fixture's state dict into {@code module} strictly (so every key and shape must be
     * PyTorch's), after checking that the module lists the same keys in the same order.
     */
    <M extends Module> M load(M module) {
        Map<String, Tensor> sd = stateDict();
        assertEquals(List.copyOf(sd.keySet()), List.copyOf(module.stateDict().keySet()), name + ": state_dict keys");
        module.loadStateDict(sd);
        return module;
    }

    /** An input as stored. */
    Tensor input(String key) {
        return get("in." + key);
    }

    /** A fresh copy of a floating input that requires grad; {@link #verify} checks its gradient. */
    Tensor leaf(String key) {
        Tensor t = input(key).clone().requiresGrad_(true);
        leaves.put(key, t);
        return t;
    }

    /**
     * Compares {@code outputs} (by fixture key: {@code out}, {@code out.0}, {@code out.1.0}) with
     * PyTorch's, backpropagates the stored upstream gradients and compares the gradients of the leaves
     * and of every parameter of {@code module}, then the state after the call.
     */
    void verify(Module module, Map<String, Tensor> outputs) {
        List<String> expectedOutputs = new ArrayList<>();
        for (String k : arrays.keySet()) {
            if (k.equals("out") || k.startsWith("out.")) {
                expectedOutputs.add(k);
            }
        }
        assertEquals(expectedOutputs.stream().sorted().toList(), outputs.keySet().stream().sorted().toList(),
                name + ": outputs");
        Tensor total = null;
        for (String k : expectedOutputs) {
            Tensor out = outputs.get(k);
            assertClose(k, get(k), out);
            if (arrays.containsKey("grad_" + k)) {
                Tensor term = out.mul(get("grad_" + k)).sum();
                total = total == null ? term : total.add(term);
            }
        }
        if (total != null) {
            total.backward();
            leaves.forEach((k, leaf) -> assertGrad("grad.in." + k, leaf.grad(), leaf));
            module.namedParameters().forEach((k, p) -> assertGrad("grad.sd." + k, p.grad(), p));
        }
        Map<String, Tensor> post = prefixed("post.");
        if (!post.isEmpty()) {
            Map<String, Tensor> state = module.stateDict();
            post.forEach((k, v) -> assertClose("post." + k, v, state.get(k)));
        }
    }

    /** {@link #verify(Module, Map)} of a module with one output. */
    void verify(Module module, Tensor output) {
        verify(module, Map.of("out", output));
    }

    private void assertGrad(String key, Tensor grad, Tensor like) {
        assertClose(key, get(key), grad == null ? Tensor.zerosLike(like) : grad);
    }

    private void assertClose(String what, Tensor expected, Tensor actual) {
        assertNotNull(actual, name + " " + what + ": no tensor");
        double[] tol = {rtol, atol};
        tolerances.forEach((suffix, t) -> {
            if (what.endsWith(suffix)) {
                System.arraycopy(t, 0, tol, 0, 2);
            }
        });
        Fixtures.assertClose(expected, actual, tol[0], tol[1], name + " " + what);
    }
}
