package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import dev.arbor.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON fixtures that {@code src/test/python/make_module_fixtures.py} writes with PyTorch
 * (with {@link Json}), and compares tensors with them.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The parsed fixture {@code dev/arbor/nn/<name>}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/dev/arbor/nn/" + name)) {
            assertNotNull(in, "fixture " + name + " is missing; run src/test/python/make_module_fixtures.py");
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture tensor ({@code {"shape": [...], "data": [...]}}) as float32, or null. */
    public static Tensor tensor(Object json) {
        return tensor(json, DType.FLOAT32);
    }

    /** A fixture tensor in {@code dtype}, or null. */
    @SuppressWarnings("unchecked")
    public static Tensor tensor(Object json, DType dtype) {
        if (json == null) {
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) json;
        List<Object> shape = (List<Object>) m.get("shape");
        List<Object> data = (List<Object>) m.get("data");
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Number) shape.get(i)).longValue();
        }
        double[] d = new double[data.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) data.get(i)).doubleValue();
        }
        // Tensor.of treats an empty shape as 1-d; a 0-d fixture is reshaped
        return Tensor.of(d, dtype, d.length).reshape(s);
    }

    /** Asserts equal shapes and values within {@code |a - e| <= atol + rtol * |e|}. */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertNotNull(actual, what + ": no tensor");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }

    /** The float32 tolerance: rtol 1e-5, atol 1e-6. */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, 1e-5, 1e-6, what);
    }

    /** A list of {@code [name, ...]} rows as the names. */
    @SuppressWarnings("unchecked")
    public static List<String> firstColumn(Object rows) {
        List<String> out = new ArrayList<>();
        for (Object row : (List<Object>) rows) {
            out.add((String) ((List<Object>) row).getFirst());
        }
        return out;
    }

    /** Asserts two lists are equal, printing both in full when not. */
    public static void assertListEquals(List<?> expected, List<?> actual, String what) {
        assertEquals(String.join("\n", expected.stream().map(String::valueOf).toList()),
                String.join("\n", actual.stream().map(String::valueOf).toList()), what);
    }
}
