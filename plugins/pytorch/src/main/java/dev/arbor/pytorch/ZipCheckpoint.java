package dev.arbor.pytorch;

import dev.arbor.backend.cpu.CpuStorage;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the zip format that {@code torch.save} writes since PyTorch 1.6: {@code PREFIX/data.pkl} (the
 * pickle), {@code PREFIX/data/KEY} (one entry per storage, stored uncompressed and 64-byte aligned, so
 * mapped here without a copy), {@code PREFIX/byteorder} (PyTorch 2.1 and later) and
 * {@code PREFIX/version}. PREFIX is the archive's one top folder, whatever its name.
 */
final class ZipCheckpoint {
    private final ZipIndex zip;
    private final String prefix;
    private final String source;
    private final ByteOrder order;
    private final Map<String, TorchStorage> storages = new HashMap<>();

    private ZipCheckpoint(ZipIndex zip, String prefix, String source, ByteOrder order) {
        this.zip = zip;
        this.prefix = prefix;
        this.source = source;
        this.order = order;
    }

    /** Loads the object a zip checkpoint holds; {@code source} names the file in messages. */
    static Object load(MemorySegment file, String source) throws IOException {
        ZipIndex zip = ZipIndex.read(file, source);
        String prefix = prefix(zip, source);
        ZipIndex.Entry byteOrder = zip.entries().get(prefix + "byteorder");
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (byteOrder != null) {
            String text = byteOrder.size() > 16 ? "?" : new String(zip.bytes(byteOrder, true).toArray(
                    ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).strip();
            order = switch (text) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw new IOException(source + ": " + byteOrder.name() + " says '" + text
                        + "'; expected 'little' or 'big'");
            };
        }
        ZipIndex.Entry pickleEntry = zip.entries().get(prefix + "data.pkl");
        MemorySegment pickle = zip.bytes(pickleEntry, true);
        ZipCheckpoint checkpoint = new ZipCheckpoint(zip, prefix, source, order);
        return new Unpickler(pickle, 0, pickle.byteSize(), source + ": " + pickleEntry.name(), new TorchGlobals(),
                checkpoint::storage).load();
    }

    /** The archive's top folder with its slash ("archive/"), found from its data.pkl. */
    private static String prefix(ZipIndex zip, String source) throws IOException {
        List<String> candidates = new ArrayList<>();
        for (String name : zip.entries().keySet()) {
            if (name.equals("data.pkl") || (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9)) {
                candidates.add(name.substring(0, name.length() - 8));
            }
        }
        if (candidates.size() == 1) {
            String prefix = candidates.getFirst();
            if (zip.entries().containsKey(prefix + "constants.pkl")) {
                throw new IOException(source + ": a TorchScript archive (torch.jit.save), not a torch.save checkpoint; "
                        + "in Python, torch.jit.load it and torch.save its state_dict()");
            }
            return prefix;
        }
        List<String> names = new ArrayList<>(zip.entries().keySet());
        throw new IOException(source + ": not a PyTorch checkpoint: a zip archive with " + (candidates.isEmpty()
                ? "no data.pkl" : "several data.pkl files " + candidates) + " (entries: "
                + (names.size() > 10 ? names.subList(0, 10) + " and " + (names.size() - 10) + " more" : names) + ")");
    }

    /** The persistent-id loader: ('storage', storage type, key, location, size) to the storage's memory. */
    private TorchStorage storage(Object pid) throws IOException {
        if (!(pid instanceof PyTuple id) || id.size() != 5 || !"storage".equals(ascii(id.get(0)))) {
            throw new UnpicklingException("persistent id " + Unpickler.repr(pid)
                    + " is not a storage reference ('storage', type, key, location, size)");
        }
        if (!(id.get(1) instanceof StorageType type) || type.dtype() == null) {
            throw new UnpicklingException("storage reference names " + Unpickler.typeName(id.get(1))
                    + ", not a storage type with an element type");
        }
        String key = ascii(id.get(2));
        if (key == null || ascii(id.get(3)) == null || !(id.get(4) instanceof Long numel) || numel < 0) {
            throw new UnpicklingException("storage reference " + Unpickler.repr(pid)
                    + " must hold a str key, a str location and a size");
        }
        TorchStorage known = storages.get(key);
        if (known != null) {
            return known;
        }
        ZipIndex.Entry entry = zip.entries().get(prefix + "data/" + key);
        if (entry == null) {
            throw new UnpicklingException("storage " + key + " is missing: no entry " + prefix + "data/" + key);
        }
        int elementSize = type.dtype().byteSize();
        if (numel > Long.MAX_VALUE / elementSize || entry.size() != numel * elementSize) {
            throw new UnpicklingException("storage " + key + " should hold " + numel + " " + type.dtype()
                    + " elements, but entry " + entry.name() + " has " + entry.size() + " bytes");
        }
        MemorySegment bytes = zip.bytes(entry, false);
        if (order != ByteOrder.nativeOrder()) {
            bytes = ByteSwap.swapped(bytes, elementSize);
        }
        TorchStorage storage = new TorchStorage(key, type.dtype(), numel, new CpuStorage(bytes));
        storages.put(key, storage);
        return storage;
    }

    /** A str, or bytes holding ASCII (as Python 2 pickles wrote), as text; else null. */
    static String ascii(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        return null;
    }
}
