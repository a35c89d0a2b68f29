package dev.arbor.io;

import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * A file format for state dicts (ordered maps from dotted keys to tensors), provided by a plugin through
 * {@link java.util.ServiceLoader} ({@code provides dev.arbor.io.StateDictFormat with ...}) and chosen by
 * {@link StateDicts}: by the file's first bytes when reading, by its extension when writing.
 */
public interface StateDictFormat {
    /** {@return a short name, such as {@code safetensors}, {@code hdf5} or {@code pytorch}} */
    String name();

    /**
     * {@return the file name extensions, lower case with the dot ({@code .safetensors}); the first is the
     * usual one}
     */
    List<String> extensions();

    /**
     * {@return true when {@code head} is this format's signature}
     *
     * @param head the file's first bytes, up to {@link StateDicts#PROBE_BYTES}; fewer for a short file
     */
    boolean probe(byte[] head);

    /**
     * Reads every tensor, in the file's order. Tensors may view the file's memory (mapped) without a
     * copy. Bad input gives an {@link IOException} naming the file and what is wrong; nothing is run.
     *
     * @param path the file
     * @return the tensors by key, in the file's order
     * @throws IOException when the file cannot be read or is not valid in this format
     */
    SequencedMap<String, Tensor> read(Path path) throws IOException;

    /** {@return true when this plugin can write the format; true by default} */
    default boolean canWrite() {
        return true;
    }

    /**
     * Writes the tensors in map order. Implementations write through {@link AtomicFiles#write}, so a
     * failure leaves any existing file whole and no partial file behind.
     *
     * @param stateDict the tensors by key
     * @param path the file to write
     * @throws IOException when the file cannot be written, or a tensor cannot be stored in this format
     */
    void write(Map<String, Tensor> stateDict, Path path) throws IOException;
}
