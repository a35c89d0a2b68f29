package dev.arbor.onnx;

import java.util.List;

/**
 * The implementation of one ONNX operator. Inputs and outputs are runtime values: a
 * {@link dev.arbor.tensor.Tensor}, a {@code List} (an ONNX sequence), an {@link OnnxOptional}, or null for
 * an omitted optional input. An op may return fewer outputs than the node names (trailing optional
 * outputs it does not compute).
 */
@FunctionalInterface
public interface OnnxOp {
    /** Runs the op on one node's inputs. */
    List<Object> run(OpContext ctx, List<Object> inputs);
}
