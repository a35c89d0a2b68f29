package dev.arbor.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the examples find their data ({@code examples/data}) and write their files. */
final class ExampleFiles {
    private ExampleFiles() {}

    /** The data folder: the first argument, else {@code examples/data} (from the repository root) or {@code data}. */
    static Path dataDir(String[] args) {
        if (args.length > 0) {
            return Path.of(args[0]);
        }
        Path fromRoot = Path.of("examples", "data");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("data");
    }

    /** The output folder: the second argument, else a new temporary folder. */
    static Path outputDir(String[] args) throws IOException {
        return args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("arbor-example");
    }
}
