package dev.arbor.pytorch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Maps a whole file into memory that the garbage collector unmaps once no tensor views it. The mapping
 * is private (copy-on-write) where the file can be opened for writing, so tensors that view it may be
 * changed in place, as PyTorch's mmap loading allows, without the file ever changing; a read-only
 * file is mapped read-only, and in-place changes to its tensors fail.
 */
final class MappedFile {
    private MappedFile() {}

    /** The file's bytes. */
    static MemorySegment map(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        FileChannel channel;
        FileChannel.MapMode mode;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            mode = FileChannel.MapMode.PRIVATE;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            mode = FileChannel.MapMode.READ_ONLY;
        }
        try (FileChannel c = channel) {
            return c.map(mode, 0, c.size(), Arena.ofAuto());
        }
    }
}
