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

    /** The formats found. */
    public static List<ModelFormat> formats() {
        return FORMATS;
    }

    /** Loads a model, choosing the format by the file's content first and its extension second. */
    public static Module load(Path path) throws IOException {
        return formatFor(path).load(path);
    }

    /**
     * Writes a model in the format its extension names, tracing {@code module} on {@code exampleInputs}
     * where the format records a graph.
     *
     * @throws IOException when no plugin on the class path writes models with that extension
     */
    public static void save(Module module, List<Tensor> exampleInputs, Path path) throws IOException {
        ModelFormat format = formatForSaving(path).orElseThrow(() -> new IOException(path
                + ": no plugin on the class path writes models with this extension"));
        format.save(module, exampleInputs, path);
    }

    /** The format that writes models with the file's extension, when a plugin on the class path does. */
    public static Optional<ModelFormat> formatForSaving(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return FORMATS.stream()
                .filter(f -> f.canSave() && f.extensions().stream().anyMatch(name::endsWith))
                .findFirst();
    }

    /** The format that recognises the file, or an error naming the formats on the class path. */
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
