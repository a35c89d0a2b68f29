package dev.arbor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsInOrder() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("weight", Tensor.arange(6).view(2, 3).to(DType.FLOAT32));
        arrays.put("mask", Tensor.of(new boolean[] {true, false}));
        arrays.put("scalar", Tensor.scalar(3, DType.INT16));
        Path p = dir.resolve("a.npz");
        Npz.write(arrays, p);
        var back = Npz.read(p);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String k : arrays.keySet()) {
            assertEquals(arrays.get(k).dtype(), back.get(k).dtype());
            assertArrayEquals(arrays.get(k).shape(), back.get(k).shape());
            assertArrayEquals(arrays.get(k).toDoubleArray(), back.get(k).toDoubleArray());
        }
    }

    @Test
    void rejectsNonArchives() throws IOException {
        Path p = Files.writeString(dir.resolve("x.npz"), "hello");
        IOException e = assertThrows(IOException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().contains("x.npz"), e.getMessage());
    }

    @Test
    void interoperatesWithNumpy() throws Exception {
        PythonNumpy.assumeAvailable();
        Npz.write(Map.of("x", Tensor.of(new double[] {1.5, -2})), dir.resolve("arbor.npz"));
        String out = PythonNumpy.run("""
                import sys, numpy as np
                d = sys.argv[1]
                np.savez(d + '/plain.npz', a=np.arange(6, dtype='>i4').reshape(2, 3), b=np.array(True))
                np.savez_compressed(d + '/zipped.npz', a=np.arange(6, dtype='>i4').reshape(2, 3), b=np.array(True))
                z = np.load(d + '/arbor.npz')
                print(list(z.keys()), z['x'].dtype, z['x'].tolist())
                """, dir);
        assertEquals("['x'] float64 [1.5, -2.0]", out.strip());
        for (String name : List.of("plain.npz", "zipped.npz")) {
            var m = Npz.read(dir.resolve(name));
            assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
            assertEquals(DType.INT32, m.get("a").dtype());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, m.get("a").toLongArray());
            assertEquals(0, m.get("b").dim());
            assertEquals(1, m.get("b").itemLong());
        }
    }
}
