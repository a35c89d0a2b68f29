package dev.arbor.onnx;

/** A model Arbor cannot load or run, with the node (name and op type) the problem is at. */
public class OnnxException extends RuntimeException {
    /**
     * A problem described in full by its message.
     *
     * @param message what is wrong, naming the node (name and op type) where there is one
     */
    public OnnxException(String message) {
        super(message);
    }

    /**
     * A problem caused by another exception.
     *
     * @param message what is wrong, naming the node (name and op type) where there is one
     * @param cause the exception that caused it
     */
    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
