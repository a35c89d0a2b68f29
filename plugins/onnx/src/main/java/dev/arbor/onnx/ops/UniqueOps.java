package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.axis;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unique (opset 11): the distinct elements (or slices along {@code axis}) of a tensor, sorted ascending
 * (lexicographically for slices) or in order of first occurrence, with the first-occurrence indices, the
 * inverse indices and the counts. Values are compared exactly, as longs for integer tensors so int64 keeps
 * full precision, with -0.0 equal to 0.0 as NumPy compares them.
 */
final class UniqueOps {
    private UniqueOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("Unique", 11, UniqueOps::unique);
    }

    /** One slice's values, comparable element by element. */
    private record Key(double[] floats, long[] ints) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && compare(this, k) == 0;
        }

        @Override
        public int hashCode() {
            if (ints != null) {
                return Arrays.hashCode(ints);
            }
            int h = 1;
            for (double v : floats) {
                h = 31 * h + Double.hashCode(v == 0 ? 0.0 : v);
            }
            return h;
        }
    }

    private static int compare(Key a, Key b) {
        if (a.ints() != null) {
            return Arrays.compare(a.ints(), b.ints());
        }
        for (int i = 0; i < a.floats().length; i++) {
            double x = a.floats()[i];
            double y = b.floats()[i];
            int c = x < y ? -1 : x > y ? 1 : x == y ? 0 : Double.compare(x, y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<Object> unique(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        boolean sorted = ctx.attributes().getInt("sorted", 1) != 0;
        Tensor source;
        int ax;
        if (ctx.attributes().has("axis")) {
            ax = axis(ctx, ctx.attributes().getInt("axis", 0), x.dim());
            source = x;
        } else {
            ax = 0;
            source = x.reshape(-1);
        }
        // slices along the axis as rows
        Tensor rows = source.movedim(ax, 0).reshape(source.size(ax), -1);
        int n = (int) rows.size(0);
        int width = (int) rows.size(1);
        boolean integral = !x.dtype().isFloatingPoint();
        long[] ints = integral ? rows.to(DType.INT64).toLongArray() : null;
        double[] floats = integral ? null : rows.toDoubleArray();
        Map<Key, List<Integer>> groups = new LinkedHashMap<>();
        Key[] keys = new Key[n];
        for (int i = 0; i < n; i++) {
            keys[i] = integral ? new Key(null, Arrays.copyOfRange(ints, i * width, (i + 1) * width))
                    : new Key(Arrays.copyOfRange(floats, i * width, (i + 1) * width), null);
            groups.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(i);
        }
        List<Key> order = new ArrayList<>(groups.keySet());
        if (sorted) {
            order.sort(UniqueOps::compare);
        }
        Map<Key, Integer> position = new HashMap<>();
        long[] first = new long[order.size()];
        long[] counts = new long[order.size()];
        for (int u = 0; u < order.size(); u++) {
            List<Integer> members = groups.get(order.get(u));
            position.put(order.get(u), u);
            first[u] = members.getFirst();
            counts[u] = members.size();
        }
        long[] inverse = new long[n];
        for (int i = 0; i < n; i++) {
            inverse[i] = position.get(keys[i]);
        }
        Tensor firstT = Tensor.of(first).to(x.device());
        Tensor y = source.indexSelect(ax, firstT);
        return List.of(y, firstT, Tensor.of(inverse).to(x.device()), Tensor.of(counts).to(x.device()));
    }
}
