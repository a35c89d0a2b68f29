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
    /** {@return a short name, such as {@code onnx}, for messages and listings} */
    String name();

    /** {@return the file name extensions, lower case with the dot ({@code .onnx}); the first is the usual one} */
    List<String> extensions();

    /**
     * {@return true when {@code head} looks like this format}
     *
     * @param head the file's first bytes, up to {@link StateDicts#PROBE_BYTES}; fewer for a short file
     */
    boolean probe(byte[] head);

    /**
     * Loads the model as a module tree.
     *
     * @param path the model file
     * @return the model's root module, with its weights loaded
     * @throws IOException when the file cannot be read or is not a valid model of this format
     */
    Module load(Path path) throws IOException;

    /** {@return true when this plugin can also write models in this format with {@link #save}; false by default} */
    default boolean canSave() {
        return false;
    }

    /**
     * Writes {@code module} as a model file; a format that records a graph traces {@code module}'s
     * forward on {@code exampleInputs}. Implementations write through {@link AtomicFiles#write}.
     *
     * @param module the model to write
     * @param exampleInputs the inputs of one forward call, used to trace the graph; a format that records
     *                      only weights may ignore them
     * @param path the file to write
     * @throws IOException when the file cannot be written
     * @throws UnsupportedOperationException when {@link #canSave()} is false
     */
    default void save(Module module, List<Tensor> exampleInputs, Path path) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " plugin reads models but does not write them");
    }
}
