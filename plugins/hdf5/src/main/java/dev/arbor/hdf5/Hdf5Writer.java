package dev.arbor.hdf5;

import dev.arbor.io.AtomicFiles;
import dev.arbor.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a state dict in Arbor's HDF5 layout ({@code docs/HDF5-LAYOUT.md}) with jhdf. */
final class Hdf5Writer {
    /** HDF5's limit on the rank of a dataspace. */
    static final int MAX_RANK = 32;
    /** Keys longer than this (UTF-8 bytes) would not fit the 64 KiB object-header messages they go in. */
    static final int MAX_KEY_BYTES = 16384;

    /** One link name: a dataset, a group, or a group that is also a key ({@link KeyPaths#SELF}). */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        String key;
        Tensor tensor;
        long index;
    }

    private Hdf5Writer() {}

    static void write(Map<String, Tensor> stateDict, Path path) throws IOException {
        Node root = new Node();
        long index = 0;
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            String key = e.getKey();
            check(key, e.getValue(), path);
            Node node = root;
            for (String name : KeyPaths.names(key)) {
                node = node.children.computeIfAbsent(name, n -> new Node());
            }
            node.key = key;
            node.tensor = e.getValue();
            node.index = index++;
        }
        AtomicFiles.write(path, tmp -> {
            try (WritableHdfFile file = HdfFile.write(tmp)) {
                file.putAttribute(Hdf5StateDictFormat.FORMAT_ATTRIBUTE, Hdf5StateDictFormat.FORMAT_NAME);
                file.putAttribute(Hdf5StateDictFormat.FORMAT_VERSION_ATTRIBUTE, Hdf5StateDictFormat.FORMAT_VERSION);
                file.putAttribute(Hdf5StateDictFormat.PRODUCER_ATTRIBUTE, Hdf5StateDictFormat.producer());
                addChildren(file, root);
            } catch (RuntimeException e) { // jhdf's HdfException and friends are unchecked
                throw new IOException(path + ": writing HDF5 failed: " + e.getMessage(), e);
            }
        });
    }

    private static void check(String key, Tensor tensor, Path path) throws IOException {
        if (key == null) {
            throw new IOException(path + ": a state-dict key is null");
        }
        if (tensor == null) {
            throw new IOException(path + ": the tensor for key '" + key + "' is null");
        }
        if (key.indexOf('\0') >= 0) {
            throw new IOException(path + ": key '" + key.replace("\0", "\\0") + "' holds a NUL character, which HDF5 "
                    + "names and strings cannot");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(key)) {
            throw new IOException(path + ": key '" + key + "' is not valid Unicode (an unpaired surrogate)");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IOException(path + ": key '" + key.substring(0, 40) + "...' is longer than " + MAX_KEY_BYTES
                    + " UTF-8 bytes");
        }
        if (tensor.dim() > MAX_RANK) {
            throw new IOException(path + ": tensor '" + key + "' has " + tensor.dim() + " dimensions; HDF5 allows at most "
                    + MAX_RANK);
        }
    }

    private static void addChildren(WritableGroup group, Node node) {
        for (Map.Entry<String, Node> e : node.children.entrySet()) {
            Node child = e.getValue();
            if (child.children.isEmpty()) {
                addDataset(group, e.getKey(), child);
            } else {
                WritableGroup sub = group.putGroup(e.getKey());
                if (child.tensor != null) {
                    addDataset(sub, KeyPaths.SELF, child);
                }
                addChildren(sub, child);
            }
        }
    }

    private static void addDataset(WritableGroup group, String name, Node node) {
        TensorDataset dataset = new TensorDataset(group, name, node.tensor);
        dataset.putAttribute(Hdf5StateDictFormat.KEY_ATTRIBUTE, node.key);
        dataset.putAttribute(Hdf5StateDictFormat.DTYPE_ATTRIBUTE, node.tensor.dtype().typeName());
        dataset.putAttribute(Hdf5StateDictFormat.INDEX_ATTRIBUTE, node.index);
        group.putDataset(name, dataset);
    }
}
