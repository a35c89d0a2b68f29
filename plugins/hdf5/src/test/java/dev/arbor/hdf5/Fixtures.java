package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The files {@code src/test/python/make_fixtures.py} wrote with h5py, and their manifests: per
 * tensor a line "key TAB dtype TAB shape TAB little-endian bytes in hex", in reading order.
 */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) {
        URL url = Fixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture " + name + "; run src/test/python/make_fixtures.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that {@code actual} holds exactly the manifest's tensors, in its order, bit for bit. */
    static void assertMatchesManifest(String manifest, Map<String, Tensor> actual) throws IOException {
        List<String> lines = Files.readAllLines(path(manifest));
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            keys.add(f[0]);
            Tensor t = actual.get(f[0]);
            if (t == null) {
                continue; // reported below with the whole key list
            }
            assertEquals(f[1], t.dtype().typeName(), f[0]);
            long[] shape = f[2].isEmpty() ? new long[0] : Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            assertArrayEquals(shape, t.shape(), f[0]);
            assertArrayEquals(HexFormat.of().parseHex(f[3]), TensorBytes.of(t), f[0]);
        }
        assertEquals(keys, List.copyOf(actual.keySet()), "keys in order");
    }
}
