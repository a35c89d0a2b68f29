package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** safetensors files against reference files written to the specification, and headers that lie. */
class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryDtypeBitForBitWithoutACopy() throws IOException {
        for (String name : List.of("reference.safetensors", "unordered.safetensors")) {
            SafetensorsFile file = Safetensors.read(Fixtures.path(name));
            Map<?, ?> expected = (Map<?, ?>) Fixtures.expected(name).get("tensors");
            assertEquals(expected.keySet(), file.tensors().keySet(), name);
            for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
                Map<?, ?> want = (Map<?, ?>) expected.get(e.getKey());
                Tensor t = e.getValue();
                assertEquals(want.get("dtype"), SafetensorsHeader.nameOf(t.dtype()), name + " " + e.getKey());
                assertEquals(want.get("shape"), Arrays.stream(t.shape()).boxed().toList(), name + " " + e.getKey());
                assertEquals(want.get("hex"), Fixtures.hex(t), name + " " + e.getKey());
                assertTrue(((CpuStorage) t.storage()).segment().isMapped());
            }
            assertEquals(name.startsWith("reference") ? Map.of("format", "pt") : Map.of(), file.metadata());
        }
    }

    @Test
    void writesTheReferenceLayoutByteForByte() throws IOException {
        SafetensorsFile reference = Safetensors.read(Fixtures.path("unordered.safetensors"));
        Path out = dir.resolve("ours.safetensors");
        Safetensors.write(reference.tensors(), Map.of("format", "pt"), out);
        assertArrayEquals(Fixtures.bytes("reference.safetensors"), Files.readAllBytes(out));
    }

    @Test
    void writesViewsAndNonContiguousTensorsAsTheirValues() throws IOException {
        Tensor grid = Tensor.arange(0, 12, 1, dev.arbor.tensor.DType.FLOAT32).reshape(3, 4);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("t", grid.t());
        tensors.put("row", grid.select(0, 1));
        tensors.put("weird \"name\"\n\u00e9", Tensor.scalar(1.5));
        Path out = dir.resolve("views.safetensors");
        Safetensors.write(tensors, Map.of(), out);
        SafetensorsFile back = Safetensors.read(out);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            assertEquals(Fixtures.hex(e.getValue()), Fixtures.hex(back.tensors().get(e.getKey())), e.getKey());
            assertArrayEquals(e.getValue().shape(), back.tensors().get(e.getKey()).shape());
        }
        assertEquals(0, headerLength(out) % 8, "the header is padded to a multiple of 8 bytes");
    }

    private static long headerLength(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A file with {@code header} (padded as the reference pads) and {@code data} bytes of data. */
    private Path file(String header, int data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private String failure(String header, int data) throws IOException {
        Path p = file(header, data);
        return assertThrows(IOException.class, () -> Safetensors.read(p)).getMessage();
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }

    @Test
    void headersThatLieAreRefusedBeforeAnyDataIsRead() throws IOException {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertEquals(2, Safetensors.read(file("{" + a + "}", 8)).tensors().get("a").numel());
        assertContains(failure("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
                "tensors 'a' and 'b' overlap");
        assertContains(failure("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16),
                "bytes 8 to 12 of the data belong to no tensor");
        assertContains(failure("{" + a + "}", 4), "cover 8 bytes of data, but the file holds 4");
        assertContains(failure("{" + a + "}", 12), "cover 8 bytes of data, but the file holds 12");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                "needs 12 bytes, but its data_offsets [0, 8] span 8");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8),
                "ends (byte 0) before it begins (byte 8)");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4],\"data_offsets\":[0,8]}}", 8),
                "overflows");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8),
                "holds '-2', not an integer");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", 8),
                "holds '2.0', not an integer");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", 8),
                "not an integer");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8),
                "data_offsets must be [begin, end]");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "'a' lacks data_offsets");
        assertContains(failure("{\"a\":[1]}", 0), "entry of tensor 'a' is not an object");
        assertContains(failure("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
                "dtype C64, which is not a safetensors dtype");
        assertContains(failure("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "F8_E4M3, which Arbor cannot represent");
        assertContains(failure("{" + a + "," + a + "}", 8), "Duplicate field 'a'");
        assertContains(failure("{\"__metadata__\":{\"k\":1}}", 0), "value of 'k' must be a string");
        assertContains(failure("{" + a, 8), "not valid JSON");
        assertContains(failure("{" + a + "} x", 8), "not valid JSON");
        assertContains(failure("[]", 0), "does not start with '{'");
        assertContains(failure("{\"a\":{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}}", 0), "not valid JSON");
        assertContains(failure("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(64) + "1],\"data_offsets\":[0,4]}}", 4),
                "more than 64 values");
        Path invalidUtf8 = dir.resolve("utf8.safetensors");
        Files.write(invalidUtf8, new byte[] {4, 0, 0, 0, 0, 0, 0, 0, '{', (byte) 0xc3, '(', '}'});
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(invalidUtf8)).getMessage()
                .contains("not valid UTF-8"));
    }

    @Test
    void headerLengthsThatLieAreRefusedBeforeAllocating() throws IOException {
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, new byte[] {0, 0, 0, 0, 0, 0, 0, 0x70, '{', '}'});
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(huge)).getMessage().contains("the limit is"));
        Files.write(huge, new byte[] {1, (byte) 0xe1, (byte) 0xf5, 5, 0, 0, 0, 0, '{', '}'});
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(huge)).getMessage().contains("the limit is"),
                "one byte over the reference's 100 MB");
        Files.write(huge, new byte[] {64, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(huge)).getMessage().contains("truncated"));
        Files.write(huge, new byte[] {1, 0, 0});
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(huge)).getMessage().contains("fewer than"));
    }

    @Test
    void probeAndFormat() {
        SafetensorsFormat format = new SafetensorsFormat();
        assertTrue(format.probe(Arrays.copyOf(Fixtures.bytes("reference.safetensors"), 512)));
        assertFalse(format.probe(Arrays.copyOf(Fixtures.bytes("model_zip.pt"), 512)));
        assertFalse(format.probe(Arrays.copyOf(Fixtures.bytes("model_legacy.pt"), 512)));
        assertEquals(List.of(".safetensors"), format.extensions());
    }
}
