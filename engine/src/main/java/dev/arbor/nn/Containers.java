package dev.arbor.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.NoSuchElementException;

/** Index arithmetic shared by the list-like containers, with Python's rules and IndexError text. */
final class Containers {
    private Containers() {}

    /** {@code index} made non-negative, as Python indexes a list. */
    static int absoluteIndex(int index, int size) {
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range");
        }
        return index < 0 ? index + size : index;
    }

    /** Python's {@code [start:end]} clipped to {@code [0, size]}: {start, end}. */
    static int[] sliceRange(int start, int end, int size) {
        int s = Math.clamp(start < 0 ? (long) start + size : start, 0, size);
        int e = Math.clamp(end < 0 ? (long) end + size : end, 0, size);
        return new int[] {s, Math.max(s, e)};
    }

    /** Removes the entry at a position and renames the rest {@code "0"}, {@code "1"}, ... in order. */
    static <V> void removeAndRenumber(LinkedHashMap<String, V> map, int position) {
        List<V> values = new ArrayList<>(map.values());
        values.remove(position);
        map.clear();
        for (int i = 0; i < values.size(); i++) {
            map.put(String.valueOf(i), values.get(i));
        }
    }

    /**
     * Puts {@code value} at {@code "index"}, moving the values at {@code "index"}..{@code "n-1"} one
     * number up, as PyTorch's {@code insert} does (keys already numbered 0..n-1).
     */
    static <V> void insertNumbered(LinkedHashMap<String, V> map, int index, V value) {
        // PyTorch moves map[str(i - 1)] to map[str(i)] for i from the size down to index + 1, raising
        // KeyError at the first name that is not a number in place (a map built with names); the same
        // error here, before anything moved
        for (int i = map.size(); i > index; i--) {
            if (!map.containsKey(String.valueOf(i - 1))) {
                throw new NoSuchElementException("'" + (i - 1) + "'");
            }
        }
        for (int i = map.size(); i > index; i--) {
            map.put(String.valueOf(i), map.get(String.valueOf(i - 1)));
        }
        map.put(String.valueOf(index), value);
    }
}
