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
    /**
     * Runs the op on one node's inputs.
     *
     * @param ctx the node's attributes, the opset in force and subgraph execution
     * @param inputs the node's inputs in order (read-only), null for an omitted optional input
     * @return the node's outputs in order; may be shorter than the node's output list
     */
    List<Object> run(OpContext ctx, List<Object> inputs);
}
