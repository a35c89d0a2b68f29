package dev.arbor.hdf5;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one HDF5 file's tensors with jhdf ({@code docs/HDF5-LAYOUT.md}). Data is copied into
 * Arbor's memory: contiguous datasets straight from the file, chunked and compact ones through
 * jhdf. Every size a file states is checked against the file before memory is allocated for it.
 */
final class Hdf5Reader {
    /**
     * Compressed and never-written data together may not claim more bytes than this many times the
     * file's size: deflate, the strongest filter read here, compresses at most 1032:1. Stops a small
     * file from making the reader allocate gigabytes.
     */
    static final long MAX_EXPANSION = 1100;
    /** Chunked datasets up to this size are read in one jhdf call (parallel); larger ones in slabs. */
    static final long DEFAULT_CHUNKED_READ_LIMIT = 1L << 30;
    /** HDF5 filter ids (registered with the HDF Group) of the filters Arbor reads. */
    private static final int DEFLATE = 1;
    private static final int SHUFFLE = 2;
    private static final int FLETCHER32 = 3;
    private static final int LZF = 32000;
    /** Attributes Arbor reads are short strings and numbers; a larger one is damage. */
    private static final long MAX_ATTRIBUTE_BYTES = 1L << 20;
    /** A contiguous read goes through ByteBuffers, which hold at most 2 GB. */
    private static final long READ_SLICE = 1L << 30;

    /** One dataset found by walking the file: its link names from the root. */
    private record Found(List<String> names, Dataset dataset) {}

    private final Path path;
    private final long chunkedReadLimit;
    private HdfFile file;
    private FileChannel channel;
    private long fileSize;
    private long inflateBudget;
    private final Map<Long, Tensor> byAddress = new HashMap<>();
    /** The HDF5 path being read, for error messages. */
    private String where = "/";

    Hdf5Reader(Path path) {
        this(path, DEFAULT_CHUNKED_READ_LIMIT);
    }

    Hdf5Reader(Path path, long chunkedReadLimit) {
        this.path = path;
        this.chunkedReadLimit = chunkedReadLimit;
    }

    SequencedMap<String, Tensor> read(Hdf5Layout layout) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        fileSize = Files.size(path);
        inflateBudget = saturatingMultiply(fileSize, MAX_EXPANSION);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); HdfFile opened = open()) {
            channel = ch;
            file = opened;
            checkLength();
            return switch (resolve(layout)) {
                case ARBOR -> readArbor();
                case KERAS -> readKeras();
                default -> readPlain();
            };
        } catch (RuntimeException | StackOverflowError e) { // jhdf's exceptions are unchecked
            throw new IOException(path + ": " + where + ": damaged or unsupported HDF5 data ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } catch (OutOfMemoryError e) {
            // A size inside jhdf's structures (a chunk's stored size, say) that no check here sees
            // can still ask for one huge array; its failure leaves nothing allocated.
            throw new IOException(path + ": " + where + ": needs more memory than the JVM has (" + e.getMessage()
                    + "); damaged, or too large for this heap", e);
        }
    }

    private HdfFile open() throws IOException {
        try {
            return new HdfFile(path);
        } catch (RuntimeException e) {
            throw new IOException(path + ": not a readable HDF5 file: " + e.getMessage(), e);
        }
    }

    /** The HDF5 library's test: a file shorter than its superblock says (past its base) is truncated. */
    private void checkLength() throws IOException {
        Superblock sb = file.getHdfBackingStorage().getSuperblock();
        long stored = sb.getEndOfFileAddress();
        if (stored < 0 || stored - sb.getBaseAddressByte() > fileSize) {
            throw error("truncated: the superblock says the file ends at byte " + Long.toUnsignedString(stored)
                    + ", but it has " + fileSize + " bytes");
        }
    }

    private Hdf5Layout resolve(Hdf5Layout layout) throws IOException {
        boolean arbor = Hdf5StateDictFormat.FORMAT_NAME.equals(string(file, Hdf5StateDictFormat.FORMAT_ATTRIBUTE));
        if (layout == Hdf5Layout.ARBOR && !arbor) {
            throw error("not written in Arbor's layout (no root attribute " + Hdf5StateDictFormat.FORMAT_ATTRIBUTE
                    + " = " + Hdf5StateDictFormat.FORMAT_NAME + ")");
        }
        if (layout != Hdf5Layout.AUTO) {
            return layout;
        }
        if (arbor) {
            return Hdf5Layout.ARBOR;
        }
        return kerasRoot(false) != null ? Hdf5Layout.KERAS : Hdf5Layout.PLAIN;
    }

    // ---------------------------------------------------------------- layouts

    private SequencedMap<String, Tensor> readPlain() throws IOException {
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        for (Found f : walk()) {
            put(out, String.join(".", f.names()), read(f.dataset()));
        }
        return out;
    }

    private SequencedMap<String, Tensor> readArbor() throws IOException {
        where = "/";
        Long version = number(file, Hdf5StateDictFormat.FORMAT_VERSION_ATTRIBUTE);
        if (version == null || version < 1 || version > Hdf5StateDictFormat.FORMAT_VERSION) {
            throw error("format version " + version + " of Arbor's HDF5 layout is not one this reader knows (1 to "
                    + Hdf5StateDictFormat.FORMAT_VERSION + "); written by " + string(file,
                    Hdf5StateDictFormat.PRODUCER_ATTRIBUTE));
        }
        record Entry(String key, long index, Dataset dataset) {}
        List<Entry> entries = new ArrayList<>();
        for (Found f : walk()) {
            Dataset d = f.dataset();
            String key = string(d, Hdf5StateDictFormat.KEY_ATTRIBUTE);
            if (key == null) { // a dataset someone added with another tool
                List<String> names = f.names();
                boolean self = names.getLast().equals(KeyPaths.SELF);
                key = KeyPaths.key(self ? names.subList(0, names.size() - 1) : names);
            }
            Long index = number(d, Hdf5StateDictFormat.INDEX_ATTRIBUTE);
            entries.add(new Entry(key, index == null ? Long.MAX_VALUE : index, d));
        }
        entries.sort(Comparator.comparingLong(Entry::index));
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            where = e.dataset().getPath();
            Tensor t = read(e.dataset());
            String declared = string(e.dataset(), Hdf5StateDictFormat.DTYPE_ATTRIBUTE);
            if (declared != null && !declared.equals(t.dtype().typeName())) {
                throw error("the dtype attribute says " + declared + " but the data is stored as " + t.dtype());
            }
            put(out, e.key(), t);
        }
        return out;
    }

    private SequencedMap<String, Tensor> readKeras() throws IOException {
        Group root = kerasRoot(true);
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        for (String layer : strings(root, "layer_names")) {
            where = root.getPath() + layer;
            Node node = root.getChild(layer);
            if (node == null) {
                throw error("layer '" + layer + "' of layer_names has no group");
            }
            if (!node.isGroup() || node.isLink()) {
                throw error("a dataset where the group of layer '" + layer + "' should be");
            }
            Group group = (Group) node;
            SequencedMap<String, Tensor> weights = new LinkedHashMap<>();
            for (String name : strings(group, "weight_names")) {
                where = group.getPath() + name; // a group's path ends with a slash
                Node w = group.getByPath(name);
                if (!(w instanceof Dataset d)) {
                    throw error("a group where weight '" + name + "' of layer '" + layer + "' should be a dataset");
                }
                weights.put(name, read(d));
            }
            where = group.getPath();
            for (Map.Entry<String, Tensor> e : KerasWeights.layerToPyTorch(layer, weights).entrySet()) {
                put(out, e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * The group whose {@code layer_names} attribute lists a Keras file's layers: the root
     * ({@code save_weights}) or {@code /model_weights} ({@code model.save}); null, or an error when
     * {@code required}, if neither has one.
     */
    private Group kerasRoot(boolean required) throws IOException {
        where = "/";
        if (hasStrings(file, "layer_names")) {
            return file;
        }
        Node weights = file.getChild("model_weights");
        if (weights != null && !weights.isLink() && weights.isGroup() && hasStrings(weights, "layer_names")) {
            return (Group) weights;
        }
        if (!required) {
            return null;
        }
        if (weights != null && !weights.isGroup()) {
            throw error("/model_weights is a dataset where a Keras file has a group");
        }
        throw error("not a Keras weight file: no layer_names attribute at / or /model_weights");
    }

    private void put(SequencedMap<String, Tensor> out, String key, Tensor t) throws IOException {
        if (out.putIfAbsent(key, t) != null) {
            throw error("key '" + key + "' occurs twice");
        }
    }

    // ---------------------------------------------------------------- walking

    /**
     * Every dataset under the root, depth first in name order (as h5py's {@code visititems}). Links
     * other than hard links are not followed; a group reached a second time (a cycle, or a second
     * hard link) is not entered again, so a damaged file cannot loop.
     */
    private List<Found> walk() {
        record Frame(List<String> names, Iterator<Map.Entry<String, Node>> children) {}
        List<Found> found = new ArrayList<>();
        Set<Long> groups = new HashSet<>();
        groups.add(file.getAddress());
        Deque<Frame> stack = new ArrayDeque<>();
        where = "/";
        stack.push(new Frame(List.of(), new TreeMap<>(file.getChildren()).entrySet().iterator()));
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (!top.children().hasNext()) {
                stack.pop();
                continue;
            }
            Map.Entry<String, Node> e = top.children().next();
            List<String> names = new ArrayList<>(top.names());
            names.add(e.getKey());
            where = "/" + String.join("/", names);
            Node node = e.getValue();
            if (node.isLink()) {
                continue;
            }
            if (node instanceof Dataset d) {
                found.add(new Found(List.copyOf(names), d));
            } else if (node instanceof Group g && groups.add(g.getAddress())) {
                stack.push(new Frame(names, new TreeMap<>(g.getChildren()).entrySet().iterator()));
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- data

    /** A dataset's values as a tensor; one tensor for all links to the same dataset. */
    private Tensor read(Dataset d) throws IOException {
        where = d.getPath();
        Tensor cached = byAddress.get(d.getAddress());
        if (cached != null) {
            return cached;
        }
        DataType type = d.getDataType();
        DType dtype;
        try {
            dtype = Hdf5Types.dtypeOf(type);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (type.getSize() != dtype.byteSize()) {
            throw error("a " + type.getSize() + "-byte type read as " + dtype);
        }
        long[] shape = d.getDimensionsAsLong();
        if (shape.length == 0 && d.getSize() == 0) {
            throw error("an empty dataspace (h5py.Empty) holds no tensor");
        }
        for (long s : shape) {
            if (s < 0) {
                throw error("dimension " + Long.toUnsignedString(s) + " is too large");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Shapes.numel(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw error("shape " + Shapes.str(shape) + " of " + dtype + " overflows a 64-bit byte count");
        }
        CpuStorage storage = switch (d) {
            case ContiguousDataset c -> readContiguous(c, bytes);
            case ChunkedDataset c -> readChunked(c, shape, bytes);
            default -> copy(((DatasetBase) d).getDataBuffer(), bytes); // compact: the data is in the header
        };
        MemorySegment data = storage.segment().asSlice(0, bytes);
        if (ByteSwap.needed(Hdf5Types.byteOrder(type))) {
            ByteSwap.inPlace(data, dtype.byteSize());
        }
        if (dtype == DType.BOOL) {
            normalizeBooleans(data);
        }
        Tensor t = Tensor.wrap(storage, dtype, shape, Shapes.contiguousStrides(shape), 0);
        byAddress.put(d.getAddress(), t);
        return t;
    }

    private CpuStorage readContiguous(ContiguousDataset d, long bytes) throws IOException {
        long address = d.getDataAddress();
        if (address == -1L) { // never written: HDF5's fill value, zero, and nothing in the file bounds the size
            claim(bytes, "never-written data of " + bytes + " bytes");
            return CpuStorage.allocate(bytes);
        }
        long start = address + file.getUserBlockSize();
        if (start < 0 || start > fileSize || bytes > fileSize - start) {
            throw error("its " + bytes + " bytes of data at offset " + Long.toUnsignedString(start)
                    + " reach past the end of the file (" + fileSize + " bytes): truncated or damaged");
        }
        CpuStorage storage = CpuStorage.allocateUninitialized(bytes); // every byte is read into it
        MemorySegment segment = storage.segment();
        for (long done = 0; done < bytes; ) {
            ByteBuffer buffer = segment.asSlice(done, Math.min(READ_SLICE, bytes - done)).asByteBuffer();
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, start + done + buffer.position());
                if (n < 0) {
                    throw error("the file ends inside the data: truncated");
                }
            }
            done += buffer.capacity();
        }
        return storage;
    }

    private CpuStorage readChunked(ChunkedDataset d, long[] shape, long bytes) throws IOException {
        int[] chunk = d.getChunkDimensions();
        long chunkBytes = d.getDataType().getSize();
        for (int c : chunk) {
            chunkBytes = c <= 0 ? Long.MAX_VALUE : saturatingMultiply(chunkBytes, c);
        }
        if (chunk.length != shape.length || chunkBytes > inflateBudget) {
            throw error("chunks of " + Arrays.toString(chunk) + " do not fit a dataset of shape " + Shapes.str(shape)
                    + " in a " + fileSize + "-byte file");
        }
        claim(bytes, "chunked data of " + bytes + " bytes");
        checkFilters(d, chunkBytes);
        if (bytes == 0) {
            return CpuStorage.allocate(0);
        }
        DatasetBase base = (DatasetBase) d;
        if (bytes <= chunkedReadLimit) {
            return copy(base.getDataBuffer(), bytes);
        }
        // Slabs along the first dimension, whole chunks deep so no chunk is inflated twice.
        long rowBytes = bytes / shape[0];
        long rows = Math.max(1, chunkedReadLimit / rowBytes / chunk[0]) * chunk[0];
        if (rows * rowBytes > Integer.MAX_VALUE - 8) {
            throw error("one chunk row of " + rows * rowBytes + " bytes is more than jhdf reads at once (2 GB)");
        }
        CpuStorage storage = CpuStorage.allocateUninitialized(bytes); // the slabs cover every row
        long[] offset = new long[shape.length];
        int[] slab = new int[shape.length];
        for (int i = 1; i < shape.length; i++) {
            slab[i] = Math.toIntExact(shape[i]);
        }
        for (long r = 0; r < shape[0]; r += rows) {
            offset[0] = r;
            slab[0] = (int) Math.min(rows, shape[0] - r);
            ByteBuffer b = base.getSliceDataBuffer(offset, slab);
            long n = slab[0] * rowBytes;
            if (b.remaining() != n) {
                throw error("jhdf returned " + b.remaining() + " bytes for a slab of " + n);
            }
            MemorySegment.copy(MemorySegment.ofBuffer(b), 0, storage.segment(), r * rowBytes, n);
        }
        return storage;
    }

    /**
     * Only filters whose decoders stay within the sizes checked here: jhdf's LZ4 and bitshuffle
     * decoders allocate whatever size a chunk states, and LZF allocates what the filter's third
     * parameter states (h5py sets it to the chunk's size in bytes).
     */
    private void checkFilters(ChunkedDataset d, long chunkBytes) throws IOException {
        for (PipelineFilterWithData f : d.getFilters()) {
            int[] data = f.getFilterData();
            switch (f.getId()) {
                case DEFLATE, SHUFFLE, FLETCHER32 -> { }
                case LZF -> {
                    if (data.length < 3 || data[2] < 0 || data[2] > chunkBytes) {
                        throw error("LZF filter parameters " + Arrays.toString(data) + " do not match chunks of "
                                + chunkBytes + " bytes");
                    }
                }
                default -> throw error("compressed with filter " + f.getName() + " (id " + f.getId() + "), which Arbor "
                        + "does not read; it reads deflate (gzip), shuffle, Fletcher-32 and LZF");
            }
        }
    }

    /**
     * Charges data that is not stored byte for byte (compressed, or never written) to the file's
     * budget, {@link #MAX_EXPANSION} times its size for all such data together.
     */
    private void claim(long bytes, String what) throws IOException {
        if (bytes > inflateBudget) {
            throw error(what + " is more than a " + fileSize + "-byte file can hold (at most " + MAX_EXPANSION
                    + " times its size in compressed or unwritten data)");
        }
        inflateBudget -= bytes;
    }

    private static long saturatingMultiply(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private CpuStorage copy(ByteBuffer buffer, long bytes) throws IOException {
        if (buffer.remaining() != bytes) {
            throw error("holds " + buffer.remaining() + " bytes of data where its shape and type need " + bytes);
        }
        CpuStorage storage = CpuStorage.allocateUninitialized(bytes);
        MemorySegment.copy(MemorySegment.ofBuffer(buffer), 0, storage.segment(), 0, bytes);
        return storage;
    }

    /** Bool tensors hold 0 and 1; a file's other non-zero bytes mean true too. */
    private static void normalizeBooleans(MemorySegment data) {
        for (long i = 0; i < data.byteSize(); i++) {
            if (data.get(ValueLayout.JAVA_BYTE, i) > 1 || data.get(ValueLayout.JAVA_BYTE, i) < 0) {
                data.set(ValueLayout.JAVA_BYTE, i, (byte) 1);
            }
        }
    }

    // ---------------------------------------------------------------- attributes

    private Attribute attribute(Node node, String name) throws IOException {
        Attribute a = node.getAttribute(name);
        if (a != null && (a.getSizeInBytes() < 0 || a.getSizeInBytes() > MAX_ATTRIBUTE_BYTES)) {
            throw error("attribute " + name + " claims " + a.getSizeInBytes() + " bytes");
        }
        return a;
    }

    /** A string attribute, or null when absent. */
    private String string(Node node, String name) throws IOException {
        Attribute a = attribute(node, name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] s && s.length == 1) {
            return s[0];
        }
        throw error("attribute " + name + " is not a string");
    }

    /** An integer attribute, or null when absent. */
    private Long number(Node node, String name) throws IOException {
        Attribute a = attribute(node, name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw error("attribute " + name + " is not an integer");
    }

    private boolean hasStrings(Node node, String name) {
        return node.getAttribute(name) != null || node.getAttribute(name + "0") != null;
    }

    /**
     * A list-of-strings attribute. Keras splits one that would pass HDF5's 64 KiB header limit
     * into {@code name0}, {@code name1}, ...; those are joined.
     */
    private List<String> strings(Node node, String name) throws IOException {
        List<String> out = new ArrayList<>();
        if (node.getAttribute(name) != null) {
            addStrings(out, node, name);
            return out;
        }
        for (int i = 0; node.getAttribute(name + i) != null; i++) {
            addStrings(out, node, name + i);
        }
        if (out.isEmpty() && node.getAttribute(name + "0") == null) {
            throw error("no " + name + " attribute");
        }
        return out;
    }

    private void addStrings(List<String> out, Node node, String name) throws IOException {
        Attribute a = attribute(node, name);
        if (a.getSize() == 0) { // Keras writes an empty float array for a layer without weights
            return;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof String[] s) {
            out.addAll(List.of(s));
        } else {
            throw error("attribute " + name + " is not a list of strings");
        }
    }

    private IOException error(String what) {
        return new IOException(path + ": " + where + ": " + what);
    }
}
