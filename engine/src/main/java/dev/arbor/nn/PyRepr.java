package dev.arbor.nn;

import java.math.BigDecimal;
import java.util.List;

/**
 * Values written as Python's {@code repr} writes them, so that module reprs ({@link Module#extraRepr})
 * and error messages read exactly as PyTorch's: {@code 1e-05}, {@code 0.1}, {@code 2.0}, {@code True},
 * {@code (2, 3)}, {@code (5,)}.
 */
public final class PyRepr {
    private PyRepr() {}

    /**
     * {@return a float as Python's {@code repr} prints it: the shortest round-tripping digits, exponent
     * form below 1e-4 and from 1e16 ({@code 1e-05}, {@code 0.1}, {@code 2.0}, {@code 1e+16}, {@code nan},
     * {@code -inf})}
     *
     * @param v the value
     */
    public static String of(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        String sign = v < 0 ? "-" : "";
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale();
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        String plain = d.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /**
     * {@return {@code True} or {@code False}, as Python prints a bool}
     *
     * @param b the value
     */
    public static String of(boolean b) {
        return b ? "True" : "False";
    }

    /**
     * {@return a string as Python's {@code repr} writes it: in single quotes, or in double quotes when
     * it holds a single quote and no double quote ({@code "it's"}); the quote in use and backslashes
     * escaped, {@code \t \n \r} as such, other control and non-printable characters as {@code \xhh},
     * <code>&#92;uhhhh</code> or {@code \Uhhhhhhhh}; {@code None} for null}
     *
     * <p>Printable is Python's {@code str.isprintable}, judged with the JDK's Unicode tables: characters
     * assigned in a newer Unicode version than the Python in use may print differently.
     *
     * @param s the string, or null
     */
    public static String of(String s) {
        if (s == null) {
            return "None";
        }
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                sb.append('\\').appendCodePoint(c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if ((c >= ' ' && c < 0x7f) || (c > 0x7f && isPrintable(c))) {
                sb.appendCodePoint(c);
            } else if (c <= 0xff) {
                sb.append(String.format("\\x%02x", c));
            } else if (c <= 0xffff) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.append(String.format("\\U%08x", c));
            }
        });
        return sb.append(quote).toString();
    }

    /** Python's rule: every character but those of the Other and Separator categories (space aside). */
    private static boolean isPrintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * {@return a tuple of integers as Python prints it: {@code (2, 3)}, {@code (5,)}, {@code ()}}
     *
     * @param values the elements
     */
    public static String tuple(long... values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
    }

    /**
     * {@return a list of strings as Python's {@code repr} writes it: {@code ['a', "it's"]}, each element
     * as {@link #of(String)} writes it}
     *
     * @param values the elements
     */
    public static String strings(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(of(values.get(i)));
        }
        return sb.append(']').toString();
    }
}
