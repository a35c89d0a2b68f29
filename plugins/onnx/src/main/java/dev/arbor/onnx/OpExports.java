package dev.arbor.onnx;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The ONNX nodes of one traced op, from the family that writes it: elementwise ops
 * ({@link ElementwiseExports}), moves of elements ({@link ShapeExports}), reductions and softmax
 * ({@link ReduceExports}) and the functional layers ({@link NeuralExports}). An op none of them
 * writes refuses the export, naming the op and the module it ran in, rather than give a wrong graph.
 */
final class OpExports {
    private OpExports() {}

    private static final List<BiFunction<TraceStep, TraceGraph, List<String>>> FAMILIES = List.of(
            (s, g) -> {
                String one = ElementwiseExports.emit(s, g);
                return one == null ? null : List.of(one);
            },
            ShapeExports::emit, ReduceExports::emit, NeuralExports::emit);

    /**
     * Writes the nodes of op step {@code s}.
     *
     * @return the names of the op's outputs, in order (null for one the exporter cannot write)
     * @throws OnnxException when the op has no ONNX form, or not with these arguments at this opset
     */
    static List<String> emit(TraceStep s, TraceGraph g) {
        for (BiFunction<TraceStep, TraceGraph, List<String>> family : FAMILIES) {
            List<String> out = family.apply(s, g);
            if (out != null) {
                return out;
            }
        }
        throw s.refuse("it has no ONNX mapping");
    }
}
