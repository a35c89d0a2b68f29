package dev.arbor.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for test fixtures written by Python's {@code json} module: objects become
 * {@link LinkedHashMap}s (key order kept), arrays {@link List}s, numbers {@link Long} when integral
 * and written without a fraction or exponent, otherwise {@link Double}; Python's {@code NaN},
 * {@code Infinity} and {@code -Infinity} are accepted.
 */
public final class Json {
    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /** Parses a whole JSON text. */
    public static Object parse(String text) {
        Json p = new Json(text);
        Object v = p.value();
        p.skipBlanks();
        if (p.pos != text.length()) {
            throw p.error("the end of the text");
        }
        return v;
    }

    private Object value() {
        skipBlanks();
        if (pos >= s.length()) {
            throw error("a value");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            default -> {
                if (s.startsWith("true", pos)) {
                    pos += 4;
                    yield Boolean.TRUE;
                }
                if (s.startsWith("false", pos)) {
                    pos += 5;
                    yield Boolean.FALSE;
                }
                if (s.startsWith("null", pos)) {
                    pos += 4;
                    yield null;
                }
                yield number();
            }
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        skipBlanks();
        if (s.charAt(pos) == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipBlanks();
            String key = string();
            skipBlanks();
            expect(':');
            out.put(key, value());
            skipBlanks();
            if (s.charAt(pos) == ',') {
                pos++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array() {
        List<Object> out = new ArrayList<>();
        pos++;
        skipBlanks();
        if (s.charAt(pos) == ']') {
            pos++;
            return out;
        }
        while (true) {
            out.add(value());
            skipBlanks();
            if (s.charAt(pos) == ',') {
                pos++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> sb.append(e);
            }
        }
    }

    private Object number() {
        for (String special : new String[] {"NaN", "Infinity", "-Infinity"}) {
            if (s.startsWith(special, pos)) {
                pos += special.length();
                return Double.parseDouble(special);
            }
        }
        int start = pos;
        boolean integral = true;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            integral &= ".eE".indexOf(s.charAt(pos)) < 0;
            pos++;
        }
        if (start == pos) {
            throw error("a value");
        }
        String text = s.substring(start, pos);
        return integral ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private void skipBlanks() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("JSON: expected " + expected + " at offset " + pos);
    }
}
