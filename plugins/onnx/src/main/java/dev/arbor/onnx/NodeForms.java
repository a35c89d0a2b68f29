package dev.arbor.onnx;

import static dev.arbor.onnx.TraceGraph.intAttr;
import static dev.arbor.onnx.TraceGraph.ints;

import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The forms of the nodes whose inputs and attributes changed between opset 13 and the newest, written
 * for the opset of the graph: reductions take their axes as an attribute before opset 18 and as an
 * input from it (ReduceSum from 13), Squeeze, Unsqueeze and Split take theirs as inputs (opset 13 on).
 */
final class NodeForms {
    private NodeForms() {}

    /**
     * A reduction ({@code ReduceSum}, {@code ReduceMean}, {@code ReduceMax}, ...) over {@code axes}
     * (empty: all of them).
     */
    static String reduce(TraceGraph g, String opType, String in, long[] axes, boolean keepdims) {
        List<String> inputs = new ArrayList<>(List.of(in));
        List<AttributeProto> attributes = new ArrayList<>(List.of(intAttr("keepdims", keepdims ? 1 : 0)));
        boolean axesInput = opType.equals("ReduceSum") || g.opset() >= 18;
        if (axes.length > 0) {
            if (axesInput) {
                inputs.add(g.longs(axes));
            } else {
                attributes.add(ints("axes", axes));
            }
        }
        return g.node(opType, inputs, attributes.toArray(new AttributeProto[0]));
    }

    /** {@code in} without the size-1 dimensions {@code axes}. */
    static String squeeze(TraceGraph g, String in, long... axes) {
        return g.node("Squeeze", List.of(in, g.longs(axes)));
    }

    /** {@code in} with size-1 dimensions inserted at {@code axes} (of the result). */
    static String unsqueeze(TraceGraph g, String in, long... axes) {
        return g.node("Unsqueeze", List.of(in, g.longs(axes)));
    }

    /** {@code in} split along {@code axis} into pieces of {@code sizes}. */
    static List<String> split(TraceGraph g, String in, int axis, long[] sizes) {
        return g.nodes("Split", List.of(in, g.longs(sizes)), sizes.length, intAttr("axis", axis));
    }
}
