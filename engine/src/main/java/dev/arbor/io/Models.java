package dev.arbor.io;

import dev.arbor.nn.Module;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/** Loads models in every format whose plugin is on the class or module path: {@code Models.load(path)}. */
public final class Models {
    private static final List<ModelFormat> FORMATS = discover();

    private Models() {}

    private static List<ModelFormat> discover() {
        List<ModelFormat> out = new ArrayList<>();
        ServiceLoader.load(ModelFormat.class, Models.class.getClassLoader()).forEach(out::add);
        return List.copyOf(out);
    }

    /** {@return the model formats found on the class or module path, in discovery order} */
    public static List<ModelFormat> formats() {
        return FORMATS;
    }

    /**
     * Loads a model, choosing the format by the file's content first and its extension second.
     *
     * @param path the model file
     * @return the model's root module
     * @throws IOException when the file is missing, of no known format, or invalid
     */
    public static Module load(Path path) throws IOException {
        return formatFor(path).load(path);
    }

    /**
     * Writes a model in the format its extension names, tracing {@code module} on {@code exampleInputs}
     * where the format records a graph.
     *
     * @param module the model to write
     * @param exampleInputs the inputs of one forward call, used to trace the graph
     * @param path the file to write; its extension chooses the format
     * @throws IOException when no plugin on the class path writes models with that extension, or writing fails
     */
    public static void save(Module module, List<Tensor> exampleInputs, Path path) throws IOException {
        ModelFormat format = formatForSaving(path).orElseThrow(() -> new IOException(path
                + ": no plugin on the class path writes models with this extension"));
        format.save(module, exampleInputs, path);
    }

    /**
     * {@return the format that writes models with the file's extension, or empty when no plugin on the
     * class path does}
     *
     * @param path the file to be written; only its name is looked at
     */
    public static Optional<ModelFormat> formatForSaving(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return FORMATS.stream()
                .filter(f -> f.canSave() && f.extensions().stream().anyMatch(name::endsWith))
                .findFirst();
    }

    /**
     * {@return the format that recognises the file by its first bytes, else the one that claims its extension}
     *
     * @param path the model file
     * @throws IOException when the file is missing or unreadable, or no format recognises it (the message
     *                     names the formats on the class path)
     */
    public static ModelFormat formatFor(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(StateDicts.PROBE_BYTES);
        }
        for (ModelFormat f : FORMATS) {
            if (f.probe(head)) {
                return f;
            }
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ModelFormat f : FORMATS) {
            for (String ext : f.extensions()) {
                if (name.endsWith(ext)) {
                    return f;
                }
            }
        }
        List<String> names = FORMATS.stream().map(f -> f.name() + " " + f.extensions()).toList();
        throw new IOException(path + ": not a model file of a known format (model formats on the class path: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }
}
