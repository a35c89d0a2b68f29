package dev.arbor.onnx;

import static dev.arbor.onnx.ShapeExports.wrap;
import static dev.arbor.onnx.TraceGraph.intAttr;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ONNX nodes of traced reductions (sums, means, extremes over dims, with or without kept
 * dimensions, and with indices), arg-extremes, cumulative sums and the softmax family, in the form
 * of the graph's opset ({@link NodeForms#reduce}).
 */
final class ReduceExports {
    private ReduceExports() {}

    /** Reductions over a list of dims (empty: all) that are one ONNX node. */
    private static final Map<String, String> REDUCTIONS = Map.of("sum", "ReduceSum", "mean", "ReduceMean",
            "amax", "ReduceMax", "amin", "ReduceMin", "prod", "ReduceProd", "logsumexp", "ReduceLogSumExp");

    /** The nodes of {@code s}, or null when it is not one of these ops. */
    static List<String> emit(TraceStep s, TraceGraph g) {
        var c = s.call;
        String op = c.op();
        if (REDUCTIONS.containsKey(op)) {
            Tensor x = s.tensor(0);
            String in = g.cast(s.in(0), x.dtype(), s.out(0).dtype());
            return List.of(NodeForms.reduce(g, REDUCTIONS.get(op), in, wrap(c.longs(1), x.dim()), c.flag(2)));
        }
        return switch (op) {
            case "any", "all" -> List.of(anyAll(s, g, op.equals("any")));
            case "max", "min" -> extremes(s, g, op.equals("max"));
            case "argmax", "argmin" -> List.of(g.node(op.equals("argmax") ? "ArgMax" : "ArgMin", List.of(s.in(0)),
                    intAttr("axis", wrap(c.integer(1), s.tensor(0).dim())), intAttr("keepdims", c.flag(2) ? 1 : 0)));
            case "norm" -> List.of(norm(s, g));
            case "cumsum" -> List.of(g.node("CumSum", List.of(g.cast(s.in(0), s.tensor(0).dtype(), s.out(0).dtype()),
                    g.scalar(wrap(c.integer(1), s.tensor(0).dim()), DType.INT64))));
            case "softmax", "log_softmax", "softmin" -> List.of(softmax(s, g));
            default -> null;
        };
    }

    /** {@code any}/{@code all}: the extreme of the values as int32 (ONNX reductions take no bools before opset 20). */
    private static String anyAll(TraceStep s, TraceGraph g, boolean any) {
        Tensor x = s.tensor(0);
        String ints = g.cast(g.cast(s.in(0), x.dtype(), DType.BOOL), DType.BOOL, DType.INT32);
        String r = NodeForms.reduce(g, any ? "ReduceMax" : "ReduceMin", ints, wrap(s.call.longs(1), x.dim()),
                s.call.flag(2));
        return g.cast(r, DType.INT32, s.out(0).dtype());
    }

    /** {@code max}/{@code min} over one dim: the values and the (first) indices, each written when used. */
    private static List<String> extremes(TraceStep s, TraceGraph g, boolean max) {
        long axis = wrap(s.call.integer(1), s.tensor(0).dim());
        boolean keep = s.call.flag(2);
        String values = !s.used(0) ? null
                : NodeForms.reduce(g, max ? "ReduceMax" : "ReduceMin", s.in(0), new long[] {axis}, keep);
        String indices = !s.used(1) ? null : g.node(max ? "ArgMax" : "ArgMin", List.of(s.in(0)),
                intAttr("axis", axis), intAttr("keepdims", keep ? 1 : 0));
        return Arrays.asList(values, indices);
    }

    /** The vector p-norm for p = 1, 2 and infinity. */
    private static String norm(TraceStep s, TraceGraph g) {
        double p = s.call.number(1);
        Tensor x = s.tensor(0);
        long[] axes = wrap(s.call.longs(2), x.dim());
        boolean keep = s.call.flag(3);
        if (p == 1 || p == 2) {
            return NodeForms.reduce(g, p == 1 ? "ReduceL1" : "ReduceL2", s.in(0), axes, keep);
        }
        if (p == Double.POSITIVE_INFINITY) {
            return NodeForms.reduce(g, "ReduceMax", g.node("Abs", List.of(s.in(0))), axes, keep);
        }
        throw s.refuse("the " + p + "-norm has no ONNX reduction (p = 1, 2 and infinity do)");
    }

    /** Softmax, log-softmax and softmin along one dim, after the cast to {@code dtype} when one is given. */
    private static String softmax(TraceStep s, TraceGraph g) {
        Tensor x = s.tensor(0);
        DType dtype = (DType) s.call.arguments().get(2);
        String in = g.cast(s.in(0), x.dtype(), dtype == null ? x.dtype() : dtype);
        var axis = intAttr("axis", wrap(s.call.integer(1), x.dim()));
        return switch (s.call.op()) {
            case "log_softmax" -> g.node("LogSoftmax", List.of(in), axis);
            case "softmin" -> g.node("Softmax", List.of(g.node("Neg", List.of(in))), axis);
            default -> g.node("Softmax", List.of(in), axis);
        };
    }
}
