package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real HDF5 clients the tests compare against: Debian's {@code /usr/bin/python3} with
 * h5py, and {@code h5dump} (hdf5-tools). A test that needs one skips, saying which package is
 * missing, where it is not installed ({@code .ci/run} installs both).
 */
final class ExternalTools {
    static final String PYTHON = "/usr/bin/python3";

    private ExternalTools() {}

    static void assumeH5py() {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && exitCode(PYTHON, "-c", "import h5py, numpy") == 0,
                "skipped: needs " + PYTHON + " with h5py and numpy (apt-get install python3-h5py)");
    }

    static void assumeH5dump() {
        assumeTrue(exitCode("h5dump", "--version") == 0, "skipped: needs h5dump (apt-get install hdf5-tools)");
    }

    /** Runs a command and returns its standard output; fails the test with its error output if it fails. */
    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        try {
            assertEquals(0, p.waitFor(), () -> String.join(" ", command) + " failed:\n"
                    + new String(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Runs a Python snippet with arguments ({@code sys.argv[1:]}), returning its output lines. */
    static List<String> python(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new)).lines().toList();
    }

    private static int exitCode(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
