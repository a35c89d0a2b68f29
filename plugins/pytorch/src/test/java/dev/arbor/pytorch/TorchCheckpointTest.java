package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.io.StateDicts;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading torch.save files of both formats against what PyTorch said about them (expected.json). */
class TorchCheckpointTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"model_zip.pt", "model_legacy.pt", "model_legacy_p4.pt", "in_memory.pt", "dtypes_zip.pt",
        "dtypes_legacy.pt", "views_zip.pt", "views_legacy.pt", "checkpoint_zip.pt", "checkpoint_zip_p4.pt",
        "checkpoint_legacy.pt"})
    void tensorsMatchPyTorchBitForBitWithTheirLayoutAndSharing(String name) throws IOException {
        Fixtures.assertMatches(name, Fixtures.flatten(TorchCheckpoint.load(Fixtures.path(name))), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model_zip.pt", "views_zip.pt", "dtypes_legacy.pt"})
    void tensorsViewTheMappedFileWithoutACopy(String name) throws IOException {
        for (Tensor t : Fixtures.flatten(TorchCheckpoint.load(Fixtures.path(name))).values()) {
            CpuStorage storage = (CpuStorage) t.storage();
            assertTrue(storage.segment().isMapped(), name + ": storage is the file's mapping");
            if (name.endsWith("_zip.pt") && storage.byteSize() > 0) {
                assertEquals(0, storage.segment().address() % 64, name + ": torch aligns storages to 64 bytes");
            }
        }
    }

    @Test
    void deflatedArchivesAreReadToo() throws IOException {
        Path repacked = dir.resolve("repacked.pt");
        Files.write(repacked, Fixtures.deflated(Fixtures.path("model_zip.pt")));
        Fixtures.assertMatches("model_zip.pt", TorchCheckpoint.loadStateDict(repacked), true);
    }

    @Test
    void loadedTensorsCanBeChangedInPlaceWithoutChangingTheFile() throws IOException {
        Path copy = dir.resolve("copy.pt");
        Files.write(copy, Fixtures.bytes("views_zip.pt"));
        Tensor base = TorchCheckpoint.loadStateDict(copy).get("base");
        base.fill_(7);
        assertEquals(7.0, base.get(3));
        assertEquals(3.0, TorchCheckpoint.loadStateDict(copy).get("base").get(3), "the file is unchanged");
    }

    @Test
    void nestedTrainingCheckpointComesBackAsPlainJavaValues() throws IOException {
        for (String name : List.of("checkpoint_zip.pt", "checkpoint_zip_p4.pt", "checkpoint_legacy.pt")) {
            Map<?, ?> ckpt = assertInstanceOf(LinkedHashMap.class, TorchCheckpoint.load(Fixtures.path(name)));
            assertEquals(List.of("model", "optimizer", "epoch", "best_loss", "big", "name", "note", "done", "tags",
                    "pair", "dtype"), List.copyOf(ckpt.keySet()), name);
            assertEquals(3L, ckpt.get("epoch"));
            assertEquals(0.25, ckpt.get("best_loss"));
            assertEquals(BigInteger.TWO.pow(70), ckpt.get("big"));
            assertEquals("run-1", ckpt.get("name"));
            assertNull(ckpt.get("note"));
            assertEquals(false, ckpt.get("done"));
            assertEquals(List.of("a", "b"), ckpt.get("tags"));
            assertEquals(List.of(1L, -2L), ckpt.get("pair"));
            assertThrows(UnsupportedOperationException.class, () -> ((List<?>) ckpt.get("pair")).clear(),
                    "a tuple is unmodifiable");
            assertEquals(DType.FLOAT16, ckpt.get("dtype"));
            Map<?, ?> optimizer = (Map<?, ?>) ckpt.get("optimizer");
            Map<?, ?> state = (Map<?, ?>) optimizer.get("state");
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), List.copyOf(state.keySet()), "optimizer state keys are ints");
            Map<?, ?> group = (Map<?, ?>) ((List<?>) optimizer.get("param_groups")).getFirst();
            assertEquals(0.1, group.get("lr"));
            assertEquals(0.9, group.get("momentum"));
            assertEquals(false, group.get("nesterov"));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), group.get("params"));
        }
    }

    @Test
    void stateDictOfATrainingCheckpointIsItsModelEntry() throws IOException {
        SequencedMap<String, Tensor> sd = TorchCheckpoint.loadStateDict(Fixtures.path("checkpoint_zip.pt"));
        assertEquals(List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
                "bn.num_batches_tracked", "embed.weight", "head.weight", "head.bias"), List.copyOf(sd.keySet()));
        assertSame(sd.get("embed.weight").storage(), sd.get("head.weight").storage(), "tied weights stay tied");
        assertEquals(8L, sd.get("bn.num_batches_tracked").itemLong(), "7, and one training-mode forward pass");
    }

    @Test
    void stateDictOfSomethingElseListsTheTopLevelKeys() throws IOException {
        Path path = dir.resolve("no_weights.pt");
        TorchCheckpoint.save(Map.of("epoch", 3L, "optimizer", Map.of()), path);
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.loadStateDict(path));
        assertTrue(e.getMessage().contains("'epoch': int") && e.getMessage().contains("'optimizer': dict"),
                e.getMessage());
        Path list = dir.resolve("list.pt");
        TorchCheckpoint.save(List.of(1L), list);
        assertTrue(assertThrows(IOException.class, () -> TorchCheckpoint.loadStateDict(list)).getMessage()
                .contains("holds a list, not a state dict"));
    }

    @Test
    void parametersComeBackRequiringGrad() throws IOException {
        Path path = dir.resolve("param.pt");
        Tensor p = Tensor.of(new float[] {1, 2}, 2).requiresGrad_(true);
        TorchCheckpoint.saveStateDict(Map.of("p", p, "q", Tensor.of(new float[] {3}, 1)), path);
        SequencedMap<String, Tensor> sd = TorchCheckpoint.loadStateDict(path);
        assertTrue(sd.get("p").requiresGrad());
        assertFalse(sd.get("q").requiresGrad());
    }

    @Test
    void stateDictsFindsBothFormatsByContentAndExtension() throws IOException {
        List<String> names = StateDicts.formats().stream().map(f -> f.name()).toList();
        assertTrue(names.containsAll(List.of("pytorch", "safetensors")), names.toString());
        for (String name : List.of("model_zip.pt", "model_legacy.pt", "model_legacy_p4.pt", "in_memory.pt")) {
            assertEquals("pytorch", StateDicts.formatForReading(Fixtures.path(name)).name(), name);
            Fixtures.assertMatches(name, StateDicts.load(Fixtures.path(name)), true);
        }
        assertEquals("safetensors", StateDicts.formatForReading(Fixtures.path("reference.safetensors")).name());
        assertEquals("pytorch", StateDicts.formatForWriting(dir.resolve("x.pth")).name());
        assertEquals("safetensors", StateDicts.formatForWriting(dir.resolve("x.safetensors")).name());
    }

    @Test
    void probeRecognisesCheckpointsOnly() {
        TorchFormat format = new TorchFormat();
        for (String name : List.of("model_zip.pt", "model_legacy.pt", "model_legacy_p4.pt", "checkpoint_zip_p4.pt")) {
            assertTrue(format.probe(Arrays.copyOf(Fixtures.bytes(name), 512)), name);
        }
        for (String name : List.of("reference.safetensors", "plain_p2.pkl", "plain_p4.pkl")) {
            assertFalse(format.probe(Arrays.copyOf(Fixtures.bytes(name), 512)), name);
        }
        assertFalse(format.probe(new byte[0]));
        assertFalse(format.probe("PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1)));
    }
}
