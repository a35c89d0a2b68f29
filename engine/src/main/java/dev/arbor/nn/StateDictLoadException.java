package dev.arbor.nn;

import java.util.List;

/**
 * A failed {@link Module#loadStateDict}: one exception listing every problem in PyTorch's words
 * ({@code Error(s) in loading state_dict for Net:} then one line per problem). The module is left
 * as it was.
 */
public class StateDictLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The module's keys the state dict lacked. */
    private final List<String> missingKeys;
    /** The state dict's keys the module has no entry for. */
    private final List<String> unexpectedKeys;
    /** The other problems, one message each. */
    private final List<String> errors;

    StateDictLoadException(String message, List<String> missingKeys, List<String> unexpectedKeys, List<String> errors) {
        super(message);
        this.missingKeys = List.copyOf(missingKeys);
        this.unexpectedKeys = List.copyOf(unexpectedKeys);
        this.errors = List.copyOf(errors);
    }

    /** {@return the module's keys the state dict lacked} */
    public List<String> missingKeys() {
        return missingKeys;
    }

    /** {@return the state dict's keys the module has no entry for} */
    public List<String> unexpectedKeys() {
        return unexpectedKeys;
    }

    /** {@return the other problems (size mismatches, values that are not tensors), one message each} */
    public List<String> errors() {
        return errors;
    }
}
