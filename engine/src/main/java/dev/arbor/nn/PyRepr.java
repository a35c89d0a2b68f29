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
     * {@return a list of strings with Python's quotes: {@code ['a', 'b']}}; quotes inside the strings
     * are not escaped
     *
     * @param values the elements
     */
    public static String strings(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('\'').append(values.get(i)).append('\'');
        }
        return sb.append(']').toString();
    }
}
