package dev.arbor.pytorch;

import java.io.IOException;

/**
 * A pickle (the {@code data.pkl} of a PyTorch checkpoint, or a legacy checkpoint's pickles) that is
 * malformed, or that asks for something the restricted unpickler refuses. Nothing from the pickle has
 * been run when this is thrown.
 */
public class UnpicklingException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message names the file, the byte offset and what is wrong
     */
    public UnpicklingException(String message) {
        super(message);
    }
}
