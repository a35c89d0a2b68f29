package dev.arbor.io;

import dev.arbor.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file format for whole models (structure and weights), provided by a plugin through
 * {@link java.util.ServiceLoader} ({@code provides dev.arbor.io.ModelFormat with ...}) and chosen by
 * {@link Models} by the file's first bytes, then its extension.
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
}
