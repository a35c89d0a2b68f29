package dev.arbor.pytorch;

import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * PyTorch checkpoints ({@code .pt}, {@code .pth}): what {@code torch.save} writes and
 * {@code torch.load} reads.
 *
 * <p><b>Reading</b> takes both formats: the zip archive of PyTorch 1.6 and later, and the legacy format
 * before it. The pickle inside is run by a restricted unpickler that executes nothing: it allows only
 * the globals {@code torch.load(weights_only=True)} allows (tensor and parameter rebuild functions,
 * storage types, dtypes, {@code torch.Size}, {@code collections.OrderedDict}, plain containers) and
 * throws {@link ForbiddenGlobalException} naming any other global ({@code os.system},
 * {@code builtins.eval}, a model's class). Tensors view the file's memory without a copy (mapped
 * copy-on-write, see below) and tensors that shared a storage in PyTorch share one here, with their
 * offsets and strides. Tensors always load onto the CPU, whatever device they were saved from.
 *
 * <p>Python values become: dict and OrderedDict a {@link LinkedHashMap} (keys as they were, so an
 * optimizer's {@code state} has {@link Long} keys), list a mutable {@link List}, tuple and
 * {@code torch.Size} an unmodifiable {@link List}, int {@link Long} (or {@link java.math.BigInteger}
 * beyond 64 bits), float {@link Double}, str {@link String}, bool {@link Boolean}, None null, bytes
 * {@code byte[]}, set {@link java.util.LinkedHashSet}, a dtype {@link dev.arbor.tensor.DType}, a device
 * or layout its name. A state dict's {@code _metadata} (module versions) is dropped. A tensor saved
 * with {@code requires_grad=True} (a Parameter) comes back requiring grad.
 *
 * <p>The file is mapped privately: changing a loaded tensor in place changes memory only, never the
 * file. A file that cannot be opened for writing is mapped read-only, and its tensors cannot be
 * changed in place ({@code clone()} them first).
 *
 * <p><b>Writing</b> produces the zip format that {@code torch.load} reads, with
 * {@code weights_only=True} too.
 */
public final class TorchCheckpoint {
    /** The keys under which training checkpoints commonly keep the model's state dict, in the order tried. */
    public static final List<String> STATE_DICT_KEYS = List.of("state_dict", "model_state_dict", "model");

    private static final int ZIP_LOCAL_HEADER = ZipIndex.LOCAL_HEADER;
    private static final int ZIP_EMPTY_ARCHIVE = ZipIndex.END_OF_CENTRAL_DIRECTORY;

    private TorchCheckpoint() {}

    /**
     * Loads whatever a checkpoint holds: a state dict, a training checkpoint's nested maps, a single
     * tensor, plain data.
     *
     * @param path the checkpoint file ({@code torch.save}'s zip format or a legacy pickle)
     * @return the unpickled object: maps, lists, tensors (viewing the mapped file), strings, numbers,
     *     booleans or null, as the pickle holds them
     * @throws ForbiddenGlobalException when the pickle names a global outside the allowlist
     * @throws IOException when the file is not a PyTorch checkpoint, is truncated or corrupt
     */
    public static Object load(Path path) throws IOException {
        MemorySegment file = MappedFile.map(path);
        String source = path.toString();
        if (file.byteSize() >= 4) {
            int magic = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (magic == ZIP_LOCAL_HEADER || magic == ZIP_EMPTY_ARCHIVE) {
                return ZipCheckpoint.load(file, source);
            }
        }
        if (file.byteSize() > 262 && isTar(file)) {
            throw new IOException(source + ": a tar-based checkpoint (PyTorch before 0.4), which cannot be read; "
                    + "load it with an old PyTorch and save it again");
        }
        if (file.byteSize() >= 2 && Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, 0)) == Opcodes.PROTO) {
            return LegacyCheckpoint.load(file, source);
        }
        throw new IOException(source + ": not a PyTorch checkpoint (neither a torch.save zip archive nor a legacy "
                + "pickle): it starts with " + HexFormat.ofDelimiter(" ").formatHex(
                        file.asSlice(0, Math.min(8, file.byteSize())).toArray(ValueLayout.JAVA_BYTE)));
    }

    /**
     * Loads a checkpoint's state dict: the top-level map of tensors, or else the map of tensors under
     * one of {@link #STATE_DICT_KEYS} (a training checkpoint's model weights).
     *
     * @param path the checkpoint file
     * @return the tensors by key, in the pickle's order
     * @throws IOException as {@link #load}, or when no map of tensors is found (the message lists the
     *     top-level keys)
     */
    public static SequencedMap<String, Tensor> loadStateDict(Path path) throws IOException {
        return stateDictOf(load(path), path.toString());
    }

    /** The state dict in a loaded checkpoint, as {@link #loadStateDict} finds it. */
    static SequencedMap<String, Tensor> stateDictOf(Object root, String source) throws IOException {
        SequencedMap<String, Tensor> direct = tensorMap(root);
        if (direct != null) {
            return direct;
        }
        if (root instanceof Map<?, ?> map) {
            for (String key : STATE_DICT_KEYS) {
                SequencedMap<String, Tensor> nested = tensorMap(map.get(key));
                if (nested != null) {
                    return nested;
                }
            }
            List<String> keys = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (keys.size() == 20) {
                    keys.add("... (" + map.size() + " keys)");
                    break;
                }
                keys.add(Unpickler.repr(e.getKey()) + ": " + Unpickler.typeName(e.getValue()));
            }
            throw new IOException(source + ": holds no state dict: its top level is a dict of " + keys
                    + ", not of tensors, and none of " + STATE_DICT_KEYS + " holds a dict of tensors");
        }
        throw new IOException(source + ": holds a " + Unpickler.typeName(root) + ", not a state dict (a dict of "
                + "tensors)");
    }

    private static SequencedMap<String, Tensor> tensorMap(Object o) {
        if (!(o instanceof Map<?, ?> map)) {
            return null;
        }
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof Tensor t)) {
                return null;
            }
            out.put(key, t);
        }
        return out;
    }

    /**
     * Saves a state dict as {@code torch.save(OrderedDict(...))} does, atomically: tensors sharing a
     * storage are saved once and load as views of one storage in PyTorch.
     *
     * @param stateDict the tensors by key, saved in map order
     * @param path the file to write
     * @throws IOException when writing fails or a tensor has a dtype torch checkpoints cannot hold
     *     (uint16, uint32, uint64); an existing file is then left as it was
     */
    public static void saveStateDict(Map<String, Tensor> stateDict, Path path) throws IOException {
        TorchCheckpointWriter.write(stateDict, true, path);
    }

    /**
     * Saves nested data (maps as dicts, lists, sets, tensors, strings, numbers, booleans, dtypes, null),
     * such as a training checkpoint {@code Map.of("model", stateDict, "epoch", 3)}, atomically.
     *
     * @param checkpoint the data to save
     * @param path the file to write
     * @throws IOException when writing fails or a value cannot be pickled (the message names its type)
     */
    public static void save(Object checkpoint, Path path) throws IOException {
        TorchCheckpointWriter.write(checkpoint, false, path);
    }

    /** True when {@code head} starts like a torch checkpoint: a zip whose first entry is a data.pkl, or the legacy magic. */
    static boolean probe(byte[] head) {
        if (head.length >= 30 && readIntLE(head, 0) == ZIP_LOCAL_HEADER) {
            int nameLength = (head[26] & 0xFF) | (head[27] & 0xFF) << 8;
            if (30 + nameLength <= head.length) {
                String name = new String(head, 30, nameLength, StandardCharsets.UTF_8);
                return name.equals("data.pkl") || name.endsWith("/data.pkl");
            }
            return false;
        }
        // Legacy: PROTO, perhaps a FRAME, then LONG1 of the 10-byte magic number.
        byte[] magic = {(byte) Opcodes.LONG1, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
            (byte) 0xa8, 0x50, 0x19};
        if (head.length < 2 || (head[0] & 0xFF) != Opcodes.PROTO) {
            return false;
        }
        for (int at = 2; at <= Math.min(head.length - magic.length, 11); at++) {
            if (Arrays.equals(head, at, at + magic.length, magic, 0, magic.length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTar(MemorySegment file) {
        byte[] ustar = file.asSlice(257, 5).toArray(ValueLayout.JAVA_BYTE);
        return new String(ustar, StandardCharsets.US_ASCII).equals("ustar");
    }

    private static int readIntLE(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
