package dev.arbor.io;

import dev.arbor.nn.Module;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file format for whole models (structure and weights), provided by a plugin through
 * {@link java.util.ServiceLoader} ({@code provides dev.arbor.io.ModelFormat with ...}) and chosen by
 * {@link Models} by the file's first bytes, then its extension. A plugin that also writes the format
 * (an exporter) overrides {@link #canSave()} and {@link #save}.
 */
public interface ModelFormat {
    /** A short name, such as {@code onnx}. */
    String name();

    /** File name extensions, lower case with the dot; the first is the usual one. */
    List<String> extensions();

    /** True when {@code head} (the file's first bytes, up to {@link StateDicts#PROBE_BYTES}) looks like this format. */
    boolean probe(byte[] head);

    /** Loads the model as a module tree. */
    Module load(Path path) throws IOException;

    /** True when this plugin can also write models in this format with {@link #save}. */
    default boolean canSave() {
        return false;
    }

    /**
     * Writes {@code module} as a model file; a format that records a graph traces {@code module}'s
     * forward on {@code exampleInputs}. Implementations write through {@link AtomicFiles#write}.
     *
     * @throws UnsupportedOperationException when {@link #canSave()} is false
     */
    default void save(Module module, List<Tensor> exampleInputs, Path path) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " plugin reads models but does not write them");
    }
}
