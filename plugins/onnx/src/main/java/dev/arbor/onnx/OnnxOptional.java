package dev.arbor.onnx;

/**
 * An ONNX optional value: a tensor or sequence, or nothing.
 *
 * @param value the element, or null when the optional is empty
 */
public record OnnxOptional(Object value) {
    /** {@return true when the optional holds an element} */
    public boolean hasElement() {
        return value != null;
    }
}
