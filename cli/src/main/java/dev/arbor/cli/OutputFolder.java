package dev.arbor.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder a command writes its files into ({@code --output-dir}). */
final class OutputFolder {
    private OutputFolder() {}

    /**
     * Fails, before any work is done, unless files can be made in {@code dir}: it is a folder that can
     * be written, or its nearest existing ancestor is one (where it will be made). Makes nothing.
     */
    static void check(Path dir) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        String where = existing.equals(dir.toAbsolutePath()) ? "" : " (so " + dir + " cannot be made in it)";
        if (!Files.isDirectory(existing)) {
            throw new IOException(existing + ": not a folder" + where);
        }
        if (!Files.isWritable(existing)) {
            throw new AccessDeniedException(existing.toString(), null, "cannot write in this folder" + where);
        }
    }

    /** Makes the folder and its parents where missing. */
    static void create(Path dir) throws IOException {
        check(dir);
        Files.createDirectories(dir);
    }
}
