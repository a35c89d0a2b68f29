package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated files, wrong magic numbers and archives whose parts disagree: each a clear IOException. */
class DamagedFilesTest {
    @TempDir
    Path dir;

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }

    private String loadFailure(byte[] bytes) throws IOException {
        Path p = dir.resolve("damaged.pt");
        Files.write(p, bytes);
        String message = assertThrows(IOException.class, () -> TorchCheckpoint.load(p)).getMessage();
        assertContains(message, p.toString());
        return message;
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        for (String name : List.of("model_zip.pt", "model_legacy.pt", "checkpoint_legacy.pt", "views_legacy.pt",
                "reference.safetensors")) {
            byte[] whole = Fixtures.bytes(name);
            for (int cut = 0; cut < whole.length; cut += Math.max(1, whole.length / 200)) {
                Path p = dir.resolve("cut" + cut + "_" + name);
                Files.write(p, Arrays.copyOf(whole, cut));
                int at = cut;
                assertThrows(IOException.class, () -> {
                    if (name.endsWith(".safetensors")) {
                        Safetensors.read(p);
                    } else {
                        TorchCheckpoint.load(p);
                    }
                }, name + " cut at " + at);
                Files.delete(p);
            }
        }
    }

    @Test
    void wrongMagicNumbers() throws IOException {
        assertContains(loadFailure("hello world".getBytes(StandardCharsets.US_ASCII)),
                "not a PyTorch checkpoint (neither a torch.save zip archive nor a legacy pickle): it starts with 68 65");
        assertContains(loadFailure(new byte[0]), "not a PyTorch checkpoint");
        byte[] legacy = Fixtures.bytes("model_legacy.pt");
        legacy[5] ^= 1;
        assertContains(loadFailure(legacy), "a pickle without torch.save's magic number");
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertContains(loadFailure(tar), "tar-based checkpoint");
        byte[] zip = Fixtures.bytes("model_zip.pt");
        zip[zip.length - 22] = 'X';
        assertContains(loadFailure(zip), "no zip end-of-central-directory record");
    }

    @Test
    void aDamagedPickleFailsItsChecksum() throws IOException {
        byte[] zip = Fixtures.bytes("model_zip.pt");
        zip[100] ^= 1;
        assertContains(loadFailure(zip), "fails its CRC-32 check");
    }

    private String rezipFailure(BiFunction<String, byte[], byte[]> change, Map<String, byte[]> extra)
            throws IOException {
        Path p = dir.resolve("rezipped.pt");
        Fixtures.rezip(Fixtures.path("views_zip.pt"), p, change, extra);
        return assertThrows(IOException.class, () -> TorchCheckpoint.load(p)).getMessage();
    }

    @Test
    void archivesWhosePartsDisagree() throws IOException {
        assertContains(rezipFailure((n, b) -> n.endsWith("data/0") ? null : b, Map.of()),
                "storage 0 is missing: no entry views_zip/data/0");
        assertContains(rezipFailure((n, b) -> n.endsWith("data/0") ? Arrays.copyOf(b, 8) : b, Map.of()),
                "storage 0 should hold 24 float32 elements, but entry views_zip/data/0 has 8 bytes");
        assertContains(rezipFailure((n, b) -> n.endsWith("data.pkl") ? tensorPickle(4, 2, new long[] {3})
                : n.endsWith("data/0") ? Arrays.copyOf(b, 16) : b, Map.of()),
                "a view with offset 2, size [3] and stride [1] needs 5 elements, but storage '0' holds 4");
        assertContains(rezipFailure((n, b) -> n.endsWith("data.pkl") ? tensorPickle(24, 0, new long[] {Long.MAX_VALUE,
            Long.MAX_VALUE}) : b, Map.of()), "overflows");
        assertContains(rezipFailure((n, b) -> b, Map.of("views_zip/byteorder", "middle".getBytes())),
                "expected 'little' or 'big'");
        assertContains(rezipFailure((n, b) -> b, Map.of("views_zip/constants.pkl", new byte[1])),
                "a TorchScript archive");
        assertContains(rezipFailure((n, b) -> n.endsWith("data.pkl") ? null : b, Map.of()), "no data.pkl");
        assertContains(rezipFailure((n, b) -> b, Map.of("other/data.pkl", new byte[1])), "several data.pkl files");
    }

    /** A pickle of one float32 tensor over storage '0' of {@code numel} elements. */
    private static byte[] tensorPickle(long numel, long offset, long[] size) {
        PickleWriter w = new PickleWriter();
        w.global("torch._utils", "_rebuild_tensor_v2");
        w.opcode(Opcodes.MARK);
        w.opcode(Opcodes.MARK);
        w.string("storage");
        w.global("torch", "FloatStorage");
        w.string("0");
        w.string("cpu");
        w.integer(numel);
        w.opcode(Opcodes.TUPLE);
        w.opcode(Opcodes.BINPERSID);
        w.integer(offset);
        w.tuple(size);
        w.tuple(Shapes.contiguousStrides(size));
        w.bool(false);
        w.emptyOrderedDict();
        w.opcode(Opcodes.TUPLE);
        w.opcode(Opcodes.REDUCE);
        return w.finish();
    }

    @Test
    void bigEndianArchivesAreSwappedOnLoad() throws IOException {
        Map<String, Tensor> original = TorchCheckpoint.loadStateDict(Fixtures.path("dtypes_zip.pt"));
        Map<String, Integer> elementSizes = new HashMap<>();
        List<Tensor> tensors = List.copyOf(original.values());
        for (int i = 0; i < tensors.size(); i++) {
            elementSizes.put("dtypes_zip/data/" + i, tensors.get(i).dtype().byteSize());
        }
        Path p = dir.resolve("big.pt");
        Fixtures.rezip(Fixtures.path("dtypes_zip.pt"), p, (n, b) -> elementSizes.containsKey(n)
                ? swap(b, elementSizes.get(n)) : b, Map.of("dtypes_zip/byteorder", "big".getBytes()));
        Fixtures.assertMatches("dtypes_zip.pt", TorchCheckpoint.loadStateDict(p), true);
    }

    private static byte[] swap(byte[] b, int size) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i - i % size + size - 1 - i % size];
        }
        return out;
    }

    @Test
    void legacyStoragesThatDisagreeWithThePickle() throws IOException {
        byte[] legacy = Fixtures.bytes("views_legacy.pt");
        Map<dev.arbor.tensor.Storage, Boolean> storages = new IdentityHashMap<>();
        long data = 0;
        for (Tensor t : TorchCheckpoint.loadStateDict(Fixtures.path("views_legacy.pt")).values()) {
            if (storages.put(t.storage(), true) == null) {
                data += 8 + t.storage().byteSize();
            }
        }
        int first = (int) (legacy.length - data);
        ByteBuffer buffer = ByteBuffer.wrap(legacy).order(ByteOrder.LITTLE_ENDIAN);
        long numel = buffer.getLong(first);
        buffer.putLong(first, 1000);
        assertContains(loadFailure(legacy), "holds 1000 elements in the file, but " + numel + " in the pickle");
        buffer.putLong(first, numel);
        assertEquals(9, TorchCheckpoint.loadStateDict(writeTo("fixed.pt", legacy)).size(), "the offset was right");
    }

    private Path writeTo(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}
