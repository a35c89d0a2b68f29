package dev.arbor.cli;

import dev.arbor.io.ModelFormat;
import dev.arbor.io.Models;
import dev.arbor.io.StateDictFormat;
import dev.arbor.io.StateDicts;
import dev.arbor.nn.Module;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Opens the files users name on the command line, with one clear message for each way that fails. */
final class ModelFiles {
    private ModelFiles() {}

    /** Fails unless {@code path} is a readable regular file. */
    static void requireReadableFile(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (Files.isDirectory(path)) {
            throw new IOException(path + ": is a folder, not a file");
        }
        if (!Files.isReadable(path)) {
            throw new AccessDeniedException(path.toString());
        }
    }

    /** The model format that recognises the file (by content, then extension), if any. */
    static Optional<ModelFormat> modelFormat(Path path) throws IOException {
        requireReadableFile(path);
        try {
            return Optional.of(Models.formatFor(path));
        } catch (IOException notAModel) {
            return Optional.empty();
        }
    }

    /** The state-dict format that recognises the file (by content, then extension), if any. */
    static Optional<StateDictFormat> stateDictFormat(Path path) throws IOException {
        requireReadableFile(path);
        try {
            return Optional.of(StateDicts.formatForReading(path));
        } catch (IOException notAStateDict) {
            return Optional.empty();
        }
    }

    /**
     * Loads a model (structure and weights) for running; a state dict (weights only) or any other file
     * is an error that says what the file is and what is needed.
     */
    static Module loadModel(Path path) throws IOException {
        Optional<ModelFormat> model = modelFormat(path);
        if (model.isPresent()) {
            return model.get().load(path);
        }
        Optional<StateDictFormat> weights = stateDictFormat(path);
        if (weights.isPresent()) {
            throw new IOException(path + ": a " + weights.get().name() + " state dict holds weights only, not a model "
                    + "that can run; give a model file (" + modelFormats() + ")");
        }
        throw new IOException(path + ": not a model file of a known format (" + modelFormats() + ")");
    }

    /** The error for a file that is neither a model nor a state dict. */
    static IOException unknownKind(Path path) {
        return new IOException(path + ": not a model or state-dict file of a known format (models: " + modelFormats()
                + "; state dicts: " + stateDictFormats() + ")");
    }

    private static String modelFormats() {
        return Models.formats().stream().map(f -> label(f.name(), f.extensions())).collect(Collectors.joining(", "));
    }

    private static String stateDictFormats() {
        return StateDicts.formats().stream().map(f -> label(f.name(), f.extensions()))
                .collect(Collectors.joining(", "));
    }

    private static String label(String name, List<String> extensions) {
        return name + " " + String.join(" ", extensions);
    }
}
