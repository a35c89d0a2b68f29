package dev.arbor.onnx.ops;

import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.List;

/** Small helpers shared by op families: single results, integer vectors from tensors, axis handling. */
final class Values {
    private Values() {}

    /** One output. */
    static List<Object> one(Object value) {
        return java.util.Collections.singletonList(value);
    }

    /** The elements of a 0-d or 1-d integer tensor input as longs (shapes, axes, pads). */
    static long[] longs(OpContext ctx, List<Object> inputs, int i) {
        Tensor t = ctx.hostTensor(inputs, i);
        if (t.dtype().isFloatingPoint()) {
            throw ctx.error("input " + i + " must be an integer tensor, got " + t.dtype());
        }
        return t.toLongArray();
    }

    /** Wraps a possibly negative ONNX axis, with an error naming the node. */
    static int axis(OpContext ctx, long axis, int rank) {
        if (axis < -rank || axis >= Math.max(rank, 1)) {
            throw ctx.error("axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Casts {@code t} back to {@code dtype} when an engine op promoted it. */
    static Tensor as(Tensor t, DType dtype) {
        return t.dtype() == dtype ? t : t.to(dtype);
    }
}
