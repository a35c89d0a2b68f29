package dev.arbor.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs small NumPy scripts with Debian's {@code /usr/bin/python3} for interoperability tests. */
final class PythonNumpy {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonNumpy() {}

    /** Whether NumPy can be imported, found out once per test run. */
    private static Boolean numpyImports;

    /** Skips the calling test, saying why, when Debian's python3 with NumPy is not installed. */
    static synchronized void assumeAvailable() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "NumPy checks skipped: " + PYTHON + " is not installed");
        if (numpyImports == null) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
            numpyImports = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        assumeTrue(numpyImports, "NumPy checks skipped: " + PYTHON + " cannot import numpy (install python3-numpy)");
    }

    /** Runs {@code script} with {@code dir} as its argument; returns its output, or fails with it. */
    static String run(String script, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python failed:\n" + out);
        }
        return out;
    }
}
