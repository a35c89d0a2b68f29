package dev.arbor.pytorch;

/**
 * A pickle names a global (a function or class, such as {@code os.system} or {@code builtins.eval})
 * outside the allowlist that {@code torch.load(weights_only=True)} uses. Loading stops at that point;
 * nothing was looked up or run.
 */
public final class ForbiddenGlobalException extends UnpicklingException {
    private static final long serialVersionUID = 1L;

    /** The refused global's dotted name. */
    private final String global;

    /**
     * An exception for a refused global.
     *
     * @param message names the file, the byte offset and the global
     * @param global the global's dotted name, {@code module.name}
     */
    public ForbiddenGlobalException(String message, String global) {
        super(message);
        this.global = global;
    }

    /** {@return the refused global's dotted name, such as {@code posix.system}} */
    public String global() {
        return global;
    }
}
