package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The fixtures that src/test/python/make_fixtures.py wrote with PyTorch, and what torch said about
 * them (expected.json): every tensor's dtype, shape, strides, storage offset and bytes, and which
 * tensors share a storage.
 */
final class Fixtures {
    private static Map<String, Object> expected;

    private Fixtures() {}

    /** The fixture file {@code name}. */
    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " is missing; run src/test/python/make_fixtures.py", e);
        }
    }

    /** The bytes of fixture {@code name}. */
    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What expected.json says about fixture {@code name}. */
    @SuppressWarnings("unchecked")
    static synchronized Map<String, Object> expected(String name) {
        if (expected == null) {
            try (JsonParser p = new JsonFactory().createParser(path("expected.json").toFile())) {
                p.nextToken();
                expected = (Map<String, Object>) json(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (Map<String, Object>) expected.get(name);
    }

    private static Object json(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, json(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(json(p));
                }
                return l;
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    /** Tensors of a nested checkpoint by dotted path (map keys, list indices), as the generator names them. */
    static SequencedMap<String, Tensor> flatten(Object root) {
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        flatten(root, "", out);
        return out;
    }

    private static void flatten(Object o, String prefix, SequencedMap<String, Tensor> out) {
        if (o instanceof Tensor t) {
            out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), t);
        } else if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(v, prefix + k + ".", out));
        } else if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(list.get(i), prefix + i + ".", out);
            }
        }
    }

    /** The bytes of a tensor's values in row-major order, as hex. */
    static String hex(Tensor t) {
        try {
            return HexFormat.of().formatHex(TensorBytes.of(t).toArray(ValueLayout.JAVA_BYTE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks {@code tensors} against what torch said about fixture {@code name}: the same keys in the
     * same order, dtypes, shapes, bit-exact values, and, with {@code layout}, the strides, offsets and
     * storage sharing too.
     */
    @SuppressWarnings("unchecked")
    static void assertMatches(String name, Map<String, Tensor> tensors, boolean layout) {
        Map<String, Object> fixture = expected(name);
        Map<String, Object> want = (Map<String, Object>) fixture.get("tensors");
        assertEquals(List.copyOf(want.keySet()), List.copyOf(tensors.keySet()), name + ": keys");
        want.forEach((key, value) -> {
            Map<String, Object> w = (Map<String, Object>) value;
            Tensor t = tensors.get(key);
            String what = name + " " + key;
            assertEquals(w.get("dtype"), t.dtype().typeName(), what + ": dtype");
            assertEquals(w.get("shape"), longs(t.shape()), what + ": shape");
            assertEquals(w.get("hex"), hex(t), what + ": values");
            if (layout) {
                assertEquals(w.get("stride"), longs(t.strides()), what + ": strides");
                assertEquals(w.get("offset"), t.offset(), what + ": storage offset");
                assertEquals(w.get("requires_grad"), t.requiresGrad(), what + ": requires_grad");
            }
        });
        if (layout) {
            for (Object group : (List<Object>) fixture.get("shared")) {
                List<String> keys = (List<String>) group;
                for (String k : keys) {
                    assertSame(tensors.get(keys.getFirst()).storage(), tensors.get(k).storage(),
                            name + ": " + k + " shares a storage with " + keys.getFirst());
                }
            }
            long distinct = tensors.values().stream().map(Tensor::storage).distinct().count();
            long groups = ((List<Object>) fixture.get("shared")).size();
            long sharing = ((List<Object>) fixture.get("shared")).stream().mapToLong(g -> ((List<?>) g).size()).sum();
            assertTrue(distinct == tensors.size() - sharing + groups, name + ": only the shared tensors share storages");
        }
    }

    private static List<Long> longs(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    /** The archive repacked with every entry deflated, as a zip tool might leave it. */
    static byte[] deflated(Path archive) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(archive.toFile()); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(in.getInputStream(e).readAllBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * Writes the zip checkpoint {@code archive} to {@code out} again with {@code change} applied to each
     * entry's bytes (by name; null drops the entry) and {@code extra} entries added, so a test can damage
     * a part that the CRC would otherwise guard.
     */
    static void rezip(Path archive, Path out, BiFunction<String, byte[], byte[]> change,
            Map<String, byte[]> extra) throws IOException {
        ZipIndex index = ZipIndex.read(MappedFile.map(archive), archive.toString());
        try (FileChannel channel = FileChannel.open(out,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ZipWriter writer = new ZipWriter(channel);
            for (ZipIndex.Entry e : index.entries().values()) {
                byte[] bytes = change.apply(e.name(), index.bytes(e, true).toArray(ValueLayout.JAVA_BYTE));
                if (bytes != null) {
                    writer.add(e.name(), MemorySegment.ofArray(bytes));
                }
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                writer.add(e.getKey(), MemorySegment.ofArray(e.getValue()));
            }
            writer.finish();
        }
    }
}
