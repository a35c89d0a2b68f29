package dev.arbor.onnx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Places state-dict names that the exporter dropped (merged duplicates) back into the order of the
 * names it kept, as PyTorch's {@code state_dict()} lists them. Repeated structures guide it: the
 * name {@code layers.1.norm1.weight} goes after the analogue of whatever precedes
 * {@code layers.0.norm1.weight}; the first name of a repeated block goes after the whole previous
 * block. Names with no analogue go before a sibling that other modules list after them (a
 * {@code weight} before its {@code bias}), else after the kept name they share the longest dotted
 * prefix with.
 */
final class AliasOrder {
    private AliasOrder() {}

    static List<String> place(List<String> known, Collection<String> aliases) {
        List<String> order = new ArrayList<>(known);
        Set<String> pending = new LinkedHashSet<>(aliases);
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (String alias : List.copyOf(pending)) {
                int at = byAnalogue(order, alias);
                if (at >= 0) {
                    order.add(at, alias);
                    pending.remove(alias);
                    progress = true;
                }
            }
        }
        for (String alias : pending) {
            int at = bySiblings(order, alias);
            order.add(at >= 0 ? at : byPrefix(order, alias), alias);
        }
        return order;
    }

    /**
     * Before the first sibling (same parent module) that another module lists after this leaf name
     * ({@code weight} before {@code bias}), or -1.
     */
    private static int bySiblings(List<String> order, String alias) {
        int dot = alias.lastIndexOf('.');
        String parent = alias.substring(0, dot + 1);
        String leaf = alias.substring(dot + 1);
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            if (!name.startsWith(parent) || name.indexOf('.', parent.length()) >= 0) {
                continue;
            }
            String sibling = name.substring(parent.length());
            for (int j = 0; j < order.size(); j++) {
                String other = order.get(j);
                if (other.endsWith("." + leaf) || other.equals(leaf)) {
                    String otherParent = other.substring(0, other.length() - leaf.length());
                    int k = order.indexOf(otherParent + sibling);
                    if (k > j) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** The insertion position from an analogous name in another numbered block, or -1. */
    private static int byAnalogue(List<String> order, String alias) {
        String[] parts = alias.split("\\.");
        for (int seg = 0; seg < parts.length - 1; seg++) {
            if (!isNumber(parts[seg])) {
                continue;
            }
            for (int i = 0; i < order.size(); i++) {
                String[] other = order.get(i).split("\\.");
                if (!sameExcept(parts, other, seg) || !isNumber(other[seg])) {
                    continue;
                }
                // `other` is the analogue; find what precedes it inside its block
                String blockPrefix = prefix(other, seg + 1);
                if (i > 0 && order.get(i - 1).startsWith(blockPrefix)) {
                    String[] before = order.get(i - 1).split("\\.");
                    before[seg] = parts[seg];
                    int p = order.indexOf(String.join(".", before));
                    if (p >= 0) {
                        return p + 1;
                    }
                } else {
                    // first of its block: after the last name of the block numbered one less
                    String previousBlock = prefix(parts, seg) + (Long.parseLong(parts[seg]) - 1) + ".";
                    int last = -1;
                    for (int j = 0; j < order.size(); j++) {
                        if (order.get(j).startsWith(previousBlock)) {
                            last = j;
                        }
                    }
                    if (last >= 0) {
                        return last + 1;
                    }
                }
            }
        }
        return -1;
    }

    private static int byPrefix(List<String> order, String alias) {
        String[] parts = alias.split("\\.");
        int best = order.size();
        int bestLength = -1;
        for (int i = 0; i < order.size(); i++) {
            String[] other = order.get(i).split("\\.");
            int common = 0;
            while (common < Math.min(parts.length, other.length) - 1 && parts[common].equals(other[common])) {
                common++;
            }
            if (common >= bestLength) {
                bestLength = common;
                best = i + 1;
            }
        }
        return best;
    }

    private static boolean sameExcept(String[] a, String[] b, int seg) {
        if (a.length != b.length || a[seg].equals(b[seg])) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (i != seg && !a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code n} segments joined, with a trailing dot (empty for n = 0). */
    private static String prefix(String[] parts, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(parts[i]).append('.');
        }
        return sb.toString();
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
