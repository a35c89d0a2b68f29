package dev.arbor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code cli/target/arbor-cli.jar} in a new JVM, as the {@code arbor} script does, with stdin,
 * stdout and stderr not a terminal (as in a pipe).
 */
final class ArborProcess {
    /** The flags the {@code arbor} script gives the JVM. */
    static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
    /** The one line the JVM itself prints on stderr for the incubator module; not the command's output. */
    static final String JVM_INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    private ArborProcess() {}

    /**
     * What a run gave.
     *
     * @param stderr the lines on stderr, less the JVM's own incubator warning
     */
    record Result(int status, String stdout, List<String> stderr, double seconds) {
        /** Asserts the status, showing the output when it differs. */
        Result expect(int expected) {
            assertEquals(expected, status,
                    () -> "exit status; stdout:\n" + stdout + "\nstderr:\n" + String.join("\n", stderr));
            return this;
        }

        /** Asserts one line on stderr, starting with {@code arbor} (the command's name), and no stack trace. */
        String oneErrorLine() {
            assertEquals(1, stderr.size(), () -> "stderr should be one line, was:\n" + String.join("\n", stderr));
            String line = stderr.getFirst();
            assertTrue(line.startsWith("arbor"), line);
            assertTrue(!line.contains("Exception") && !line.contains("\tat "), line);
            return line;
        }
    }

    /** The fat jar under test (the failsafe plugin names it). */
    static Path jar() {
        String jar = System.getProperty("arbor.cli.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "system property arbor.cli.jar must name the packaged jar (run with ./mvnw verify); got " + jar);
        return Path.of(jar);
    }

    /** The repository root. */
    static Path repo() {
        String repo = System.getProperty("arbor.repo");
        return repo != null ? Path.of(repo) : Path.of("..").toAbsolutePath().normalize();
    }

    /** Runs {@code java -jar arbor-cli.jar args...} in {@code workDir}, for at most 5 minutes. */
    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(Arrays.asList(args));
        return exec(command, workDir);
    }

    /** Runs a command line and collects what it printed. */
    static Result exec(List<String> command, Path workDir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("arbor-out", ".txt");
        Path err = Files.createTempFile("arbor-err", ".txt");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("timed out after 5 minutes: " + command);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.equals(JVM_INCUBATOR_WARNING)).toList();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errLines, seconds);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
