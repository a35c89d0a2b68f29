package dev.arbor.onnx;

import dev.arbor.nn.Module;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's arguments read back from its {@link Module#extraRepr()}, which prints them as PyTorch's
 * repr does ({@code 3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)}): the layers keep their
 * options private, and the repr is the documented, PyTorch-checked way they show them.
 */
final class ReprArgs {
    private final Module module;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> named = new HashMap<>();

    ReprArgs(Module module) {
        this.module = module;
        for (String part : splitTopLevel(module.extraRepr())) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).matches("[A-Za-z_]+")) {
                named.put(part.substring(0, eq), part.substring(eq + 1));
            } else if (!part.isEmpty()) {
                positional.add(part);
            }
        }
    }

    /** The text of a named argument, or {@code fallback} when the repr leaves it out. */
    String text(String name, String fallback) {
        return named.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return named.containsKey(name);
    }

    double number(String name, double fallback) {
        String v = named.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    boolean flag(String name, boolean fallback) {
        String v = named.get(name);
        return v == null ? fallback : v.equals("True");
    }

    /** A per-dimension argument: {@code 2} or {@code (2, 2)} as {@code dims} values. */
    long[] ints(String name, int dims, long fallback) {
        String v = named.get(name);
        return v == null ? filled(dims, fallback) : perDim(name, v, dims);
    }

    /** A positional per-dimension argument (LayerNorm's normalized shape). */
    long[] positionalInts(int index) {
        String v = positional.get(index);
        return parseTuple(v);
    }

    private long[] perDim(String name, String v, int dims) {
        long[] values = parseTuple(v);
        if (values.length == 1) {
            return filled(dims, values[0]);
        }
        if (values.length != dims) {
            throw new IllegalStateException(module.typeName() + ": " + name + "=" + v + " does not have " + dims
                    + " values");
        }
        return values;
    }

    private static long[] parseTuple(String v) {
        String body = v.startsWith("(") || v.startsWith("[") ? v.substring(1, v.length() - 1) : v;
        List<Long> out = new ArrayList<>();
        for (String s : body.split(",")) {
            if (!s.isBlank()) {
                out.add(Long.parseLong(s.strip()));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Splits at commas outside brackets and quotes. */
    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                continue;
            }
            if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString().strip());
        return parts;
    }
}
