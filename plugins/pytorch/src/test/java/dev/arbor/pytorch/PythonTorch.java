package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs small scripts with Debian's {@code /usr/bin/python3} and PyTorch, to check files Arbor writes. */
final class PythonTorch {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Boolean available;

    private PythonTorch() {}

    /** Skips the calling test, saying why, when Debian's python3 with torch is not installed. */
    static synchronized void assumeAvailable() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "PyTorch checks skipped: " + PYTHON + " is not installed");
        if (available == null) {
            // find_spec looks for the package without importing it, which takes seconds.
            Process p = new ProcessBuilder(PYTHON.toString(), "-c",
                    "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)")
                    .redirectErrorStream(true).start();
            available = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        assumeTrue(available, "PyTorch checks skipped: " + PYTHON + " cannot import torch (install python3-torch)");
    }

    /** Runs {@code script} with {@code args}; returns its output, or fails with it. */
    static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python failed:\n" + out);
        }
        return out;
    }
}
