package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.StateDicts;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SequencedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5RoundTripTest {
    private final Hdf5StateDictFormat format = new Hdf5StateDictFormat();

    @TempDir
    Path dir;

    private SequencedMap<String, Tensor> roundTrip(Map<String, Tensor> sd) throws IOException {
        Path p = dir.resolve("sd.h5");
        format.write(sd, p);
        return format.read(p);
    }

    private static void assertBitExact(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "keys in order");
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor a = actual.get(e.getKey());
            assertEquals(e.getValue().dtype(), a.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), a.shape(), e.getKey());
            assertArrayEquals(TensorBytes.of(e.getValue()), TensorBytes.of(a), e.getKey());
        }
    }

    @Test
    void everyDtypeRoundTripsBitExactly() throws IOException {
        Random rng = new Random(1);
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        for (DType t : DType.values()) {
            sd.put("random." + t.typeName(), TensorBytes.random(rng, t, 3, 5, 2));
            sd.put("scalar." + t.typeName(), TensorBytes.random(rng, t));
            sd.put("empty." + t.typeName(), TensorBytes.random(rng, t, 4, 0, 3));
        }
        assertBitExact(sd, roundTrip(sd));
    }

    @Test
    void specialFloatsSurvive() throws IOException {
        float[] f = {Float.NaN, Float.intBitsToFloat(0x7fc00001), -0.0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY,
                Float.MAX_VALUE};
        // float16 and bfloat16 from bit patterns: -0, smallest subnormal, NaN with payload, infinity, max
        short[] halfBits = {(short) 0x8000, 0x0001, 0x7e01, 0x7c00, 0x7bff};
        short[] bf16Bits = {(short) 0x8000, 0x0001, 0x7fc1, 0x7f80, 0x7f7f};
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("f32", Tensor.of(f, f.length));
        sd.put("f16", TensorBytes.wrap(littleEndian(halfBits), DType.FLOAT16, 5));
        sd.put("bf16", TensorBytes.wrap(littleEndian(bf16Bits), DType.BFLOAT16, 5));
        sd.put("i64", Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1}, 3));
        sd.put("u64", Tensor.of(new long[] {-1, 0, Long.MIN_VALUE}, 3).to(DType.UINT64));
        assertBitExact(sd, roundTrip(sd));
    }

    private static byte[] littleEndian(short[] values) {
        byte[] b = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) values[i];
            b[2 * i + 1] = (byte) (values[i] >> 8);
        }
        return b;
    }

    @Test
    void orderIsKeptAndViewsAreWrittenAsTheirValues() throws IOException {
        Tensor base = Tensor.arange(12).reshape(3, 4).to(DType.FLOAT32);
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("z.transposed", base.t());
        sd.put("a.narrow", base.narrow(1, 1, 2));
        sd.put("m.expanded", Tensor.of(new float[] {1, 2}, 2).expand(3, 2));
        sd.put("b.requires_grad", Tensor.of(new float[] {1, 2}, 2).requiresGrad_(true));
        SequencedMap<String, Tensor> back = roundTrip(sd);
        assertEquals(List.of("z.transposed", "a.narrow", "m.expanded", "b.requires_grad"), List.copyOf(back.keySet()));
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, back.get("z.transposed").toFloatArray());
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, back.get("a.narrow").toFloatArray());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, back.get("m.expanded").toFloatArray());
        assertEquals(false, back.get("b.requires_grad").requiresGrad());
    }

    @Test
    void keysThatCollideAsPathsOrAreNoValidNamesRoundTrip() throws IOException {
        String[] keys = {"a", "a.b", "a.b.c", "layer1.0.conv1.weight", "", ".", "a..b", ".lead", "trail.", "%", "50%.x",
                "x/y", " ", "a. .b", "ünïcødé.名前", "a.b.c.d.e.f.g.h.i.j", ".tensor", "%25", "%2F"};
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            sd.put(keys[i], Tensor.of(new long[] {i}, 1));
        }
        assertBitExact(sd, roundTrip(sd));
    }

    @Test
    void stateDictsFacadeChoosesHdf5ByExtensionAndByContent() throws IOException {
        assertTrue(StateDicts.formats().stream().anyMatch(f -> f instanceof Hdf5StateDictFormat),
                "the plugin is found with ServiceLoader");
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("w", Tensor.of(new float[] {1, 2, 3}, 3));
        for (String name : List.of("m.h5", "m.hdf5", "M.H5")) {
            Path p = dir.resolve(name);
            StateDicts.save(sd, p);
            assertInstanceOf(Hdf5StateDictFormat.class, StateDicts.formatForReading(p));
            assertBitExact(sd, StateDicts.load(p));
        }
        Path renamed = Files.move(dir.resolve("m.h5"), dir.resolve("weights.bin"));
        assertInstanceOf(Hdf5StateDictFormat.class, StateDicts.formatForReading(renamed), "found by its signature");
    }

    @Test
    void failedWriteLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        Path p = dir.resolve("keep.h5");
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("w", Tensor.of(new float[] {1, 2}, 2));
        format.write(sd, p);
        byte[] before = Files.readAllBytes(p);

        SequencedMap<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("ok", Tensor.of(new float[] {3}, 1));
        bad.put("missing", null);
        IOException e = assertThrows(IOException.class, () -> format.write(bad, p));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        bad.remove("missing");
        bad.put("\ud800", Tensor.of(new float[] {3}, 1));
        assertThrows(IOException.class, () -> format.write(bad, p));
        bad.remove("\ud800");
        bad.put("nul\0", Tensor.of(new float[] {3}, 1));
        e = assertThrows(IOException.class, () -> format.write(bad, p));
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        bad.remove("nul\0");
        bad.put("rank33", Tensor.zeros(DType.FLOAT32, new long[33]));
        e = assertThrows(IOException.class, () -> format.write(bad, p));
        assertTrue(e.getMessage().contains("at most 32"), e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void aTensorSharedByTwoKeysIsWrittenUnderBoth() throws IOException {
        Tensor shared = Tensor.of(new float[] {1, 2}, 2);
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("encoder.embed.weight", shared);
        sd.put("decoder.embed.weight", shared);
        SequencedMap<String, Tensor> back = roundTrip(sd);
        assertBitExact(sd, back);
        assertTrue(back.get("encoder.embed.weight") != back.get("decoder.embed.weight"));
    }

    @Test
    void largeTensorsAndManyKeys() throws IOException {
        Random rng = new Random(7);
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("big", TensorBytes.random(rng, DType.FLOAT32, 512, 512));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add("layers." + i % 7 + ".block" + i + ".weight");
        }
        for (String k : keys) {
            sd.put(k, TensorBytes.random(rng, DType.INT8, 3));
        }
        assertBitExact(sd, roundTrip(sd));
    }

    @Test
    void arborLayoutIsRequiredWhenAsked() throws IOException {
        Path p = dir.resolve("sd.h5");
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("a.b", Tensor.of(new float[] {1}, 1));
        format.write(sd, p);
        assertBitExact(sd, format.read(p, Hdf5Layout.ARBOR));
        assertEquals(List.of("a.b"), List.copyOf(format.read(p, Hdf5Layout.PLAIN).keySet()));
        IOException e = assertThrows(IOException.class, () -> format.read(p, Hdf5Layout.KERAS));
        assertTrue(e.getMessage().contains("not a Keras weight file"), e.getMessage());
    }
}
