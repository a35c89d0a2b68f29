package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyPathsTest {
    @Test
    void dottedKeysBecomeNestedNames() {
        assertEquals(List.of("layer1", "0", "conv1", "weight"), KeyPaths.names("layer1.0.conv1.weight"));
        assertEquals(List.of("w"), KeyPaths.names("w"));
    }

    @Test
    void namesHdf5CannotTakeAreEscapedAndRestored() {
        assertEquals(List.of("a", "%", "b"), KeyPaths.names("a..b"));
        assertEquals(List.of("%"), KeyPaths.names(""));
        assertEquals(List.of("x%2Fy"), KeyPaths.names("x/y"));
        assertEquals(List.of("50%25"), KeyPaths.names("50%"));
        assertEquals(List.of("%20%20"), KeyPaths.names("  "));
        assertEquals(List.of("%E2%80%83"), KeyPaths.names("\u2003"), "a blank part of Unicode white space");
        assertEquals(List.of("a b"), KeyPaths.names("a b"), "inner spaces are kept");
    }

    @Test
    void escapingIsInvertibleAndInjective() {
        String[] keys = {"", ".", "..", "a", "a.b", "a..b", "%", "%%", "%25", "%2F", "/", "a/b", " ", "\t", "ü.名",
                "%E2", "a.%", "x%zz", "%4"};
        Set<List<String>> seen = new HashSet<>();
        for (String k : keys) {
            List<String> names = KeyPaths.names(k);
            assertEquals(k, KeyPaths.key(names), k);
            for (String n : names) {
                assertFalse(n.isBlank() || n.contains("/") || n.contains("."), n);
                assertNotEquals(KeyPaths.SELF, n);
            }
            assertEquals(true, seen.add(names), "two keys escape alike: " + k);
        }
    }
}
