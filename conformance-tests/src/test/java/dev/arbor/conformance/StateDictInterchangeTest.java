package dev.arbor.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.io.StateDictMapping;
import dev.arbor.io.StateDicts;
import dev.arbor.nn.BatchNorm1d;
import dev.arbor.nn.Linear;
import dev.arbor.nn.Module;
import dev.arbor.nn.StateDictLoadException;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SequencedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State dicts moved between every pair of formats on the class path (PyTorch checkpoints, HDF5,
 * safetensors) through {@link StateDicts}, and a DataParallel training checkpoint loaded into a
 * hand-built module. The fixtures and what torch says they hold come from
 * src/test/python/make_state_dict_fixtures.py (Debian's python3-torch 1.13).
 *
 * <p>What each format cannot hold: torch 1.13 checkpoints have no uint16, uint32 or uint64 (saving one
 * is refused); HDF5 and safetensors hold every Arbor dtype (HDF5 keeps bfloat16 and bool in the
 * documented way of docs/HDF5-LAYOUT.md). Key order survives .pt and HDF5; safetensors files keep
 * their tensors in the reference implementation's layout (by dtype, then name), so a state dict read
 * back from one comes in that order.
 */
class StateDictInterchangeTest {
    @TempDir
    Path dir;

    /** fc1 (Linear 4 -> 8), bn (BatchNorm1d 8), fc2 (Linear 8 -> 3), as the generator's Net. */
    static final class Net extends Module {
        final Linear fc1 = register("fc1", new Linear(4, 8));
        final BatchNorm1d bn = register("bn", new BatchNorm1d(8));
        final Linear fc2 = register("fc2", new Linear(8, 3));
    }

    /** A tensor as torch described it: dtype, shape and little-endian row-major bytes. */
    private record Expected(DType dtype, long[] shape, byte[] bytes) {}

    @Test
    void torchCheckpointSurvivesHdf5AndSafetensorsBitExactly() throws IOException {
        Path pt = fixture("dtypes.pt");
        SequencedMap<String, Expected> expected = expected("dtypes.txt");
        assertEquals("pytorch", StateDicts.formatForReading(pt).name());
        SequencedMap<String, Tensor> sd = StateDicts.load(pt);
        assertMatches(expected, sd, "dtypes.pt as read");
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(sd.keySet()), "torch's key order");

        List<String> chain = List.of("a.h5", "b.safetensors", "c.hdf5", "d.pt");
        List<String> formats = List.of("hdf5", "safetensors", "hdf5", "pytorch");
        for (int i = 0; i < chain.size(); i++) {
            Path next = dir.resolve(chain.get(i));
            StateDicts.save(sd, next);
            assertEquals(formats.get(i), StateDicts.formatForReading(next).name(), next.toString());
            SequencedMap<String, Tensor> back = StateDicts.load(next);
            assertMatches(expected, back, "after " + String.join(" -> ", chain.subList(0, i + 1)));
            if (!formats.get(i).equals("safetensors")) {
                assertEquals(new ArrayList<>(sd.keySet()), new ArrayList<>(back.keySet()), next + " keeps key order");
            }
            sd = back;
        }
    }

    @Test
    void everyArborDtypeSurvivesHdf5AndSafetensorsAndTorchRefusesWideUnsigned() throws IOException {
        Random rng = new Random(5);
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        for (DType dtype : DType.values()) {
            sd.put("layer." + dtype.typeName(), randomBits(rng, dtype, 3, 5));
        }
        SequencedMap<String, Expected> expected = describe(sd);
        SequencedMap<String, Tensor> back = sd;
        for (String name : List.of("a.h5", "b.safetensors", "c.h5", "d.safetensors")) {
            Path next = dir.resolve(name);
            StateDicts.save(back, next);
            back = StateDicts.load(next);
            assertMatches(expected, back, "after " + name);
        }
        for (DType wide : List.of(DType.UINT16, DType.UINT32, DType.UINT64)) {
            Path pt = dir.resolve(wide + ".pt");
            IOException e = assertThrows(IOException.class,
                    () -> StateDicts.save(Map.of("x", sd.get("layer." + wide.typeName())), pt));
            assertTrue(e.getMessage().contains(wide.toString()), e.getMessage());
            assertTrue(Files.notExists(pt), "a refused save leaves no file");
        }
    }

    @Test
    void formatIsChosenByContentBeforeExtension() throws IOException {
        SequencedMap<String, Expected> expected = expected("dtypes.txt");
        SequencedMap<String, Tensor> sd = StateDicts.load(fixture("dtypes.pt"));
        Path h5 = dir.resolve("w.h5");
        Path st = dir.resolve("w.safetensors");
        StateDicts.save(sd, h5);
        StateDicts.save(sd, st);
        Map<Path, String> misnamed = Map.of(
                copy(h5, "hdf5-named.pt"), "hdf5",
                copy(st, "safetensors-named.h5"), "safetensors",
                copy(fixture("dtypes.pt"), "torch-named.safetensors"), "pytorch",
                copy(h5, "no-extension"), "hdf5");
        for (Map.Entry<Path, String> e : misnamed.entrySet()) {
            assertEquals(e.getValue(), StateDicts.formatForReading(e.getKey()).name(), e.getKey().toString());
            assertMatches(expected, StateDicts.load(e.getKey()), e.getKey().toString());
        }
    }

    @Test
    void dataParallelCheckpointLoadsStrictlyAfterStrippingThePrefix() throws IOException {
        SequencedMap<String, Expected> saved = expected("checkpoint.txt");
        SequencedMap<String, Tensor> model = StateDicts.load(fixture("checkpoint.pt"));
        assertEquals(new ArrayList<>(saved.keySet()), new ArrayList<>(model.keySet()),
                "StateDicts.load takes the checkpoint's \"model\" entry");

        StateDictMapping mapping = StateDictMapping.builder().stripPrefix("module.").build();
        Net net = new Net();
        assertEquals(List.of(), net.loadStateDict(mapping.apply(model), true).missingKeys());
        assertMatches(stripped(saved), net.stateDict(), "Net after loadStateDict");

        // The same weights through HDF5 into a fresh Net.
        Path h5 = dir.resolve("net.h5");
        StateDicts.save(net.stateDict(), h5);
        Net again = new Net();
        again.loadStateDict(StateDicts.load(h5), true);
        assertMatches(stripped(saved), again.stateDict(), "Net loaded from HDF5");
    }

    @Test
    void missingUnexpectedAndMisShapedKeysAreReportedAsPyTorchDoes() throws IOException {
        SequencedMap<String, Tensor> sd = StateDictMapping.builder().stripPrefix("module.").build()
                .apply(StateDicts.load(fixture("checkpoint.pt")));
        // As the generator's bad_state_dict.
        sd.remove("fc2.bias");
        sd.put("extra.weight", Tensor.zeros(2));
        sd.put("fc1.weight", Tensor.zeros(8, 5));
        Net net = new Net();
        SequencedMap<String, Expected> before = describe(net.stateDict());

        StateDictLoadException e = assertThrows(StateDictLoadException.class, () -> net.loadStateDict(sd, true));
        assertEquals(Files.readString(fixture("load_error.txt")), e.getMessage());
        assertEquals(List.of("fc2.bias"), e.missingKeys());
        assertEquals(List.of("extra.weight"), e.unexpectedKeys());
        assertMatches(before, net.stateDict(), "Net after the failed load (unchanged)");
    }

    @Test
    void floatingTensorsConvertOnLoadAndIntegersStay() throws IOException {
        SequencedMap<String, Tensor> model = StateDicts.load(fixture("checkpoint.pt"));
        for (DType target : List.of(DType.FLOAT64, DType.FLOAT16)) {
            SequencedMap<String, Tensor> mapped = StateDictMapping.builder().stripPrefix("module.")
                    .floatingDType(target).build().apply(model);
            Net net = new Net();
            net.to(target);
            net.loadStateDict(mapped, true);
            for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
                Tensor source = model.get("module." + e.getKey());
                Tensor loaded = e.getValue();
                if (source.dtype() == DType.INT64) {
                    assertEquals(DType.INT64, loaded.dtype(), e.getKey());
                    assertArrayEquals(bytes(source), bytes(loaded), e.getKey());
                    continue;
                }
                assertEquals(target, loaded.dtype(), e.getKey());
                assertArrayEquals(converted(source, target), bytes(loaded), e.getKey() + " as " + target);
            }
        }
    }

    /** The float32 values of {@code source} converted by Java's own rounding (IEEE round to nearest even). */
    private static byte[] converted(Tensor source, DType target) {
        byte[] in = bytes(source);
        ByteBuffer src = ByteBuffer.wrap(in).order(ByteOrder.nativeOrder());
        int n = in.length / 4;
        ByteBuffer out = ByteBuffer.allocate(n * target.byteSize()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            float f = src.getFloat();
            if (target == DType.FLOAT64) {
                out.putDouble(f);
            } else {
                out.putShort(Float.floatToFloat16(f));
            }
        }
        return out.array();
    }

    private static SequencedMap<String, Expected> stripped(SequencedMap<String, Expected> saved) {
        SequencedMap<String, Expected> out = new LinkedHashMap<>();
        saved.forEach((k, v) -> out.put(k.substring("module.".length()), v));
        return out;
    }

    /** Same keys (in any order), dtypes, shapes and bytes. */
    private static void assertMatches(SequencedMap<String, Expected> expected, Map<String, Tensor> actual,
            String where) {
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()), where + ": keys");
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            Tensor t = actual.get(e.getKey());
            String what = where + ": " + e.getKey();
            assertEquals(e.getValue().dtype(), t.dtype(), what);
            assertArrayEquals(e.getValue().shape(), t.shape(), what);
            assertArrayEquals(e.getValue().bytes(), bytes(t), what);
        }
    }

    private static SequencedMap<String, Expected> describe(Map<String, Tensor> sd) {
        SequencedMap<String, Expected> out = new LinkedHashMap<>();
        sd.forEach((k, t) -> out.put(k, new Expected(t.dtype(), t.shape().clone(), bytes(t))));
        return out;
    }

    /** The values in row-major order, in native (little-endian, as the fixtures) byte order. */
    private static byte[] bytes(Tensor t) {
        Tensor c = t.contiguous();
        int size = c.dtype().byteSize();
        return ((CpuStorage) c.storage()).segment().asSlice(c.offset() * size, c.numel() * size)
                .toArray(ValueLayout.JAVA_BYTE);
    }

    /** Random bit patterns (NaN payloads, subnormals, infinities included); bools 0 or 1. */
    private static Tensor randomBits(Random rng, DType dtype, long... shape) {
        byte[] b = new byte[Math.toIntExact(Shapes.numel(shape) * dtype.byteSize())];
        rng.nextBytes(b);
        if (dtype == DType.BOOL) {
            for (int i = 0; i < b.length; i++) {
                b[i] &= 1;
            }
        }
        MemorySegment m = Arena.ofAuto().allocate(b.length);
        MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
        return Tensor.wrap(new CpuStorage(m), dtype, shape, Shapes.contiguousStrides(shape), 0);
    }

    /** A generator .txt file: key, dtype, shape and hex bytes a line, tab-separated. */
    private static SequencedMap<String, Expected> expected(String name) throws IOException {
        SequencedMap<String, Expected> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(fixture(name))) {
            String[] f = line.split("\t", -1);
            long[] shape = f[2].isEmpty() ? new long[0] : Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong)
                    .toArray();
            out.put(f[0], new Expected(DType.parse(f[1]), shape, HexFormat.of().parseHex(f[3])));
        }
        return out;
    }

    private Path copy(Path from, String name) throws IOException {
        return Files.copy(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path fixture(String name) {
        try {
            return Path.of(StateDictInterchangeTest.class.getResource("statedict/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("fixture statedict/" + name
                    + " is missing; run src/test/python/make_state_dict_fixtures.py", e));
        }
    }
}
