package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arbor.io.Npz;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/**
 * One case written by {@code src/test/python/make_functional_fixtures.py}: the inputs PyTorch 1.13 was
 * given, its output ({@code out}), the upstream gradient ({@code grad_out}) and the input gradients
 * ({@code grad_<input>}).
 */
final class TorchFixture {
    /** float32 against PyTorch's float32: the tolerance issue 3 asks for. */
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;

    private final String name;
    private final Map<String, Tensor> arrays;

    private TorchFixture(String name, Map<String, Tensor> arrays) {
        this.name = name;
        this.arrays = arrays;
    }

    static TorchFixture load(String name) {
        URL url = TorchFixture.class.getResource("/fixtures/functional/" + name + ".npz");
        assertNotNull(url, "missing fixture " + name + ".npz: run src/test/python/make_functional_fixtures.py");
        try {
            return new TorchFixture(name, Npz.read(Path.of(url.toURI())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored array as it is. */
    Tensor get(String key) {
        Tensor t = arrays.get(key);
        assertNotNull(t, name + ": no array " + key + " (has " + arrays.keySet() + ")");
        return t;
    }

    /** A fresh copy of a floating input that requires grad, so each test owns its leaf. */
    Tensor leaf(String key) {
        return get(key).clone().requiresGrad_(true);
    }

    /**
     * Runs {@code fn} on a case's inputs ({@code grads} as fresh leaves), compares its output with
     * PyTorch's, backpropagates the stored upstream gradient and compares the gradients of {@code grads}.
     *
     * @return the inputs, for checks of further outputs
     */
    static Leaves check(String fixture, java.util.function.Function<Leaves, Tensor> fn, String... grads) {
        TorchFixture f = load(fixture);
        Leaves leaves = f.leaves(grads);
        Tensor out = fn.apply(leaves);
        f.assertOut(out);
        if (grads.length > 0) {
            f.backward(out);
            for (String g : grads) {
                f.assertGrad(g, leaves.get(g));
            }
        }
        return leaves;
    }

    /** The inputs of a case: leaves that require grad for {@code grads}, the stored arrays for the rest. */
    Leaves leaves(String... grads) {
        Map<String, Tensor> leaves = new java.util.HashMap<>();
        for (String g : grads) {
            leaves.put(g, leaf(g));
        }
        return new Leaves(this, leaves);
    }

    /** A case's inputs by name. */
    record Leaves(TorchFixture fixture, Map<String, Tensor> leaves) {
        Tensor get(String key) {
            return leaves.containsKey(key) ? leaves.get(key) : fixture.get(key);
        }
    }

    /** Backpropagates the stored upstream gradient through {@code out}. */
    void backward(Tensor out) {
        out.backward(get("grad_out"));
    }

    /** Asserts {@code actual} matches the stored {@code out}. */
    void assertOut(Tensor actual) {
        assertClose(get("out"), actual, "out", RTOL, ATOL);
    }

    /** Asserts {@code leaf}'s gradient matches {@code grad_<key>}. */
    void assertGrad(String key, Tensor leaf) {
        assertGrad(key, leaf, RTOL, ATOL);
    }

    void assertGrad(String key, Tensor leaf, double rtol, double atol) {
        assertNotNull(leaf.grad(), name + ": no gradient for " + key);
        assertClose(get("grad_" + key), leaf.grad(), "grad_" + key, rtol, atol);
    }

    /** Asserts {@code actual} matches the stored array {@code key}. */
    void assertMatches(String key, Tensor actual, double rtol, double atol) {
        assertClose(get(key), actual, key, rtol, atol);
    }

    private void assertClose(Tensor expected, Tensor actual, String what, double rtol, double atol) {
        assertClose(name + " " + what, expected, actual, rtol, atol);
    }

    /** numpy.allclose with equal NaNs and infinities, naming the first element that differs. */
    static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape " + Shapes.str(actual.shape())
                + " instead of " + Shapes.str(expected.shape()));
        double[] e = expected.to(DType.FLOAT64).toDoubleArray();
        double[] a = actual.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean same = Double.compare(e[i], a[i]) == 0 || Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]);
            if (!same && !(Double.isNaN(e[i]) && Double.isNaN(a[i]))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", PyTorch gives " + e[i]
                        + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }
}
