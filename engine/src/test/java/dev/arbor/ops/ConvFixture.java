package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arbor.io.Npz;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * One PyTorch reference case made by {@code src/test/python/make_conv_fixtures.py}: inputs, the
 * upstream gradient {@code grad_out}, the reference output (and {@code indices}) and the gradient of
 * every differentiable input. {@link #check} runs an Arbor op on the inputs in a dtype and compares
 * output, indices and gradients.
 */
final class ConvFixture {
    private static final String[] RESULTS = {"out", "indices", "grad_out"};

    private final String name;
    private final SequencedMap<String, Tensor> arrays;

    private ConvFixture(String name, SequencedMap<String, Tensor> arrays) {
        this.name = name;
        this.arrays = arrays;
    }

    static ConvFixture load(String name) {
        URL url = ConvFixture.class.getResource("/fixtures/conv/" + name + ".npz");
        assertNotNull(url, "missing fixture " + name + ".npz: run src/test/python/make_conv_fixtures.py");
        try {
            return new ConvFixture(name, Npz.read(Path.of(url.toURI())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored array {@code key}. */
    Tensor get(String key) {
        Tensor t = arrays.get(key);
        assertNotNull(t, name + " has no array " + key);
        return t;
    }

    /**
     * Runs {@code op} on the case's inputs converted to {@code dtype} (floating inputs require grad,
     * integer ones keep their type), then backward with {@code grad_out}, and checks the output, the
     * indices (exactly) and each input's gradient within {@code atol + rtol * |expected|}.
     *
     * @param op returns the output, or the output and its indices
     */
    void check(DType dtype, double rtol, double atol, Function<Map<String, Tensor>, Tensor[]> op) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (var e : arrays.entrySet()) {
            if (isResult(e.getKey())) {
                continue;
            }
            Tensor t = e.getValue();
            inputs.put(e.getKey(), t.dtype().isFloatingPoint() ? t.to(dtype).requiresGrad_(true) : t);
        }
        Tensor[] result = op.apply(inputs);
        Tensor out = result[0];
        assertEquals(dtype, out.dtype(), name + ": output dtype");
        assertClose(name + " output", get("out"), out, rtol, atol);
        if (result.length > 1) {
            assertArrayEquals(get("indices").toLongArray(), result[1].toLongArray(), name + ": indices");
        }
        out.backward(get("grad_out").to(dtype));
        for (var e : inputs.entrySet()) {
            if (e.getValue().requiresGrad()) {
                assertNotNull(e.getValue().grad(), name + ": no gradient for " + e.getKey());
                assertClose(name + " grad of " + e.getKey(), get("grad_" + e.getKey()), e.getValue().grad(), rtol, atol);
            }
        }
    }

    private static boolean isResult(String key) {
        for (String r : RESULTS) {
            if (r.equals(key)) {
                return true;
            }
        }
        return key.startsWith("grad_");
    }

    /** Fails naming the worst element when {@code actual} differs from {@code expected} by more than the tolerance. */
    static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < e.length; i++) {
            double excess = Math.abs(e[i] - a[i]) - (atol + rtol * Math.abs(e[i]));
            if (excess > worstExcess || Double.isNaN(a[i]) != Double.isNaN(e[i])) {
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                worst = i;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": element " + worst + " is " + a[worst] + ", expected " + e[worst]
                    + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }
}
