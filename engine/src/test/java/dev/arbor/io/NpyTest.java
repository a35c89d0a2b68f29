package dev.arbor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    /** Every dtype NumPy has. */
    private static final EnumSet<DType> NUMPY_TYPES = EnumSet.complementOf(EnumSet.of(DType.BFLOAT16));

    @TempDir
    Path dir;

    /**
     * The values both this test and the Python side compute for element {@code i}: small integers
     * (exact in every type), wrapped to the type's width as NumPy's {@code astype} wraps them.
     */
    private static long pattern(long i) {
        return i * 37 - 50;
    }

    private static Tensor patternTensor(DType dtype, long... shape) {
        long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        long[] v = new long[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = dtype == DType.BOOL ? (i % 3 == 0 ? 1 : 0) : dtype.isUnsigned() ? i * 37 : pattern(i);
        }
        return Tensor.of(v).reshape(shape).to(dtype);
    }

    private static void assertSameTensor(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.to(DType.FLOAT64).toDoubleArray(), actual.to(DType.FLOAT64).toDoubleArray());
        assertArrayEquals(expected.to(DType.INT64).toLongArray(), actual.to(DType.INT64).toLongArray());
    }

    @Test
    void roundTripsEveryDtypeAndShape() throws IOException {
        List<long[]> shapes = List.of(new long[0], new long[] {0}, new long[] {0, 3}, new long[] {5},
                new long[] {2, 3, 4}, new long[] {1, 1, 7});
        for (DType dtype : NUMPY_TYPES) {
            for (long[] shape : shapes) {
                Tensor t = patternTensor(dtype, shape);
                Path p = dir.resolve(dtype + "-" + shape.length + ".npy");
                Npy.write(t, p);
                Tensor back = Npy.read(p);
                assertSameTensor(t, back);
                assertEquals(0, Npy.readHeader(p).dataOffset() % 64, "data aligned to 64 bytes");
            }
        }
    }

    @Test
    void roundTripsExtremeValuesBitExactly() throws IOException {
        Tensor f = Tensor.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE, 1e308});
        Tensor u = Tensor.of(new long[] {-1, Long.MIN_VALUE, 0}).to(DType.UINT64);
        for (Tensor t : List.of(f, f.to(DType.FLOAT32), f.to(DType.FLOAT16), u)) {
            Path p = dir.resolve("x.npy");
            Npy.write(t, p);
            Tensor back = Npy.read(p);
            assertEquals(t.dtype(), back.dtype());
            assertArrayEquals(rawBytes(t), rawBytes(back));
        }
    }

    private static byte[] rawBytes(Tensor t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Npy.write(t, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOfRange(all, all.length - (int) (t.numel() * t.dtype().byteSize()), all.length);
    }

    @Test
    void writesNonContiguousViewsInLogicalOrder() throws IOException {
        Tensor t = Tensor.arange(24).view(2, 3, 4).permute(2, 0, 1).slice(0, 1, 4, 2);
        Path p = dir.resolve("view.npy");
        Npy.write(t, p);
        assertSameTensor(t.contiguous(), Npy.read(p));
    }

    @Test
    void mapsAlignedLittleEndianCOrderFilesWithoutCopy() throws IOException {
        Path p = dir.resolve("mapped.npy");
        Npy.write(patternTensor(DType.FLOAT32, 4, 4), p);
        Tensor t = Npy.read(p);
        assertTrue(((CpuStorage) t.storage()).segment().isMapped(), "the file is mapped");
        // a private mapping: changing the tensor leaves the file alone
        t.fill_(7);
        assertSameTensor(patternTensor(DType.FLOAT32, 4, 4), Npy.read(p));
    }

    @Test
    void readsBigEndianAndFortranOrderByConverting() throws IOException {
        Tensor expected = patternTensor(DType.INT32, 2, 3);
        long[] v = expected.toLongArray();
        // column-major, big-endian int32
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 2; i++) {
                data.putInt((int) v[i * 3 + j]);
            }
        }
        Path p = writeRaw("f.npy", 1, "{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }", data.array());
        Tensor t = Npy.read(p);
        assertSameTensor(expected, t);
        assertTrue(t.isContiguous());
        assertFalse(((CpuStorage) t.storage()).segment().isMapped());
        assertEquals(ByteOrder.BIG_ENDIAN, Npy.readHeader(p).byteOrder());
    }

    @Test
    void readsVersions2And3() throws IOException {
        byte[] data = {1, 0, 2, 0};
        for (int version : new int[] {2, 3}) {
            Path p = writeRaw("v" + version + ".npy", version, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", data);
            assertEquals(version, Npy.readHeader(p).version());
            assertArrayEquals(new long[] {1, 2}, Npy.read(p).toLongArray());
        }
    }

    @Test
    void normalisesBoolBytes() throws IOException {
        Path p = writeRaw("b.npy", 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] {0, 5, 1});
        Tensor t = Npy.read(p);
        assertArrayEquals(new long[] {0, 1, 1}, t.to(DType.INT64).toLongArray());
        assertArrayEquals(new long[] {0, 1, 1}, t.to(DType.UINT8).toLongArray());
    }

    @Test
    void refusesBfloat16WithAClearMessage() {
        Tensor t = Tensor.ones(DType.BFLOAT16, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.write(t, dir.resolve("bf.npy")));
        assertTrue(e.getMessage().contains("bfloat16") && e.getMessage().contains("FLOAT32"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bf.npy")));
    }

    @Test
    void rejectsBadFilesWithClearMessages() throws IOException {
        assertBad(Files.write(dir.resolve("magic.npy"), "not numpy at all".getBytes(StandardCharsets.US_ASCII)),
                "bad magic");
        assertBad(Files.write(dir.resolve("short.npy"), new byte[] {(byte) 0x93, 'N', 'U'}), "truncated");
        Path full = dir.resolve("full.npy");
        Npy.write(patternTensor(DType.FLOAT64, 10), full);
        byte[] bytes = Files.readAllBytes(full);
        assertBad(Files.write(dir.resolve("cut.npy"), Arrays.copyOf(bytes, bytes.length - 8)), "truncated");
        assertBad(Files.write(dir.resolve("cuthead.npy"), Arrays.copyOf(bytes, 30)), "truncated");
        assertBad(writeRaw("obj.npy", 1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "object arrays");
        assertBad(writeRaw("cplx.npy", 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "complex");
        assertBad(writeRaw("str.npy", 1, "{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", new byte[12]),
                "strings");
        assertBad(writeRaw("rec.npy", 1, "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[8]), "structured");
        assertBad(writeRaw("big.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }",
                new byte[8]), "overflows");
        assertBad(writeRaw("huge.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }",
                new byte[8]), "truncated");
        assertBad(writeRaw("dim.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
                new byte[8]), "too large");
        assertBad(writeRaw("syntax.npy", 1, "{'descr': '<f8', 'fortran_order': Fals, 'shape': (1,), }", new byte[8]),
                "malformed");
        assertBad(writeRaw("keys.npy", 1, "{'descr': '<f8', 'shape': (1,), }", new byte[8]), "keys");
        byte[] v9 = Files.readAllBytes(full);
        v9[6] = 9;
        assertBad(Files.write(dir.resolve("v9.npy"), v9), "version 9.0");
        ByteBuffer hugeHeader = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        hugeHeader.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(Integer.MAX_VALUE);
        assertBad(Files.write(dir.resolve("hdr.npy"), hugeHeader.array()), "larger than");
    }

    private static void assertBad(Path p, String messagePart) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains(messagePart), () -> "expected '" + messagePart + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(p.getFileName().toString()), "names the file");
    }

    /** A .npy file with this header dictionary (padded as NumPy pads it) and these data bytes. */
    private Path writeRaw(String name, int version, String dict, byte[] data) throws IOException {
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String text = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer b = ByteBuffer.allocate(padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) text.length());
        } else {
            b.putInt(text.length());
        }
        b.put(text.getBytes(StandardCharsets.UTF_8)).put(data);
        return Files.write(dir.resolve(name), b.array());
    }

    // ---------------------------------------------------------------- against NumPy itself

    /**
     * Arbor writes the pattern in every type and NumPy checks what it reads; NumPy writes it in every
     * type, byte order, memory order and format version, and Arbor reads each file.
     */
    @Test
    void interoperatesWithNumpy() throws Exception {
        PythonNumpy.assumeAvailable();
        for (DType dtype : NUMPY_TYPES) {
            Npy.write(patternTensor(dtype, 2, 3, 4), dir.resolve("arbor_" + Npy.descrOf(dtype).substring(1) + ".npy"));
            Npy.write(patternTensor(dtype), dir.resolve("arbor0d_" + Npy.descrOf(dtype).substring(1) + ".npy"));
        }
        String script = """
                import glob, os, sys, numpy as np
                from numpy.lib import format as fmt
                d = sys.argv[1]
                def pattern(dt, n):
                    i = np.arange(n, dtype=np.int64)
                    if dt == np.bool_: return i % 3 == 0
                    if np.dtype(dt).kind == 'u': return (i * 37).astype(dt)
                    return (i * 37 - 50).astype(dt)
                types = ['f2','f4','f8','i1','i2','i4','i8','u1','u2','u4','u8','b1']
                for t in types:
                    for order in ['<', '>']:
                        dt = np.dtype(order + t) if t not in ('i1','u1','b1') else np.dtype(t)
                        for shape in [(), (0,), (2, 0), (5,), (2, 3, 4)]:
                            n = int(np.prod(shape))
                            a = pattern(dt.newbyteorder('=') if dt.byteorder != '|' else dt, n).astype(dt).reshape(shape)
                            for mem in ['C', 'F']:
                                for ver in [(1, 0), (2, 0), (3, 0)] if shape == (2, 3, 4) else [(1, 0)]:
                                    name = '%s/np_%s%s_%s_%s_v%d.npy' % (d, 'be' if order == '>' else 'le', t,
                                        'x'.join(map(str, shape)) or 'scalar', mem, ver[0])
                                    with open(name, 'wb') as f:
                                        fmt.write_array(f, np.asarray(a, order=mem), version=ver)
                n = 0
                for name in sorted(glob.glob(d + '/arbor*.npy')):
                    t = os.path.basename(name).split('_')[1][:-4]
                    a = np.load(name)
                    i = np.arange(a.size, dtype=np.int64)
                    want = (i % 3 == 0) if t == 'b1' else (i * 37).astype(t) if t[0] == 'u' else (i * 37 - 50).astype(t)
                    want = want.reshape((2, 3, 4) if '0d' not in name else ())
                    assert a.dtype == np.dtype(t), (name, a.dtype)
                    assert a.shape == want.shape, (name, a.shape)
                    assert np.array_equal(a, want), (name, a, want)
                    n += 1
                print('checked', n)
                """;
        String out = PythonNumpy.run(script, dir);
        assertTrue(out.contains("checked " + 2 * NUMPY_TYPES.size()), out);
        int checked = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("np_")).sorted().toList()) {
                String[] parts = p.getFileName().toString().split("_");
                DType dtype = Npy.dtypeOf(parts[1].substring(2));
                long[] shape = parts[2].equals("scalar") ? new long[0]
                        : Arrays.stream(parts[2].split("x")).mapToLong(Long::parseLong).toArray();
                Tensor t = Npy.read(p);
                assertSameTensor(patternTensor(dtype, shape), t);
                checked++;
            }
        }
        assertEquals(12 * 2 * (4 * 2 + 2 * 3), checked);
    }
}
