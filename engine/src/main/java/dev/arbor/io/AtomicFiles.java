package dev.arbor.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Writes files so that readers see the old file or the whole new one, never a part. */
public final class AtomicFiles {
    /** Replaced files smaller than this are freed in a moment, not worth a thread. */
    private static final long RELEASE_IN_BACKGROUND_BYTES = 1L << 20;

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
     * deleted and {@code target} is left as it was. The file that was replaced is freed on a background
     * thread (on POSIX file systems, for files of 1 MiB or more): the move returns without waiting for
     * its cached pages and blocks to be released.
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
            FileChannel replaced = openReplaced(absolute);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                closeInBackground(replaced);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Opens the large regular file that the move will replace, or returns null. While it is open, the
     * move only unlinks it; freeing it (its pages in the page cache and its blocks, which file systems
     * mounted with {@code discard} trim there and then) waits for the last close. Saving a 200 MiB state
     * dict over an older one spent most of the move's time there.
     */
    private static FileChannel openReplaced(Path target) {
        try {
            if (!target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return null; // elsewhere (Windows) an open file may block its replacement
            }
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() < RELEASE_IN_BACKGROUND_BYTES) {
                return null;
            }
            return FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null; // no file yet, or one we cannot read: the move frees it as usual
        }
    }

    private static void closeInBackground(FileChannel replaced) {
        if (replaced == null) {
            return;
        }
        // A daemon thread: if the JVM exits first, the operating system closes the file.
        Thread.ofPlatform().daemon().name("arbor-free-replaced-file").start(() -> {
            try {
                replaced.close();
            } catch (IOException e) {
                // the file is already unlinked; nothing is left to do
            }
        });
    }
}
