package dev.arbor.conformance;

import dev.arbor.conformance.OnnxBackendCase.Result;
import dev.arbor.conformance.OnnxBackendCase.Status;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of the suite's outcomes, overall, per category and per op, as TSV and Markdown. */
final class ConformanceReport {
    private final List<Result> results;

    ConformanceReport(List<Result> results) {
        this.results = results;
    }

    String casesTsv() {
        StringBuilder sb = new StringBuilder("category\tcase\tops\tstatus\tdetail\n");
        for (Result r : results) {
            sb.append(r.category()).append('\t').append(r.name()).append('\t').append(r.ops()).append('\t')
                    .append(r.status()).append('\t').append(r.detail()).append('\n');
        }
        return sb.toString();
    }

    /** Per op: the cases whose top-level graph uses it, by outcome. */
    String opsTsv() {
        Map<String, Map<Status, Integer>> byOp = new TreeMap<>();
        for (Result r : results) {
            for (String op : r.ops().split(",")) {
                byOp.computeIfAbsent(op, k -> new EnumMap<>(Status.class)).merge(r.status(), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder("op\tcases\tpass\tfail\tunsupported\terror\n");
        byOp.forEach((op, counts) -> {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            sb.append(op).append('\t').append(total);
            for (Status s : Status.values()) {
                sb.append('\t').append(counts.getOrDefault(s, 0));
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    String summary() {
        Map<Status, Integer> total = new EnumMap<>(Status.class);
        Map<String, Map<Status, Integer>> byCategory = new TreeMap<>();
        for (Result r : results) {
            total.merge(r.status(), 1, Integer::sum);
            byCategory.computeIfAbsent(r.category(), k -> new EnumMap<>(Status.class)).merge(r.status(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("ONNX backend test suite: ").append(results.size()).append(" cases, ");
        int pass = total.getOrDefault(Status.PASS, 0);
        sb.append(pass).append(" passed (").append(String.format("%.1f", 100.0 * pass / Math.max(1, results.size())))
                .append("%), ").append(total.getOrDefault(Status.UNSUPPORTED, 0)).append(" unsupported, ")
                .append(total.getOrDefault(Status.FAIL, 0)).append(" failed, ")
                .append(total.getOrDefault(Status.ERROR, 0)).append(" errors\n\n");
        sb.append("| category | cases | pass | fail | unsupported | error |\n|---|---|---|---|---|---|\n");
        byCategory.forEach((cat, counts) -> {
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            sb.append("| ").append(cat).append(" | ").append(n);
            for (Status s : Status.values()) {
                sb.append(" | ").append(counts.getOrDefault(s, 0));
            }
            sb.append(" |\n");
        });
        return sb.toString();
    }
}
