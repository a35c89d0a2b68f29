package dev.arbor.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that readers see the old file or the whole new one, never a part. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a whole file at the path it is given. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole file.
         *
         * @param temporary the file to write, which exists and is empty; it replaces the target afterwards
         * @throws IOException when writing fails; the target is then left as it was
         */
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Runs {@code writer} on a temporary file in {@code target}'s folder, then moves it over
     * {@code target} (atomically where the file system can). On any failure the temporary file is
     * deleted and {@code target} is left as it was.
     *
     * @param target the file to write; its folder must exist
     * @param writer writes the whole file at the temporary path it is given
     * @throws IOException when the folder does not exist, or creating, writing or moving the file fails
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": folder " + dir + " does not exist");
        }
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            writer.writeTo(tmp);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
