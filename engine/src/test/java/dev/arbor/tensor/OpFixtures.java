package dev.arbor.tensor;

import dev.arbor.io.Npy;
import dev.arbor.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch reference cases that {@code engine/src/test/python/make_op_fixtures.py} writes to
 * {@code fixtures/ops/}: an index of cases and one flat {@code .npy} buffer per NumPy dtype that
 * the cases' arrays live in, referenced as {@code dtype:offset:shape}.
 */
final class OpFixtures {
    private static final String DIR = "/fixtures/ops/";

    /** One case: its id ({@code group/op/tag}), inputs, arguments, and PyTorch's output or error. */
    record Case(String id, List<Object> inputs, Map<String, Object> args, Object out, String error,
                Map<String, Object> raw) {
        String group() {
            return id.split("/")[0];
        }

        String op() {
            return id.split("/")[1];
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private final Map<String, Object> index;
    private final Map<DType, Tensor> buffers = new EnumMap<>(DType.class);

    private OpFixtures(Map<String, Object> index) {
        this.index = index;
    }

    @SuppressWarnings("unchecked")
    static OpFixtures load() {
        try (InputStream in = OpFixtures.class.getResourceAsStream(DIR + "index.json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + "index.json: run "
                        + "engine/src/test/python/make_op_fixtures.py");
            }
            return new OpFixtures((Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of one group, in the generator's order. */
    @SuppressWarnings("unchecked")
    List<Case> cases(String group) {
        List<Case> out = new ArrayList<>();
        for (Object o : (List<Object>) index.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String id = (String) c.get("id");
            if (id.startsWith(group + "/")) {
                out.add(new Case(id, (List<Object>) c.get("in"), (Map<String, Object>) c.get("args"), c.get("out"),
                        (String) c.get("error"), c));
            }
        }
        return out;
    }

    /** A top-level list of the index, such as {@code promotion}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String key) {
        return (List<Map<String, Object>>) index.get(key);
    }

    /** The tensor an array reference names, in its real dtype (bfloat16 from its float32 copy). */
    Tensor tensor(String ref) {
        String[] parts = ref.split(":", -1);
        DType dtype = DType.parse(parts[0]);
        long offset = Long.parseLong(parts[1]);
        long[] shape = parts[2].isEmpty() ? new long[0]
                : java.util.Arrays.stream(parts[2].split("x")).mapToLong(Long::parseLong).toArray();
        Tensor buffer = buffer(dtype == DType.BFLOAT16 ? DType.FLOAT32 : dtype);
        long n = Shapes.numel(shape);
        return buffer.narrow(0, offset, n).clone().view(shape).to(dtype);
    }

    private synchronized Tensor buffer(DType dtype) {
        return buffers.computeIfAbsent(dtype, d -> {
            try (InputStream in = OpFixtures.class.getResourceAsStream(DIR + d.typeName() + ".npy")) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + DIR + d.typeName() + ".npy");
                }
                return Npy.read(in, d.typeName() + ".npy");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
