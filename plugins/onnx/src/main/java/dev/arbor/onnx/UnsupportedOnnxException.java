package dev.arbor.onnx;

import java.util.Set;

/** A model that uses ops Arbor does not implement; the message lists every one with its nodes and opset. */
public final class UnsupportedOnnxException extends OnnxException {
    /** The unsupported ops, each as "OpType (opset N)". */
    private final Set<String> ops;

    UnsupportedOnnxException(String message, Set<String> ops) {
        super(message);
        this.ops = Set.copyOf(ops);
    }

    /** {@return the unsupported ops, each as "OpType (opset N)"} */
    public Set<String> ops() {
        return ops;
    }
}
