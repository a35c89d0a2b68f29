package dev.arbor.onnx.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A parsed Einsum equation: each operand's labels (one per dimension) and the output's. An ellipsis becomes
 * one generated label per dimension it covers, aligned from the right across operands as broadcasting
 * aligns them; an implicit output is the ellipsis dimensions, then the labels used exactly once, in
 * alphabetical order (NumPy's convention).
 */
record EinsumEquation(List<List<Integer>> inputs, List<Integer> output) {
    /** Generated labels of ellipsis dimensions sort before letters: {@code ELLIPSIS_BASE + j} is the j-th from the right. */
    private static final int ELLIPSIS_BASE = -1000;

    /**
     * @param equation the equation, e.g. {@code "bij,bjk->bik"} or {@code "...ii->...i"}
     * @param ranks    each operand's rank
     * @throws IllegalArgumentException with the reason when the equation is malformed or disagrees with the ranks
     */
    static EinsumEquation parse(String equation, int[] ranks) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
        String[] terms = lhs.split(",", -1);
        if (terms.length != ranks.length) {
            throw new IllegalArgumentException("equation '" + equation + "' has " + terms.length + " operand(s), got "
                    + ranks.length + " input(s)");
        }
        int ellipsisRank = 0;
        List<List<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            int letters = countLetters(equation, terms[i]);
            int covered = ranks[i] - letters;
            boolean hasEllipsis = terms[i].contains("...");
            if (covered < 0 || (!hasEllipsis && covered != 0)) {
                throw new IllegalArgumentException("operand " + i + " of rank " + ranks[i] + " does not match '"
                        + terms[i] + "' in '" + equation + "'");
            }
            ellipsisRank = Math.max(ellipsisRank, covered);
            inputs.add(labels(equation, terms[i], covered));
        }
        List<Integer> output;
        if (arrow >= 0) {
            String rhs = eq.substring(arrow + 2);
            countLetters(equation, rhs);
            output = labels(equation, rhs, rhs.contains("...") ? ellipsisRank : 0);
            for (int label : output) {
                if (label >= 0 && inputs.stream().noneMatch(l -> l.contains(label))) {
                    throw new IllegalArgumentException("output label '" + (char) label + "' of '" + equation
                            + "' appears in no input");
                }
            }
            if (output.stream().distinct().count() != output.size()) {
                throw new IllegalArgumentException("the output of '" + equation + "' repeats a label");
            }
        } else {
            output = new ArrayList<>();
            for (int j = ellipsisRank - 1; j >= 0; j--) {
                output.add(ELLIPSIS_BASE + j);
            }
            TreeSet<Integer> once = new TreeSet<>();
            for (int c = 'A'; c <= 'z'; c++) {
                final int label = c;
                long uses = inputs.stream().flatMap(List::stream).filter(l -> l == label).count();
                if (uses == 1) {
                    once.add(label);
                }
            }
            output.addAll(once);
        }
        return new EinsumEquation(inputs, output);
    }

    private static int countLetters(String equation, String term) {
        String rest = term.replace("...", "");
        for (char c : rest.toCharArray()) {
            if (!Character.isLetter(c) || c > 'z') {
                throw new IllegalArgumentException("'" + c + "' in '" + equation + "' is not a label letter");
            }
        }
        return rest.length();
    }

    /** The term's labels, with its ellipsis (if any) expanded to {@code covered} generated labels. */
    private static List<Integer> labels(String equation, String term, int covered) {
        List<Integer> out = new ArrayList<>();
        int dots = term.indexOf("...");
        if (dots >= 0 && term.indexOf("...", dots + 1) >= 0) {
            throw new IllegalArgumentException("'" + term + "' in '" + equation + "' has more than one ellipsis");
        }
        for (int i = 0; i < term.length(); i++) {
            if (i == dots) {
                for (int j = covered - 1; j >= 0; j--) {
                    out.add(ELLIPSIS_BASE + j);
                }
                i += 2;
            } else {
                out.add((int) term.charAt(i));
            }
        }
        return out;
    }
}
