package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Damaged and unsupported files give an IOException that names the file, the HDF5 path and the problem. */
class Hdf5BadInputTest {
    private final Hdf5StateDictFormat format = new Hdf5StateDictFormat();

    @TempDir
    Path dir;

    private IOException failsToRead(Path p, Hdf5Layout layout, String... expectedParts) {
        IOException e = assertThrows(IOException.class, () -> format.read(p, layout));
        String m = e.getMessage();
        assertTrue(m.startsWith(p.toString()), "names the file: " + m);
        for (String part : expectedParts) {
            assertTrue(m.contains(part), "'" + part + "' in: " + m);
        }
        return e;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad_compound.h5         | /weights/record  | unsupported HDF5 datatype: compound",
        "bad_string.h5           | /weights/name    | unsupported HDF5 datatype: fixed-length string",
        "bad_vlen.h5             | /weights/ragged  | unsupported HDF5 datatype: variable-length",
        "bad_null_dataspace.h5   | /weights/nothing | empty dataspace (h5py.Empty)",
        "bad_huge_chunked.h5     | /weights/huge    | chunked data of 4294967296 bytes is more than a",
        "bad_huge_unwritten.h5   | /weights/huge    | never-written data of 8589934592 bytes is more than a",
        "bad_lz4_filter.h5       | /weights/lz4     | compressed with filter lz4 (id 32004), which Arbor does not read",
        "bad_lzf_size.h5         | /weights/lzf     | LZF filter parameters [4, 261, 2147483647] do not match chunks of 64",
        "bad_data_past_end.h5    | /weights/w       | reach past the end of the file",
        "bad_future_version.h5   | /                | format version 9 of Arbor's HDF5 layout is not one this reader knows (1 to 1); written by arbor 9.0",
        "bad_keras_layer_is_dataset.h5 | /dense     | a dataset where the group of layer 'dense' should be",
        "bad_keras_weight_is_group.h5  | /dense/dense/kernel:0 | a group where weight 'dense/kernel:0' of layer 'dense' should be a dataset",
    })
    void filesThatHoldNoStateDict(String fixture, String path, String problem) {
        failsToRead(Fixtures.path(fixture), Hdf5Layout.AUTO, fixture, ": " + path + ": ", problem);
    }

    @Test
    void notHdf5() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.h5"), "these are not weights\n".repeat(40));
        failsToRead(text, Hdf5Layout.AUTO, "not a readable HDF5 file");
        Path empty = Files.write(dir.resolve("empty.h5"), new byte[0]);
        failsToRead(empty, Hdf5Layout.AUTO, "not a readable HDF5 file");
        assertThrows(IOException.class, () -> format.read(dir.resolve("missing.h5")));
    }

    @Test
    void wrongMagicInAnOtherwiseValidFile() throws IOException {
        Path p = written();
        byte[] b = Files.readAllBytes(p);
        b[1] = 'X'; // \x89HDF becomes \x89XDF
        Files.write(p, b);
        failsToRead(p, Hdf5Layout.AUTO, "not a readable HDF5 file");
    }

    @Test
    void truncatedAnywhere() throws IOException {
        Path whole = written();
        byte[] b = Files.readAllBytes(whole);
        for (int length : new int[] {4, 8, 40, 100, 300, b.length / 2, b.length - 200, b.length - 1}) {
            Path cut = Files.write(dir.resolve("cut" + length + ".h5"), Arrays.copyOf(b, length));
            failsToRead(cut, Hdf5Layout.AUTO);
        }
        failsToRead(Files.write(dir.resolve("cut.h5"), Arrays.copyOf(b, b.length - 1)), Hdf5Layout.AUTO, "truncated");
    }

    private Path written() throws IOException {
        SequencedMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("layer.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        sd.put("layer.bias", Tensor.of(new float[] {7, 8}, 2));
        Path p = dir.resolve("ok.h5");
        format.write(sd, p);
        assertArrayEquals(new float[] {7, 8}, format.read(p).get("layer.bias").toFloatArray());
        return p;
    }
}
