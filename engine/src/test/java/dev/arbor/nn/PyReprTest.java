package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PyRepr#of(String)} writes strings as Python 3.11's {@code repr} does (quote choice, escapes,
 * printable characters). The expected texts were printed by {@code repr(s)} in Debian's python3; the
 * Java literals spell non-ASCII characters with escapes only.
 */
class PyReprTest {
    private static final List<Map.Entry<String, String>> PYTHON_REPRS = List.of(
            Map.entry("", "''"),
            Map.entry("abc", "'abc'"),
            Map.entry("it's", "\"it's\""),
            Map.entry("a\"b", "'a\"b'"),
            Map.entry("it's \"x\"", "'it\\'s \"x\"'"),
            Map.entry("back\\slash", "'back\\\\slash'"),
            Map.entry("tab\11new\12ret\15", "'tab\\tnew\\nret\\r'"),
            Map.entry("\0\37\177", "'\\x00\\x1f\\x7f'"),
            Map.entry("\200\237\240\255", "'\\x80\\x9f\\xa0\\xad'"),
            Map.entry("caf\351 \u4E2D", "'caf\351 \u4E2D'"),
            Map.entry("zero\u200Bwidth", "'zero\\u200bwidth'"),
            Map.entry("line\u2028para\u2029", "'line\\u2028para\\u2029'"),
            Map.entry("\uD83D\uDE00", "'\uD83D\uDE00'"),
            Map.entry("tag\uDB40\uDC01", "'tag\\U000e0001'"),
            Map.entry("lone\uD800", "'lone\\ud800'"),
            Map.entry("private\uE000", "'private\\ue000'"),
            Map.entry("unassigned\u0378", "'unassigned\\u0378'"),
            Map.entry("\u3000ideographic space", "'\\u3000ideographic space'"),
            Map.entry("'", "\"'\""),
            Map.entry("\"", "'\"'"),
            Map.entry("\\'", "\"\\\\'\"")
    );

    @Test
    void stringsAreWrittenAsPythonsRepr() {
        for (Map.Entry<String, String> e : PYTHON_REPRS) {
            assertEquals(e.getValue(), PyRepr.of(e.getKey()), () -> "repr of " + e.getKey().codePoints().boxed().toList());
        }
    }

    @Test
    void listsOfStringsQuoteEachElementAsPython() {
        // repr(["fc.weight", "it's", 'a"b'])
        assertEquals("['fc.weight', \"it's\", 'a\"b']", PyRepr.strings(List.of("fc.weight", "it's", "a\"b")));
        assertEquals("[]", PyRepr.strings(List.of()));
        // torch.nn.modules.module._IncompatibleKeys(["it's"], []) prints as
        assertEquals("_IncompatibleKeys(missing_keys=[\"it's\"], unexpected_keys=[])",
                new IncompatibleKeys(List.of("it's"), List.of()).toString());
    }
}
