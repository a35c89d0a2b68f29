package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.StateDicts;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints Arbor writes, read back by Arbor and by PyTorch itself. */
class TorchWriteTest {
    /** Compares two checkpoints' tensors in PyTorch: keys, dtypes, shapes, strides, bits and storage sharing. */
    private static final String COMPARE = """
            import sys, torch
            def leaves(o, prefix, tensors):
                if isinstance(o, torch.Tensor) == tensors and not isinstance(o, (dict, list, tuple)):
                    return {prefix[:-1]: o}
                out = {}
                if isinstance(o, dict):
                    for k, v in o.items():
                        out.update(leaves(v, f"{prefix}{k}.", tensors))
                elif isinstance(o, (list, tuple)):
                    for i, v in enumerate(o):
                        out.update(leaves(v, f"{prefix}{i}.", tensors))
                return out
            def raw(t):
                t = t.detach().contiguous()
                return (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
            def groups(d):
                g = {}
                for k, t in d.items():
                    g.setdefault(t.storage().data_ptr(), []).append(k)
                return sorted(v for v in g.values() if len(v) > 1)
            for ours_path, ref_path, weights_only in zip(sys.argv[1::3], sys.argv[2::3], sys.argv[3::3]):
                ours_obj = torch.load(ours_path, weights_only=weights_only == "True")
                ref_obj = torch.load(ref_path)
                assert leaves(ours_obj, "", False) == leaves(ref_obj, "", False), ours_path
                ours, ref = leaves(ours_obj, "", True), leaves(ref_obj, "", True)
                assert list(ours) == list(ref), (ours_path, list(ours), list(ref))
                for k in ref:
                    a, b = ours[k], ref[k]
                    assert a.dtype == b.dtype and a.shape == b.shape and a.stride() == b.stride(), (k, a, b)
                    assert a.requires_grad == b.requires_grad and raw(a) == raw(b), k
                assert groups(ours) == groups(ref), (groups(ours), groups(ref))
                print("ok", ours_path, len(ref))
            """;

    @TempDir
    Path dir;

    @Test
    void stateDictsRoundTripWithViewsStridesAndSharing() throws IOException {
        for (String name : List.of("model_zip.pt", "model_legacy.pt", "dtypes_zip.pt", "views_zip.pt", "views_legacy.pt")) {
            Path out = dir.resolve(name);
            TorchCheckpoint.saveStateDict(TorchCheckpoint.loadStateDict(Fixtures.path(name)), out);
            Fixtures.assertMatches(name, TorchCheckpoint.loadStateDict(out), true);
        }
    }

    @Test
    void pytorchLoadsWhatArborWrites() throws IOException, InterruptedException {
        PythonTorch.assumeAvailable();
        List<String> args = new ArrayList<>();
        for (String name : List.of("model_zip.pt", "model_legacy.pt", "dtypes_zip.pt", "dtypes_legacy.pt",
                "views_zip.pt", "views_legacy.pt")) {
            Path out = dir.resolve("ours_" + name);
            StateDicts.save(TorchCheckpoint.loadStateDict(Fixtures.path(name)), out);
            args.addAll(List.of(out.toString(), Fixtures.path(name).toString(), "True"));
        }
        for (String name : List.of("checkpoint_zip.pt", "checkpoint_legacy.pt")) {
            Path out = dir.resolve("ours_" + name);
            TorchCheckpoint.save(TorchCheckpoint.load(Fixtures.path(name)), out);
            // Floats (a learning rate) need BINFLOAT, which torch 1.13's weights_only unpickler lacks.
            args.addAll(List.of(out.toString(), Fixtures.path(name).toString(), "False"));
        }
        args.addAll(List.of(zip64Copy().toString(), Fixtures.path("views_zip.pt").toString(), "True"));
        String output = PythonTorch.run(COMPARE, args.toArray(String[]::new));
        assertEquals(9, output.lines().filter(l -> l.startsWith("ok ")).count(), output);
    }

    @Test
    void ptToSafetensorsToPtIsBitExact() throws IOException {
        for (String name : List.of("dtypes_zip.pt", "model_legacy.pt", "views_zip.pt")) {
            SequencedMap<String, Tensor> original = TorchCheckpoint.loadStateDict(Fixtures.path(name));
            Path safetensors = dir.resolve(name + ".safetensors");
            StateDicts.save(original, safetensors);
            Path back = dir.resolve(name + ".back.pt");
            StateDicts.save(StateDicts.load(safetensors), back);
            SequencedMap<String, Tensor> again = StateDicts.load(back);
            assertEquals(original.keySet(), again.keySet(), "safetensors sorts the keys, nothing more");
            Map<String, Tensor> inOriginalOrder = new LinkedHashMap<>();
            original.keySet().forEach(k -> inOriginalOrder.put(k, again.get(k)));
            Fixtures.assertMatches(name, inOriginalOrder, false);
        }
    }

    @Test
    void zip64ArchivesAreWrittenAndRead() throws IOException {
        Path zip64 = zip64Copy();
        ZipIndex index = ZipIndex.read(MappedFile.map(dir.resolve("normal.pt")), "normal.pt");
        ZipIndex again = ZipIndex.read(MappedFile.map(zip64), "zip64.pt");
        assertEquals(index.entries().keySet(), again.entries().keySet());
        for (ZipIndex.Entry e : again.entries().values()) {
            assertEquals(0, e.dataOffset() % ZipWriter.ALIGNMENT, e.name() + " is 64-byte aligned");
            assertArrayEquals(index.bytes(index.entries().get(e.name()), false).toArray(ValueLayout.JAVA_BYTE),
                    again.bytes(e, true).toArray(ValueLayout.JAVA_BYTE), e.name());
        }
        Fixtures.assertMatches("views_zip.pt", TorchCheckpoint.loadStateDict(zip64), true);
    }

    /** views_zip.pt saved by Arbor (normal.pt), then its entries rewritten with ZIP64 records throughout. */
    private Path zip64Copy() throws IOException {
        Path normal = dir.resolve("normal.pt");
        TorchCheckpoint.saveStateDict(TorchCheckpoint.loadStateDict(Fixtures.path("views_zip.pt")), normal);
        ZipIndex index = ZipIndex.read(MappedFile.map(normal), "normal.pt");
        Path zip64 = dir.resolve("zip64.pt");
        try (FileChannel channel = FileChannel.open(zip64, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ZipWriter writer = new ZipWriter(channel, 0);
            for (ZipIndex.Entry e : index.entries().values()) {
                writer.add(e.name(), index.bytes(e, true));
            }
            writer.finish();
        }
        return zip64;
    }

    @Test
    void aFailedWriteLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        Path path = dir.resolve("weights.pt");
        TorchCheckpoint.saveStateDict(Map.of("w", Tensor.of(new float[] {1, 2}, 2)), path);
        byte[] before = Files.readAllBytes(path);
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("w", Tensor.of(new float[] {3}, 1));
        bad.put("u", Tensor.zeros(DType.UINT16, 2));
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.saveStateDict(bad, path));
        assertTrue(e.getMessage().contains("uint16"), e.getMessage());
        IOException cycle = assertThrows(IOException.class, () -> {
            List<Object> loop = new ArrayList<>();
            loop.add(loop);
            TorchCheckpoint.save(loop, path);
        });
        assertTrue(cycle.getMessage().contains("a cycle?"), cycle.getMessage());
        assertThrows(IOException.class, () -> TorchCheckpoint.save(Map.of("x", new Object()), path));
        assertArrayEquals(before, Files.readAllBytes(path));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(path), files.toList());
        }
    }

    @Test
    void storagesAreTrimmedToWhatTheTensorsUse() throws IOException {
        Tensor big = Tensor.arange(0, 1000, 1, DType.FLOAT32);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("a", big.narrow(0, 500, 3));
        sd.put("b", big.narrow(0, 502, 4));
        Path path = dir.resolve("trimmed.pt");
        TorchCheckpoint.saveStateDict(sd, path);
        assertTrue(Files.size(path) < 1000, "only 6 of 1000 floats are written: " + Files.size(path) + " bytes");
        SequencedMap<String, Tensor> back = TorchCheckpoint.loadStateDict(path);
        assertSame(back.get("a").storage(), back.get("b").storage());
        assertEquals(2, back.get("b").offset());
        assertArrayEquals(new float[] {502, 503, 504, 505}, back.get("b").toFloatArray());
    }
}
