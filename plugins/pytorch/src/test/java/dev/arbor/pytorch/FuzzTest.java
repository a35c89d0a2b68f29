package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assertions.fail;

import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated valid files (byte flips, boundary values, truncation, cut and repeated ranges) fed to every
 * reader: each must load or fail with an {@link IOException}, never another exception, an error or a
 * hang, and every tensor it gives must be readable in full. Seeded, so a failure repeats; the normal
 * run is short; {@code -Darbor.fuzz.iterations=N} (per file) and {@code -Darbor.fuzz.seed=S} run
 * longer or other mutants.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("arbor.fuzz.seed", 20240611L);
    private static final int ITERATIONS = Integer.getInteger("arbor.fuzz.iterations", 20);
    private static final List<String> INPUTS = List.of("model_zip.pt", "checkpoint_zip_p4.pt", "model_legacy.pt",
            "checkpoint_legacy.pt", "views_legacy.pt", "reference.safetensors", "plain_p0.pkl", "plain_p2.pkl",
            "plain_p4.pkl");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void mutatedFilesLoadOrFailWithAnIOException() throws IOException {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        int n = 0;
        for (String input : INPUTS) {
            byte[] original = Fixtures.bytes(input);
            fuzz(input, original, random, outcomes, n);
            n += ITERATIONS;
        }
        fuzz("model_zip.pt (deflated)", Fixtures.deflated(Fixtures.path("model_zip.pt")), random, outcomes, n);
        n += ITERATIONS;
        // The CRC-32 guards a zip checkpoint's pickle: mutate the pickle itself and zip it again to reach the
        // unpickler and the storage lookups behind the checksum.
        for (String input : List.of("checkpoint_zip.pt", "views_zip.pt")) {
            byte[] pickle = entry(input, "/data.pkl");
            for (int i = 0; i < ITERATIONS; i++, n++) {
                byte[] mutant = mutate(pickle, random);
                Path rezipped = dir.resolve("rezipped.pt");
                Fixtures.rezip(Fixtures.path(input), rezipped, (name, bytes) -> name.endsWith("/data.pkl") ? mutant : bytes,
                        Map.of());
                check(input + " (data.pkl)", Files.readAllBytes(rezipped), outcomes, n);
            }
        }
        System.out.println("fuzz: " + n + " mutants, seed " + SEED + ": " + outcomes);
    }

    private void fuzz(String input, byte[] original, Random random, Map<String, Integer> outcomes, int first)
            throws IOException {
        for (int i = 0; i < ITERATIONS; i++) {
            check(input, mutate(original, random), outcomes, first + i);
        }
    }

    /** Reads one mutant; on anything but success or an IOException, keeps it in the temporary folder and fails. */
    private void check(String input, byte[] mutant, Map<String, Integer> outcomes, int number) throws IOException {
        Path file = dir.resolve("mutant" + number + extension(input));
        Files.write(file, mutant);
        try {
            touch(read(input, file));
            outcomes.merge("loaded", 1, Integer::sum);
        } catch (IOException e) {
            outcomes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        } catch (Throwable t) {
            Path kept = Path.of(System.getProperty("java.io.tmpdir"), "arbor-fuzz-" + SEED + "-" + number
                    + extension(input));
            Files.write(kept, mutant);
            fail("mutant " + number + " of " + input + " (kept as " + kept + ") threw " + t, t);
        }
        Files.delete(file);
    }

    private static byte[] entry(String archive, String suffix) throws IOException {
        ZipIndex index = ZipIndex.read(MappedFile.map(Fixtures.path(archive)), archive);
        for (ZipIndex.Entry e : index.entries().values()) {
            if (e.name().endsWith(suffix)) {
                return index.bytes(e, true).toArray(ValueLayout.JAVA_BYTE);
            }
        }
        throw new IllegalStateException(archive + " has no " + suffix);
    }

    private static Object read(String input, Path file) throws IOException {
        if (extension(input).equals(".safetensors")) {
            return Safetensors.read(file).tensors();
        }
        if (extension(input).equals(".pkl")) {
            return Unpickler.loadPlain(MemorySegment.ofArray(Files.readAllBytes(file)), 0, file.toString());
        }
        return TorchCheckpoint.load(file);
    }

    private static String extension(String input) {
        String file = input.replaceAll(" \\(.*\\)$", "");
        return file.substring(file.lastIndexOf('.'));
    }

    /** Reads every tensor's every byte, so a view outside its storage would show. */
    private static void touch(Object loaded) {
        for (Tensor t : Fixtures.flatten(loaded).values()) {
            Fixtures.hex(t);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    for (int k = 0; k < 1 + random.nextInt(8); k++) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> b[at] = (byte) new int[] {0, 1, 0x7f, 0x80, 0xff, '(', '.', 'q'}[random.nextInt(8)];
                case 2 -> {
                    long value = new long[] {0, -1, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE,
                        1L << 40}[random.nextInt(7)];
                    for (int k = 0; k < 8 && at + k < b.length; k++) {
                        b[at + k] = (byte) (value >>> (8 * k));
                    }
                }
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    int length = Math.min(b.length - at, 1 + random.nextInt(32));
                    byte[] cut = new byte[b.length - length];
                    System.arraycopy(b, 0, cut, 0, at);
                    System.arraycopy(b, at + length, cut, at, b.length - at - length);
                    b = cut;
                }
                default -> {
                    int length = Math.min(b.length - at, 1 + random.nextInt(32));
                    byte[] grown = new byte[b.length + length];
                    System.arraycopy(b, 0, grown, 0, at + length);
                    System.arraycopy(b, at, grown, at + length, b.length - at);
                    b = grown;
                }
            }
        }
        return b;
    }
}
