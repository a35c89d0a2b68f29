package dev.arbor.io;

import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SequencedMap;

/**
 * Loads and saves state dicts in every format whose plugin is on the class or module path:
 * {@code module.loadStateDict(StateDicts.load(path), true)} and
 * {@code StateDicts.save(module.stateDict(), path)}.
 */
public final class StateDicts {
    /** How many leading bytes a format's probe sees. */
    public static final int PROBE_BYTES = 512;

    private static final List<StateDictFormat> FORMATS = discover();

    private StateDicts() {}

    private static List<StateDictFormat> discover() {
        List<StateDictFormat> out = new ArrayList<>();
        ServiceLoader.load(StateDictFormat.class, StateDicts.class.getClassLoader()).forEach(out::add);
        return List.copyOf(out);
    }

    /** {@return the state-dict formats found on the class or module path, in discovery order} */
    public static List<StateDictFormat> formats() {
        return FORMATS;
    }

    /**
     * Reads a state dict, choosing the format by the file's content first and its extension second.
     *
     * @param path the file
     * @return the tensors by key, in the file's order
     * @throws IOException when the file is missing, of no known format, or invalid
     */
    public static SequencedMap<String, Tensor> load(Path path) throws IOException {
        return formatForReading(path).read(path);
    }

    /**
     * Writes a state dict in the format its extension names.
     *
     * @param stateDict the tensors by key, written in map order
     * @param path the file to write; its extension chooses the format
     * @throws IOException when no plugin writes that extension, or writing fails
     */
    public static void save(Map<String, Tensor> stateDict, Path path) throws IOException {
        formatForWriting(path).write(stateDict, path);
    }

    /**
     * {@return the format that recognises the file's first bytes, else the one that claims its extension}
     *
     * @param path the file
     * @throws IOException when the file is missing or unreadable, or no format recognises it (the message
     *                     names the formats on the class path)
     */
    public static StateDictFormat formatForReading(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(PROBE_BYTES);
        }
        for (StateDictFormat f : FORMATS) {
            if (f.probe(head)) {
                return f;
            }
        }
        String ext = extension(path);
        for (StateDictFormat f : FORMATS) {
            if (f.extensions().contains(ext)) {
                return f;
            }
        }
        throw new IOException(path + ": not a state-dict file of a known format (formats on the class path: "
                + names() + ")");
    }

    /**
     * {@return the first writable format whose extensions include the file's}
     *
     * @param path the file to be written; only its name is looked at
     * @throws IOException when no writable format on the class path claims the extension
     */
    public static StateDictFormat formatForWriting(Path path) throws IOException {
        String ext = extension(path);
        for (StateDictFormat f : FORMATS) {
            if (f.extensions().contains(ext) && f.canWrite()) {
                return f;
            }
        }
        throw new IOException(path + ": no writable state-dict format for extension '" + ext + "' (formats on the "
                + "class path: " + names() + ")");
    }

    private static String names() {
        List<String> names = new ArrayList<>();
        for (StateDictFormat f : FORMATS) {
            names.add(f.name() + " " + f.extensions());
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
