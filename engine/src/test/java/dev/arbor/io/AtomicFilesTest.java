package dev.arbor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing files whole: small and large targets (a large one is freed on a background thread). */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesSmallAndLargeFilesAndLeavesNothingElse() throws IOException {
        Path target = dir.resolve("state.bin");
        for (int size : new int[] {10, 3 << 20, 2 << 20, 5}) {
            byte[] content = new byte[size];
            Arrays.fill(content, (byte) size);
            AtomicFiles.write(target, tmp -> Files.write(tmp, content));
            assertArrayEquals(content, Files.readAllBytes(target), size + " bytes");
            assertEquals(List.of(target), files(), "no temporary file is left");
        }
    }

    @Test
    void failedWriteLeavesTheLargeOldFileWhole() throws IOException {
        Path target = dir.resolve("state.bin");
        byte[] old = new byte[2 << 20];
        Arrays.fill(old, (byte) 7);
        Files.write(target, old);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.write(tmp, new byte[] {1, 2, 3});
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
