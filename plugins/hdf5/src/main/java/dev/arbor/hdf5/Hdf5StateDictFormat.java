package dev.arbor.hdf5;

import dev.arbor.io.StateDictFormat;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SequencedMap;

/**
 * State dicts as HDF5 files ({@code .h5}, {@code .hdf5}), written and read with jhdf. Writing uses
 * Arbor's layout ({@code docs/HDF5-LAYOUT.md}): one dataset per key at the path its dotted key
 * names, with native HDF5 types for every dtype, so {@code h5py.File(p)["layer1/0/conv1/weight"][...]}
 * is the tensor. Reading takes Arbor's files, any HDF5 file's datasets and Keras weight files
 * ({@link Hdf5Layout}). Damaged or hostile files give an {@link IOException} naming the file and the
 * HDF5 path; sizes are checked before anything is allocated.
 */
public final class Hdf5StateDictFormat implements StateDictFormat {
    /** The root attribute that marks Arbor's layout. */
    public static final String FORMAT_ATTRIBUTE = "format";
    /** The value of {@link #FORMAT_ATTRIBUTE} in files in Arbor's layout. */
    public static final String FORMAT_NAME = "arbor-state-dict";
    /** The root attribute with the layout's version, an int64. */
    public static final String FORMAT_VERSION_ATTRIBUTE = "format_version";
    /** The layout version this class writes, and the highest it reads. */
    public static final long FORMAT_VERSION = 1;
    /** The root attribute naming the writer, {@code arbor <version>}. */
    public static final String PRODUCER_ATTRIBUTE = "producer";
    /** The dataset attribute with the state-dict key. */
    public static final String KEY_ATTRIBUTE = "key";
    /** The dataset attribute with the dtype's name ({@code float32}, {@code bfloat16}, ...). */
    public static final String DTYPE_ATTRIBUTE = "dtype";
    /** The dataset attribute with the key's position in the state dict, an int64 from 0. */
    public static final String INDEX_ATTRIBUTE = "index";

    /** HDF5's format signature, the first 8 bytes of a file without a user block. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private static final String PRODUCER = "arbor " + version();

    /** The format; {@link dev.arbor.io.StateDicts} finds it with ServiceLoader. */
    public Hdf5StateDictFormat() {}

    @Override
    public String name() {
        return "hdf5";
    }

    @Override
    public List<String> extensions() {
        return List.of(".h5", ".hdf5");
    }

    @Override
    public boolean probe(byte[] head) {
        return head.length >= SIGNATURE.length && Arrays.equals(head, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /** Reads the file with {@link Hdf5Layout#AUTO}. */
    @Override
    public SequencedMap<String, Tensor> read(Path path) throws IOException {
        return read(path, Hdf5Layout.AUTO);
    }

    /**
     * Reads the file's tensors with keys as {@code layout} says.
     *
     * @param path an HDF5 file
     * @param layout how datasets become keys; {@link Hdf5Layout#AUTO} is what {@link #read(Path)} uses
     * @return the tensors, each with its own memory, in the layout's order
     * @throws IOException naming the file, the HDF5 path and the problem, when the file is damaged,
     *     holds a dataset no dtype can hold, or does not have the layout asked for
     */
    public SequencedMap<String, Tensor> read(Path path, Hdf5Layout layout) throws IOException {
        return new Hdf5Reader(path).read(layout);
    }

    /** Writes in Arbor's layout, atomically; tensors of any size, dtype and device. */
    @Override
    public void write(Map<String, Tensor> stateDict, Path path) throws IOException {
        Hdf5Writer.write(stateDict, path);
    }

    /** The value of the {@code producer} attribute this plugin writes. */
    static String producer() {
        return PRODUCER;
    }

    private static String version() {
        try (InputStream in = Hdf5StateDictFormat.class.getResourceAsStream("arbor-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
