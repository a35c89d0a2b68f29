package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON fixtures that {@code src/test/python/make_module_fixtures.py} writes with PyTorch
 * (a small JSON reader: objects become ordered maps, arrays lists, numbers doubles), and compares
 * tensors with them.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The parsed fixture {@code dev/arbor/nn/<name>}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/dev/arbor/nn/" + name)) {
            assertNotNull(in, "fixture " + name + " is missing; run src/test/python/make_module_fixtures.py");
            return (Map<String, Object>) new Reader(new String(in.readAllBytes(), StandardCharsets.UTF_8)).value();
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

    /** A recursive-descent reader of the JSON the generator writes. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        Object value() {
            skipSpace();
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                case 'N' -> literal("NaN", Double.NaN);
                case 'I' -> literal("Infinity", Double.POSITIVE_INFINITY);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> out = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (s.charAt(pos) == '}') {
                pos++;
                return out;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                pos++; // ':'
                out.put(key, value());
                skipSpace();
                if (s.charAt(pos++) == '}') {
                    return out;
                }
            }
        }

        private List<Object> array() {
            List<Object> out = new ArrayList<>();
            pos++;
            skipSpace();
            if (s.charAt(pos) == ']') {
                pos++;
                return out;
            }
            while (true) {
                out.add(value());
                skipSpace();
                if (s.charAt(pos++) == ']') {
                    return out;
                }
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (true) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private Object number() {
            int start = pos;
            if (s.startsWith("-Infinity", pos)) {
                pos += 9;
                return Double.NEGATIVE_INFINITY;
            }
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            return Double.parseDouble(s.substring(start, pos));
        }

        private Object literal(String word, Object value) {
            pos += word.length();
            return value;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
