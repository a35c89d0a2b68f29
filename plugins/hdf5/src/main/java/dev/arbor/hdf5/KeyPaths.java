package dev.arbor.hdf5;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How dotted state-dict keys become HDF5 paths and back ({@code docs/HDF5-LAYOUT.md}).
 *
 * <p>A key is split at its dots; each part is one link name. Parts HDF5 or jhdf cannot take as a
 * name are escaped as {@code %XX} (UTF-8 bytes, upper-case hex): {@code %} itself and {@code /}
 * always, and every character of a part that is only white space; an empty part (from
 * {@code a..b} or a leading or trailing dot) is the name {@code %}. No escaped name contains a dot,
 * so {@link #SELF}, which does, names no key's part: a key that is also the prefix of other keys
 * ({@code a} beside {@code a.b}) is stored as the dataset {@code SELF} inside the group its path
 * names.
 */
final class KeyPaths {
    /** The dataset name inside a group for the key that names the group itself. */
    static final String SELF = ".tensor";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private KeyPaths() {}

    /** The escaped link names of a key's parts, outermost first. */
    static List<String> names(String key) {
        List<String> names = new ArrayList<>();
        int start = 0;
        while (true) {
            int dot = key.indexOf('.', start);
            String part = dot < 0 ? key.substring(start) : key.substring(start, dot);
            names.add(escape(part));
            if (dot < 0) {
                return names;
            }
            start = dot + 1;
        }
    }

    /** The key whose parts escape to these link names: the inverse of {@link #names}. */
    static String key(List<String> names) {
        List<String> parts = new ArrayList<>(names.size());
        for (String n : names) {
            parts.add(unescape(n));
        }
        return String.join(".", parts);
    }

    static String escape(String part) {
        if (part.isEmpty()) {
            return "%";
        }
        boolean blank = part.isBlank();
        StringBuilder out = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); ) {
            int c = part.codePointAt(i);
            i += Character.charCount(c);
            if (c == '%' || c == '/' || blank) {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX.toHexDigits(b));
                }
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    static String unescape(String name) {
        if (name.equals("%")) {
            return "";
        }
        if (name.indexOf('%') < 0) {
            return name;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); ) {
            char c = name.charAt(i);
            if (c == '%' && i + 3 <= name.length() && isHex(name.charAt(i + 1)) && isHex(name.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(name, i + 1, i + 3));
                i += 3;
            } else {
                int cp = name.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
