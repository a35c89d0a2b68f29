package dev.arbor.io;

import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} archives, as {@code numpy.savez} and {@code numpy.load} use them: a zip file with
 * one {@link Npy .npy} entry per array, named by its key. Reading takes stored and deflated entries
 * ({@code savez} and {@code savez_compressed}); writing does not compress (as {@code savez}) and is
 * atomic. Each array follows {@link Npy}'s rules (bfloat16 is refused).
 */
public final class Npz {
    private Npz() {}

    /**
     * Reads every array of an archive, in the archive's order.
     *
     * @param path the archive
     * @return the arrays keyed by entry name without {@code .npy}
     * @throws IOException when the file is not a zip archive or an entry is not a valid {@code .npy} array
     */
    public static SequencedMap<String, Tensor> read(Path path) throws IOException {
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String key = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, Npy.read(in, path + "!" + e.getName()));
                }
            }
        } catch (ZipException e) {
            throw new IOException(path + ": not a readable .npz archive: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Writes arrays to an archive, atomically.
     *
     * @param arrays the arrays by key (entry names are the keys with {@code .npy} added), in order
     * @param path   the archive, replaced when it exists
     * @throws IOException when the file cannot be written (the old file, if any, is left whole)
     * @throws IllegalArgumentException for a bfloat16 tensor, which NumPy cannot hold
     */
    public static void write(Map<String, Tensor> arrays, Path path) throws IOException {
        for (Tensor t : arrays.values()) {
            Npy.descrOf(t.dtype());
        }
        AtomicFiles.write(path, tmp -> {
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.setLevel(0);
                for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                    Npy.write(e.getValue(), zip);
                    zip.closeEntry();
                }
            }
        });
    }
}
