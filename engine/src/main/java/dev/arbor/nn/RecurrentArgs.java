package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** The positional arguments of the recurrent layers and cells: {@code (input[, hx])}. */
final class RecurrentArgs {
    private RecurrentArgs() {}

    /** The input tensor, checking there are one or two arguments. */
    static Tensor input(String layer, Object[] inputs) {
        if (inputs.length < 1 || inputs.length > 2 || !(inputs[0] instanceof Tensor input)) {
            throw new IllegalArgumentException(layer + ".forward takes (input[, hx]): a Tensor, then the initial state "
                    + "or null; got " + inputs.length + " arguments");
        }
        return input;
    }

    /** The initial state of type {@code type}, or null. */
    static <S> S state(String layer, Object[] inputs, Class<S> type) {
        if (inputs.length < 2 || inputs[1] == null) {
            return null;
        }
        if (!type.isInstance(inputs[1])) {
            throw new IllegalArgumentException(layer + ".forward: the initial state must be a " + type.getSimpleName()
                    + " or null, got " + Module.describe(inputs[1]));
        }
        return type.cast(inputs[1]);
    }

    /** Refuses the RNN-only nonlinearity option on the other layers. */
    static void noNonlinearity(String layer, String nonlinearity) {
        if (nonlinearity != null) {
            throw new IllegalArgumentException(layer + " takes no nonlinearity; only RNN does");
        }
    }
}
