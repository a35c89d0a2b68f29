package dev.arbor.pytorch;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the format {@code torch.save} wrote before PyTorch 1.6 (and still writes with
 * {@code _use_new_zipfile_serialization=False}): four pickles in a row (the magic number, the protocol
 * version 1001, a dict of system facts such as the byte order, then the object), a fifth pickle listing
 * the storage keys, and then each storage's element count (8 bytes) and raw bytes in that order.
 *
 * <p>The object's pickle names its storages before their bytes can be located (their sizes, which
 * depend on their element types, come from that same pickle), so it is run twice: first without
 * memory, to learn each storage's type and size and to check the structure, then with the storages
 * mapped. Nothing of the file's data is touched until the layout checks out.
 */
final class LegacyCheckpoint {
    /** The number torch.save writes first. */
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** The protocol version it writes second. */
    static final long PROTOCOL_VERSION = 1001;

    private record Root(DType dtype, long numel) {}

    private final MemorySegment file;
    private final String source;
    private final Map<String, Root> roots = new LinkedHashMap<>();
    private Map<String, CpuStorage> memory;
    private final Map<String, TorchStorage> loaded = new HashMap<>();

    private LegacyCheckpoint(MemorySegment file, String source) {
        this.file = file;
        this.source = source;
    }

    /** Loads the object a legacy checkpoint holds; {@code source} names the file in messages. */
    static Object load(MemorySegment file, String source) throws IOException {
        return new LegacyCheckpoint(file, source).load();
    }

    private Object load() throws IOException {
        long size = file.byteSize();
        Unpickler header = new Unpickler(file, 0, size, source, new TorchGlobals(), null);
        if (!MAGIC.equals(asBigInteger(header.load()))) {
            throw new IOException(source + ": not a PyTorch checkpoint: a pickle without torch.save's magic number");
        }
        Object protocol = header.load();
        if (!Long.valueOf(PROTOCOL_VERSION).equals(protocol)) {
            throw new IOException(source + ": legacy checkpoint of protocol version " + Unpickler.repr(protocol)
                    + "; only " + PROTOCOL_VERSION + " is known");
        }
        Object sysInfo = header.load();
        if (!(sysInfo instanceof Map<?, ?> info)) {
            throw new IOException(source + ": legacy checkpoint whose system information is a "
                    + Unpickler.typeName(sysInfo) + ", not a dict");
        }
        ByteOrder order = Boolean.FALSE.equals(info.get("little_endian")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long objectStart = header.position();

        Unpickler scan = new Unpickler(file, objectStart, size, source, new TorchGlobals(), this::storage);
        scan.load();
        Unpickler keyList = new Unpickler(file, scan.position(), size, source, new TorchGlobals(), null);
        Object keys = keyList.load();
        memory = locate(keys, keyList.position(), order);

        return new Unpickler(file, objectStart, size, source, new TorchGlobals(), this::storage).load();
    }

    /** Finds each listed storage's bytes after the key list, checking each against what the pickle said. */
    private Map<String, CpuStorage> locate(Object keys, long start, ByteOrder order) throws IOException {
        if (!(keys instanceof List<?> list)) {
            throw new IOException(source + ": the storage key list is a " + Unpickler.typeName(keys) + ", not a list");
        }
        Map<String, CpuStorage> out = new HashMap<>();
        long p = start;
        ValueLayout.OfLong count = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
        for (Object k : list) {
            String key = ZipCheckpoint.ascii(k);
            Root root = key == null ? null : roots.get(key);
            if (root == null || out.containsKey(key)) {
                throw new IOException(source + ": storage key " + Unpickler.repr(k)
                        + (root == null ? " is not used by the checkpoint" : " is listed twice"));
            }
            if (file.byteSize() - p < 8) {
                throw new IOException(source + ": truncated: storage " + key + " starts past the end of the file");
            }
            long numel = file.get(count, p);
            int elementSize = root.dtype().byteSize();
            if (numel != root.numel()) {
                throw new IOException(source + ": storage " + key + " holds " + numel + " elements in the file, but "
                        + root.numel() + " in the pickle");
            }
            long bytes = numel * elementSize;
            if (bytes > file.byteSize() - p - 8) {
                throw new IOException(source + ": truncated: storage " + key + " needs " + bytes + " bytes at offset "
                        + (p + 8) + ", but the file has " + file.byteSize() + " bytes");
            }
            MemorySegment data = file.asSlice(p + 8, bytes);
            if (order != ByteOrder.nativeOrder()) {
                data = ByteSwap.swapped(data, elementSize);
            }
            out.put(key, new CpuStorage(data));
            p += 8 + bytes;
        }
        for (String key : roots.keySet()) {
            if (!out.containsKey(key)) {
                throw new IOException(source + ": storage " + key + " is used but its bytes are not in the file");
            }
        }
        return out;
    }

    /**
     * The persistent-id loader: ('storage', type, root key, location, size, view) to a storage, or to a
     * slice of one for the (offset, size) views of very old files. Without memory it only records.
     */
    private TorchStorage storage(Object pid) throws IOException {
        if (pid instanceof PyTuple id && !id.isEmpty() && "module".equals(ZipCheckpoint.ascii(id.get(0)))) {
            throw new UnpicklingException("the checkpoint pickles a whole module (torch.save(model)); only state dicts "
                    + "and plain data can be loaded: save model.state_dict() instead");
        }
        if (!(pid instanceof PyTuple id) || id.size() != 6 || !"storage".equals(ZipCheckpoint.ascii(id.get(0)))) {
            throw new UnpicklingException("persistent id " + Unpickler.repr(pid)
                    + " is not a storage reference ('storage', type, key, location, size, view)");
        }
        if (!(id.get(1) instanceof StorageType type) || type.dtype() == null) {
            throw new UnpicklingException("storage reference names " + Unpickler.typeName(id.get(1))
                    + ", not a storage type with an element type");
        }
        String key = ZipCheckpoint.ascii(id.get(2));
        if (key == null || ZipCheckpoint.ascii(id.get(3)) == null || !(id.get(4) instanceof Long numel) || numel < 0
                || numel > Long.MAX_VALUE / type.dtype().byteSize()) {
            throw new UnpicklingException("storage reference " + Unpickler.repr(pid)
                    + " must hold a str key, a str location and a size");
        }
        Root root = roots.computeIfAbsent(key, k -> new Root(type.dtype(), numel));
        TorchStorage whole = memory == null ? new TorchStorage(key, root.dtype(), root.numel(), null)
                : loaded.computeIfAbsent(key, k -> new TorchStorage(k, root.dtype(), root.numel(), memory.get(k)));
        Object view = id.get(5);
        if (view == null) {
            return whole;
        }
        if (!(view instanceof PyTuple v) || v.size() != 3 || ZipCheckpoint.ascii(v.get(0)) == null
                || !(v.get(1) instanceof Long offset) || !(v.get(2) instanceof Long length) || offset < 0 || length < 0
                || offset > root.numel() || length > root.numel() - offset) {
            throw new UnpicklingException("storage view " + Unpickler.repr(view) + " is not (key, offset, size) inside "
                    + "storage " + key + " of " + root.numel() + " elements");
        }
        String viewKey = ZipCheckpoint.ascii(v.get(0));
        TorchStorage known = loaded.get(viewKey);
        if (known != null) {
            return known;
        }
        long elementSize = root.dtype().byteSize();
        TorchStorage slice = new TorchStorage(viewKey, root.dtype(), length, whole.memory() == null ? null
                : new CpuStorage(whole.memory().segment().asSlice(offset * elementSize, length * elementSize)));
        if (memory != null) {
            loaded.put(viewKey, slice);
        }
        return slice;
    }

    private static BigInteger asBigInteger(Object o) {
        return o instanceof BigInteger b ? b : o instanceof Long l ? BigInteger.valueOf(l) : null;
    }
}
