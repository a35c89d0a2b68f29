package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/** The positional arguments of the Transformer modules: a required tensor or two, then optional masks. */
final class TransformerArgs {
    private TransformerArgs() {}

    /**
     * {@code inputs} as {@code max} tensors (missing ones null), checking that there are at least
     * {@code required} non-null tensors first and nothing but tensors or nulls.
     */
    static Tensor[] tensors(String module, String signature, Object[] inputs, int required, int max) {
        boolean ok = inputs.length >= required && inputs.length <= max;
        Tensor[] out = new Tensor[max];
        for (int i = 0; ok && i < inputs.length; i++) {
            if (inputs[i] instanceof Tensor t) {
                out[i] = t;
            } else {
                ok = inputs[i] == null && i >= required;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(module + ".forward takes " + signature + ": " + required
                    + (required == 1 ? " Tensor" : " Tensors") + ", then Tensors or nulls; got " + inputs.length
                    + " arguments");
        }
        return out;
    }
}
