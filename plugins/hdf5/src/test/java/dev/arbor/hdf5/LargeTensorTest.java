package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tensor past 2 GB, the limit of jhdf's own datasets and of one ByteBuffer: written as one
 * dataset, read back, and read by h5py. Needs about 5 GB of memory and disk, so it runs only with
 * {@code -Darbor.hdf5.large=true}.
 */
@EnabledIfSystemProperty(named = "arbor.hdf5.large", matches = "true")
class LargeTensorTest {
    private static final long N = (1L << 31) + 4099; // int8 elements: past 2 GB, not a multiple of the I/O slices

    @TempDir
    Path dir;

    @Test
    void overTwoGigabytesInOneDataset() throws IOException {
        Tensor big = Tensor.zeros(DType.INT8, N);
        MemorySegment m = ((CpuStorage) big.storage()).segment();
        for (long i = 0; i < N; i += 4096) { // a pattern that shifts with the position
            m.set(ValueLayout.JAVA_BYTE, i, (byte) (i >>> 12));
        }
        m.set(ValueLayout.JAVA_BYTE, N - 1, (byte) 77);
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("small", Tensor.of(new float[] {1, 2}, 2));
        sd.put("big.weight", big);
        sd.put("after", Tensor.of(new float[] {3}, 1));
        Path p = dir.resolve("big.h5");
        new Hdf5StateDictFormat().write(sd, p);

        SequencedMap<String, Tensor> back = new Hdf5StateDictFormat().read(p);
        assertEquals(List.of("small", "big.weight", "after"), List.copyOf(back.keySet()));
        MemorySegment r = ((CpuStorage) back.get("big.weight").storage()).segment();
        assertEquals(-1L, m.asSlice(0, N).mismatch(r.asSlice(0, N)), "first differing byte");
        assertArrayEquals(new float[] {3}, back.get("after").toFloatArray());

        ExternalTools.assumeH5py();
        List<String> lines = ExternalTools.python("""
                import sys, h5py
                with h5py.File(sys.argv[1], "r") as f:
                    d = f["big/weight"]
                    print(d.shape[0], d[-1], d[4096 * 1000], f["after"][0])
                """, p.toString());
        assertEquals(N + " 77 " + (byte) ((4096L * 1000) >>> 12) + " 3.0", lines.getFirst());
    }
}
