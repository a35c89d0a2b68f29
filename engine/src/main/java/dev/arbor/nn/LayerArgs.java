package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argument handling shared by the layers: per-dimension sizes, numbers written as Python's repr
 * writes them, and the affine parameters of the norms.
 */
final class LayerArgs {
    private static final Logger LOG = LoggerFactory.getLogger(LayerArgs.class);

    private LayerArgs() {}

    /**
     * {@code values} with one value per spatial dimension: a single value repeated, or exactly
     * {@code dims} values, as PyTorch's {@code _pair}/{@code _triple}.
     *
     * @throws IllegalArgumentException naming the layer and argument otherwise
     */
    static long[] perDim(String layer, String what, long[] values, int dims) {
        if (values == null || (values.length != 1 && values.length != dims)) {
            throw new IllegalArgumentException(layer + ": expected " + what + " to be a single integer value or a list "
                    + "of " + dims + " values to match the spatial dimensions, but got " + what + "="
                    + Arrays.toString(values));
        }
        if (values.length == dims) {
            return values.clone();
        }
        long[] out = new long[dims];
        Arrays.fill(out, values[0]);
        return out;
    }

    /** A size as PyTorch prints the value it was given: one value as an int, several as a tuple. */
    static String asGiven(long[] values) {
        return values.length == 1 ? Long.toString(values[0]) : PyRepr.tuple(values);
    }

    /** Several floats as a Python tuple: {@code (2.0, 1.5)}. */
    static String floats(double[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(PyRepr.of(values[i]));
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
    }

    /**
     * A Python number: integral Java types print as ints, floating ones as Python floats, so a layer
     * given {@code 20} prints {@code 20} and one given {@code 20.0} prints {@code 20.0}, as in PyTorch.
     */
    static String number(Number n) {
        return n instanceof Double || n instanceof Float ? PyRepr.of(n.doubleValue()) : Long.toString(n.longValue());
    }

    /** PyTorch's check of a dropout probability. */
    static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got "
                    + PyRepr.of(p));
        }
        return p;
    }

    /** The repr of an activation whose only argument is {@code inplace}: {@code inplace=True} or nothing. */
    static String inplace(boolean inplace) {
        return inplace ? "inplace=True" : "";
    }

    /** The {@code inplace} part appended to an activation's other arguments. */
    static String inplaceSuffix(boolean inplace) {
        return inplace ? ", inplace=True" : "";
    }

    /** PyTorch's {@code _get_softmax_dim} for {@code dim=None}, with its deprecation warning. */
    static int legacySoftmaxDim(String op, int ndim) {
        LOG.warn("Implicit dimension choice for {} has been deprecated. Change the call to include dim=X as an "
                + "argument.", op);
        return ndim == 0 || ndim == 1 || ndim == 3 ? 0 : 1;
    }

    /** Registers a norm's {@code weight} (ones) and {@code bias} (zeros) of {@code shape}, or both as None. */
    static void registerAffine(Module m, boolean affine, DType dtype, Device device, long... shape) {
        m.registerParameter("weight", affine ? new Parameter(Tensor.full(1, dtype, device, shape)) : null);
        m.registerParameter("bias", affine ? new Parameter(Tensor.zeros(dtype, device, shape)) : null);
    }

    /** A norm's weight back to ones and bias to zeros, where it has them. */
    static void resetAffine(Module m) {
        if (m.param("weight") != null) {
            Init.ones_(m.param("weight"));
        }
        if (m.param("bias") != null) {
            Init.zeros_(m.param("bias"));
        }
    }
}
