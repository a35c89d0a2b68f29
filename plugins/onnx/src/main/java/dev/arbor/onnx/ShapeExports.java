package dev.arbor.onnx;

import static dev.arbor.onnx.TraceGraph.intAttr;
import static dev.arbor.onnx.TraceGraph.ints;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX nodes of traced ops that move elements without computing: views and reshapes, slicing and
 * indexing with integers, concatenation and splitting, repeats, copies and casts.
 *
 * <p>Shapes are written as the caller gave them ({@code -1} kept), so a graph with a symbolic batch
 * dimension keeps working at other batch sizes; with {@link OnnxExporter.Options#dynamicBatch()} a
 * reshape whose first size is the input's first size (as {@code x.view(x.size(0), -1)} gives) copies
 * it ({@code 0}, Reshape's "keep this dimension"), and an expand keeps every size equal to the
 * input's ({@code 1}, Expand's broadcast) rather than writing the traced number.
 */
final class ShapeExports {
    private ShapeExports() {}

    /** The nodes of {@code s}, or null when it is not one of these ops. */
    static List<String> emit(TraceStep s, TraceGraph g) {
        var c = s.call;
        String x = c.arguments().getFirst() instanceof Tensor ? s.in(0) : null;
        int rank = x == null ? 0 : s.tensor(0).dim();
        String one = switch (c.op()) {
            case "view", "reshape" -> reshape(s, g, c.longs(1));
            case "permute" -> g.node("Transpose", List.of(x), ints("perm", wrap(c.longs(1), rank)));
            case "transpose" -> transpose(g, x, rank, (int) c.integer(1), (int) c.integer(2));
            case "expand" -> expand(s, g, c.longs(1));
            case "slice" -> slice(g, x, wrap(c.integer(1), rank), c.integer(2), c.integer(3), c.integer(4));
            case "select" -> g.node("Gather", List.of(x, g.scalar(c.integer(2), DType.INT64)),
                    intAttr("axis", wrap(c.integer(1), rank)));
            case "squeeze" -> squeeze(s, g, x);
            case "unsqueeze" -> NodeForms.unsqueeze(g, x, wrap(c.integer(1), rank + 1));
            case "flatten" -> flatten(g, x, s.tensor(0), (int) c.integer(1), (int) c.integer(2));
            case "cat" -> cat(s, g);
            case "repeat" -> repeat(s, g, x, c.longs(1));
            case "clone" -> g.node("Identity", List.of(x));
            case "to" -> c.arguments().get(1) instanceof DType to ? g.cast(x, s.tensor(0).dtype(), to)
                    : g.node("Identity", List.of(x));
            case "copy_" -> copy(s, g);
            case "fill_" -> g.node("ConstantOfShape", List.of(g.node("Shape", List.of(x))), TraceGraph.tensorAttr("value",
                    Tensor.full(c.number(1), s.out(0).dtype(), 1)));
            case "flip" -> flip(g, x, wrap(c.longs(1), rank));
            case "triangle" -> triangle(s, g, x);
            case "gather" -> g.node("GatherElements", List.of(x, s.in(2)), intAttr("axis", wrap(c.integer(1), rank)));
            case "index_select" -> g.node("Gather", List.of(x, s.in(2)), intAttr("axis", wrap(c.integer(1), rank)));
            default -> null;
        };
        if (one != null) {
            return List.of(one);
        }
        return switch (c.op()) {
            case "split", "split_with_sizes", "chunk" -> split(s, g, x, wrap(c.integer(2), rank));
            default -> null;
        };
    }

    /** Reshape to the shape the caller asked for; see the class comment for the dynamic batch dimension. */
    private static String reshape(TraceStep s, TraceGraph g, long[] requested) {
        Tensor x = s.tensor(0);
        long[] shape = requested.clone();
        for (long d : shape) {
            if (d == 0) {
                throw s.refuse("a 0-sized dimension in the shape " + Arrays.toString(requested) + " (ONNX Reshape reads 0 "
                        + "as 'keep')");
            }
        }
        if (g.dynamicBatch() && shape.length > 0 && x.dim() > 0 && shape[0] == x.size(0)) {
            shape[0] = 0;
        }
        return g.node("Reshape", List.of(s.in(0), g.longs(shape)));
    }

    private static String transpose(TraceGraph g, String x, int rank, int dim0, int dim1) {
        long[] perm = new long[rank];
        Arrays.setAll(perm, i -> i);
        long a = wrap(dim0, rank);
        long b = wrap(dim1, rank);
        perm[(int) a] = b;
        perm[(int) b] = a;
        return g.node("Transpose", List.of(x), ints("perm", perm));
    }

    /** Expand, with 1 for every size the input already has (Expand broadcasts), so the batch follows the input. */
    private static String expand(TraceStep s, TraceGraph g, long[] sizes) {
        Tensor x = s.tensor(0);
        long[] shape = sizes.clone();
        int lead = shape.length - x.dim();
        for (int i = lead; i < shape.length; i++) {
            if (shape[i] == -1 || shape[i] == x.size(i - lead)) {
                shape[i] = 1;
            }
        }
        return g.node("Expand", List.of(s.in(0), g.longs(shape)));
    }

    private static String slice(TraceGraph g, String x, long axis, long start, long end, long step) {
        return g.node("Slice", List.of(x, g.longs(start), g.longs(end), g.longs(axis), g.longs(step)));
    }

    /** Squeeze of the dimensions that were dropped (size 1 at trace time, among those asked for). */
    private static String squeeze(TraceStep s, TraceGraph g, String x) {
        Tensor t = s.tensor(0);
        long[] asked = s.call.longs(1);
        List<Long> axes = new ArrayList<>();
        for (int d = 0; d < t.dim(); d++) {
            int dim = d;
            boolean named = asked == null || Arrays.stream(asked).anyMatch(a -> wrap(a, t.dim()) == dim);
            if (named && t.size(d) == 1) {
                axes.add((long) d);
            }
        }
        return NodeForms.squeeze(g, x, axes.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Flatten of dimensions {@code start..end} of {@code x} (named {@code in}): ONNX Flatten when they
     * are all but the first, otherwise a Reshape that copies the leading dimensions (0), infers the
     * flattened run (-1) and writes the trailing ones.
     */
    static String flatten(TraceGraph g, String in, Tensor x, int start, int end) {
        int rank = Math.max(x.dim(), 1);
        int s = (int) wrap(start, rank);
        int e = (int) wrap(end, rank);
        if (s == 1 && e == rank - 1) {
            return g.node("Flatten", List.of(in), intAttr("axis", 1));
        }
        long[] shape = new long[s + 1 + (rank - 1 - e)];
        shape[s] = -1;
        for (int i = e + 1; i < rank; i++) {
            shape[s + 1 + i - e - 1] = x.size(i);
        }
        return g.node("Reshape", List.of(in, g.longs(shape)));
    }

    /** Concat of the parts cast to the result's type; empty 1-d parts are left out, as torch.cat skips them. */
    private static String cat(TraceStep s, TraceGraph g) {
        List<Tensor> parts = s.call.tensors(0);
        List<String> names = s.ins(0);
        DType out = s.out(0).dtype();
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            if (!(p.dim() == 1 && p.numel() == 0)) {
                inputs.add(g.cast(names.get(i), p.dtype(), out));
            }
        }
        int rank = s.out(0).dim();
        return g.node("Concat", inputs, intAttr("axis", wrap(s.call.integer(1), rank)));
    }

    private static List<String> split(TraceStep s, TraceGraph g, String x, long axis) {
        long[] sizes = new long[s.call.outputs().size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = s.out(i).size((int) axis);
        }
        return NodeForms.split(g, x, (int) axis, sizes);
    }

    private static String repeat(TraceStep s, TraceGraph g, String x, long[] repeats) {
        int extra = repeats.length - s.tensor(0).dim();
        String in = x;
        if (extra > 0) {
            long[] axes = new long[extra];
            Arrays.setAll(axes, i -> i);
            in = NodeForms.unsqueeze(g, x, axes);
        }
        return g.node("Tile", List.of(in, g.longs(repeats)));
    }

    /** {@code dst.copy_(src)}: the source cast to the destination's type and broadcast to its shape. */
    private static String copy(TraceStep s, TraceGraph g) {
        Tensor dst = s.tensor(0);
        Tensor src = s.tensor(1);
        String v = g.cast(s.in(1), src.dtype(), dst.dtype());
        if (!Arrays.equals(src.shape(), dst.shape())) {
            return g.node("Expand", List.of(v, g.node("Shape", List.of(s.in(0)))));
        }
        return g.node("Identity", List.of(v));
    }

    /** Reversal along {@code axes}: a Slice with step -1. */
    private static String flip(TraceGraph g, String x, long[] axes) {
        long[] starts = new long[axes.length];
        long[] ends = new long[axes.length];
        long[] steps = new long[axes.length];
        Arrays.fill(starts, -1);
        Arrays.fill(ends, Long.MIN_VALUE);
        Arrays.fill(steps, -1);
        return g.node("Slice", List.of(x, g.longs(starts), g.longs(ends), g.longs(axes), g.longs(steps)));
    }

    /** {@code tril}/{@code triu} as Trilu (opset 14 and newer). */
    private static String triangle(TraceStep s, TraceGraph g, String x) {
        if (g.opset() < 14) {
            throw s.refuse("Trilu needs opset 14 or newer (exporting at " + g.opset() + ")");
        }
        boolean lower = s.call.flag(2);
        return g.node("Trilu", List.of(x, g.scalar(s.call.integer(1), DType.INT64)), intAttr("upper", lower ? 0 : 1));
    }

    /** A dimension counted from the end made non-negative, for a tensor of {@code rank} dimensions. */
    static long wrap(long dim, int rank) {
        return dim < 0 ? dim + rank : dim;
    }

    static long[] wrap(long[] dims, int rank) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = wrap(dims[i], rank);
        }
        return out;
    }
}
