package dev.arbor.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files Arbor writes, read by h5py and listed by h5dump: same paths, types, shapes and values. */
class ArborFilesInOtherToolsTest {
    /** Prints the root attributes, then per dataset: path, NumPy dtype, shape, bytes in hex, key, dtype, index. */
    private static final String H5PY_DUMP = """
            import sys, h5py, numpy as np
            text = lambda v: v.decode() if isinstance(v, bytes) else str(v)
            with h5py.File(sys.argv[1], "r") as f:
                print("/", text(f.attrs["format"]), int(f.attrs["format_version"]), text(f.attrs["producer"]), sep="\\t")
                def visit(name, obj):
                    if isinstance(obj, h5py.Dataset):
                        a = np.asarray(obj[()])
                        print(name, a.dtype.str, ",".join(map(str, a.shape)), a.tobytes().hex(), text(obj.attrs["key"]),
                              text(obj.attrs["dtype"]), int(obj.attrs["index"]), sep="\\t")
                f.visititems(visit)
                print("direct", f["layer1/0/conv1/weight"][...].tobytes().hex(), sep="\\t")
            """;

    /** NumPy's name of what h5py reads each dtype as: bfloat16 as float32, bool as NumPy's bool. */
    private static final Map<DType, String> NUMPY = Map.ofEntries(
            Map.entry(DType.FLOAT32, "<f4"), Map.entry(DType.FLOAT64, "<f8"), Map.entry(DType.FLOAT16, "<f2"),
            Map.entry(DType.BFLOAT16, "<f4"), Map.entry(DType.INT8, "|i1"), Map.entry(DType.INT16, "<i2"),
            Map.entry(DType.INT32, "<i4"), Map.entry(DType.INT64, "<i8"), Map.entry(DType.UINT8, "|u1"),
            Map.entry(DType.UINT16, "<u2"), Map.entry(DType.UINT32, "<u4"), Map.entry(DType.UINT64, "<u8"),
            Map.entry(DType.BOOL, "|b1"));

    @TempDir
    static Path dir;
    private static SequencedMap<String, Tensor> stateDict;
    private static Map<String, String> paths;
    private static Path file;

    @BeforeAll
    static void write() throws IOException {
        Random rng = new Random(3);
        stateDict = new LinkedHashMap<>();
        paths = new HashMap<>();
        put("layer1.0.conv1.weight", "layer1/0/conv1/weight", TensorBytes.random(rng, DType.FLOAT32, 2, 3, 3, 3));
        put("a", "a/.tensor", Tensor.of(new double[] {1.5, -2}, 2));
        put("a.b", "a/b", Tensor.of(new long[] {7, -8}, 2));
        put("x..y", "x/%/y", Tensor.of(new int[] {1}, 1));
        put("scalar", "scalar", Tensor.scalar(2.5, DType.FLOAT64));
        put("empty", "empty", Tensor.zeros(DType.FLOAT32, 0, 4));
        for (DType t : DType.values()) {
            // bfloat16 from values, not bits: HDF5's conversion to float32 does not keep NaN payloads
            Tensor v = t == DType.BFLOAT16 ? Tensor.randn(new dev.arbor.tensor.Generator(5), 4, 3).to(t)
                    : TensorBytes.random(rng, t, 4, 3);
            put("t." + t.typeName(), "t/" + t.typeName(), v);
        }
        file = dir.resolve("arbor.h5");
        new Hdf5StateDictFormat().write(stateDict, file);
    }

    private static void put(String key, String path, Tensor t) {
        stateDict.put(key, t);
        paths.put(key, path);
    }

    /** The bytes h5py's array holds: bfloat16 widened to float32, exactly. */
    private static byte[] numpyBytes(Tensor t) {
        byte[] b = TensorBytes.of(t);
        if (t.dtype() != DType.BFLOAT16) {
            return b;
        }
        byte[] wide = new byte[b.length * 2];
        for (int i = 0; i < b.length / 2; i++) {
            wide[4 * i + 2] = b[2 * i];
            wide[4 * i + 3] = b[2 * i + 1];
        }
        return wide;
    }

    @Test
    void h5pyReadsEveryTensorAtItsPathWithItsAttributes() throws IOException {
        ExternalTools.assumeH5py();
        List<String> lines = ExternalTools.python(H5PY_DUMP, file.toString());
        String[] root = lines.getFirst().split("\t");
        assertEquals(Hdf5StateDictFormat.FORMAT_NAME, root[1]);
        assertEquals("1", root[2]);
        assertTrue(root[3].startsWith("arbor ") && !root[3].contains("${"), root[3]);

        Map<String, String[]> byPath = new HashMap<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            String[] f = line.split("\t", -1);
            byPath.put(f[0], f);
        }
        assertEquals(stateDict.size(), byPath.size(), "one dataset per key: " + byPath.keySet());
        int index = 0;
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            Tensor t = e.getValue();
            String[] f = byPath.get(paths.get(e.getKey()));
            assertTrue(f != null, "no dataset at " + paths.get(e.getKey()) + " among " + byPath.keySet());
            assertEquals(NUMPY.get(t.dtype()), f[1], e.getKey());
            assertEquals(String.join(",", Arrays.stream(t.shape()).mapToObj(Long::toString).toList()), f[2], e.getKey());
            assertArrayEquals(numpyBytes(t), HexFormat.of().parseHex(f[3]), e.getKey());
            assertEquals(e.getKey(), f[4]);
            assertEquals(t.dtype().typeName(), f[5]);
            assertEquals(Integer.toString(index++), f[6]);
        }
        assertEquals("direct\t" + HexFormat.of().formatHex(TensorBytes.of(stateDict.get("layer1.0.conv1.weight"))),
                lines.getLast());
    }

    @Test
    void h5dumpListsTheSameStructure() throws IOException {
        ExternalTools.assumeH5dump();
        Map<String, String[]> listed = datasets(ExternalTools.run("h5dump", "-H", file.toString()));
        assertEquals(stateDict.size(), listed.size(), listed.keySet().toString());
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            Tensor t = e.getValue();
            String[] typeAndSpace = listed.get("/" + paths.get(e.getKey()));
            assertTrue(typeAndSpace != null, "h5dump lists no " + paths.get(e.getKey()) + ": " + listed.keySet());
            assertTrue(typeAndSpace[0].matches(h5dumpType(t.dtype())), e.getKey() + ": " + typeAndSpace[0]);
            String dims = String.join(", ", Arrays.stream(t.shape()).mapToObj(Long::toString).toList());
            assertEquals(t.dim() == 0 ? "SCALAR" : "SIMPLE { ( " + dims + " ) / ( " + dims + " ) }", typeAndSpace[1],
                    e.getKey());
        }
    }

    @Test
    void h5dumpPrintsTheSameValues() throws IOException {
        ExternalTools.assumeH5dump();
        List<String> keys = List.of("layer1.0.conv1.weight", "a", "a.b", "t.int16", "t.bfloat16", "t.bool");
        List<String> command = new ArrayList<>(List.of("h5dump", "-A", "0", "-y", "-w", "0", "-m", "%.9g"));
        for (String key : keys) {
            command.addAll(List.of("-d", "/" + paths.get(key)));
        }
        command.add(file.toString());
        String out = ExternalTools.run(command.toArray(String[]::new));
        for (String key : keys) {
            String block = out.substring(out.indexOf("DATASET \"/" + paths.get(key) + "\""));
            String data = block.substring(block.indexOf("DATA {") + 6, block.indexOf('}', block.indexOf("DATA {")));
            List<String> printed = Arrays.stream(data.split(",")).map(String::strip).toList();
            Tensor t = stateDict.get(key);
            List<String> expected = switch (t.dtype()) {
                case BOOL -> Arrays.stream(t.toLongArray()).mapToObj(v -> v != 0 ? "TRUE" : "FALSE").toList();
                case INT16, INT64 -> Arrays.stream(t.toLongArray()).mapToObj(Long::toString).toList();
                default -> Arrays.stream(t.toDoubleArray()).mapToObj(v -> String.format("%.9g", v)).toList();
            };
            assertEquals(expected.size(), printed.size(), key);
            for (int i = 0; i < expected.size(); i++) {
                if (t.dtype().isFloatingPoint()) {
                    assertEquals(Double.parseDouble(expected.get(i)), h5dumpNumber(printed.get(i)), key + "[" + i + "]");
                } else {
                    assertEquals(expected.get(i), printed.get(i), key + "[" + i + "]");
                }
            }
        }
    }

    /** A number as h5dump prints it (C's printf: {@code -nan}, {@code inf}). */
    private static double h5dumpNumber(String s) {
        return Double.parseDouble(s.replace("nan", "NaN").replace("inf", "Infinity"));
    }

    /** h5dump's DATATYPE text for each dtype; HDF5 before 1.14.4 has no name for 16-bit floats. */
    private static String h5dumpType(DType t) {
        return switch (t) {
            case FLOAT32 -> "H5T_IEEE_F32LE";
            case FLOAT64 -> "H5T_IEEE_F64LE";
            case FLOAT16 -> "H5T_IEEE_F16LE|16-bit little-endian floating-point 16-bit precision";
            case BFLOAT16 -> "H5T_BFLOAT16LE|16-bit little-endian floating-point 16-bit precision";
            case BOOL -> "H5T_ENUM \\{";
            default -> "H5T_STD_" + (t.isUnsigned() ? "U" : "I") + t.byteSize() * 8 + "LE";
        };
    }

    private static final Pattern OPEN = Pattern.compile("^\\s*(GROUP|DATASET|ATTRIBUTE) \"(.*)\" \\{$");
    private static final Pattern FIELD = Pattern.compile("^\\s*(DATATYPE|DATASPACE)\\s+(.*)$");

    /** h5dump -H output: each dataset's full path with its DATATYPE and DATASPACE text. */
    private static Map<String, String[]> datasets(String listing) {
        Map<String, String[]> out = new LinkedHashMap<>();
        Deque<String> names = new ArrayDeque<>(); // open blocks, innermost first; "" for unnamed ones
        Deque<String> kinds = new ArrayDeque<>();
        for (String line : listing.lines().toList()) {
            Matcher open = OPEN.matcher(line);
            Matcher field = FIELD.matcher(line);
            if (open.matches()) {
                kinds.push(open.group(1));
                names.push(open.group(2));
                if (open.group(1).equals("DATASET")) {
                    out.put(path(names), new String[2]);
                }
            } else if (field.matches() && "DATASET".equals(kinds.peek())) {
                out.get(path(names))[field.group(1).equals("DATATYPE") ? 0 : 1] = field.group(2).strip();
                if (line.strip().endsWith("{")) { // a type with members: H5T_ENUM { ... }
                    kinds.push("");
                    names.push("");
                }
            } else if (line.strip().endsWith("{")) {
                kinds.push("");
                names.push("");
            } else if (line.strip().equals("}") && !kinds.isEmpty()) {
                kinds.pop();
                names.pop();
            }
        }
        return out;
    }

    private static String path(Deque<String> names) {
        List<String> outerFirst = names.reversed().stream().filter(n -> !n.isEmpty()).toList();
        // the root group is GROUP "/"
        return String.join("/", outerFirst).replaceFirst("^/+", "/");
    }
}
