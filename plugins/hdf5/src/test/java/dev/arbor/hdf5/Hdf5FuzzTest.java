package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated valid files (Arbor's, h5py's compressed and new-style ones, a Keras file) must read or
 * fail with an IOException: never another exception, an error or a huge allocation. Seeded and
 * bounded to about 3 seconds; {@code -Darbor.fuzz.seconds=600} runs longer by hand.
 */
class Hdf5FuzzTest {
    private static final long SEED = 20240611;

    @TempDir
    Path dir;

    @Test
    void mutatedFilesReadOrFailWithIOException() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Files.readAllBytes(arborFile()));
        for (String f : List.of("h5py_plain.h5", "h5py_latest.h5", "keras_model.h5")) {
            seeds.add(Files.readAllBytes(Fixtures.path(f)));
        }
        long millis = (long) (Double.parseDouble(System.getProperty("arbor.fuzz.seconds", "3")) * 1000);
        Random rng = new Random(SEED);
        Hdf5StateDictFormat format = new Hdf5StateDictFormat();
        Path p = dir.resolve("fuzz.h5");
        List<String> crashes = new ArrayList<>();
        int runs = 0;
        int read = 0;
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end && crashes.size() < 5) {
            byte[] b = mutate(seeds.get(rng.nextInt(seeds.size())), rng);
            Files.write(p, b);
            runs++;
            try {
                format.read(p);
                read++;
            } catch (IOException expected) {
                // the contract: a clear IOException
            } catch (RuntimeException | Error e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                Path kept = Files.write(dir.resolveSibling("hdf5-fuzz-crash-" + runs + ".h5"), b);
                crashes.add("run " + runs + " (file kept at " + kept + "): " + trace);
            }
        }
        System.out.printf("HDF5 fuzz: %d mutated files, %d read, %d refused with IOException, %d crashes%n", runs, read,
                runs - read - crashes.size(), crashes.size());
        assertTrue(crashes.isEmpty(), String.join("\n", crashes));
    }

    private Path arborFile() throws IOException {
        Random rng = new Random(SEED);
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        for (DType t : DType.values()) {
            sd.put("layer." + t.typeName(), TensorBytes.random(rng, t, 2, 3));
        }
        sd.put("layer", Tensor.scalar(1.0));
        sd.put("empty", Tensor.zeros(0));
        Path p = dir.resolve("arbor.h5");
        new Hdf5StateDictFormat().write(sd, p);
        return p;
    }

    /** One to three random edits: bytes set at random, runs of 0x00 or 0xFF (huge sizes), truncation, copies. */
    private static byte[] mutate(byte[] seed, Random rng) {
        byte[] b = seed.clone();
        int edits = 1 + rng.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = rng.nextInt(b.length);
            switch (rng.nextInt(5)) {
                case 0, 1 -> b[at] = (byte) rng.nextInt(256);
                case 2 -> Arrays.fill(b, at, Math.min(b.length, at + 1 + rng.nextInt(8)), rng.nextBoolean() ? 0 : (byte) 0xff);
                case 3 -> b = Arrays.copyOf(b, Math.max(1, at));
                default -> {
                    int from = rng.nextInt(b.length);
                    int n = Math.min(1 + rng.nextInt(16), Math.min(b.length - from, b.length - at));
                    System.arraycopy(b, from, b, at, n);
                }
            }
        }
        return b;
    }
}
