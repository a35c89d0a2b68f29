package dev.arbor.onnx;

/** A model Arbor cannot load or run, with the node (name and op type) the problem is at. */
public class OnnxException extends RuntimeException {
    /** A problem described in full by {@code message}. */
    public OnnxException(String message) {
        super(message);
    }

    /** A problem caused by {@code cause}. */
    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
