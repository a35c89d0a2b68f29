package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/** Argument handling shared by the sliding-window ops: per-dimension parameters, batching, dtypes. */
final class WindowArgs {
    private WindowArgs() {}

    /**
     * {@code values} for each of {@code dims} spatial dimensions: a single value is repeated, as
     * PyTorch's {@code _pair}/{@code _triple} do; any other length than 1 or {@code dims} is an error.
     */
    static long[] expand(String op, String name, long[] values, int dims) {
        if (values == null || (values.length != 1 && values.length != dims)) {
            throw new IllegalArgumentException(op + ": expected " + name + " to be a single integer value or a list of "
                    + dims + " values to match the " + dims + " spatial dimensions, but got " + name + "="
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        if (values.length == dims) {
            return values.clone();
        }
        long[] out = new long[dims];
        Arrays.fill(out, values[0]);
        return out;
    }

    /** Rejects values below {@code min}, naming the op, the parameter and its values. */
    static void atLeast(String op, String name, long[] values, long min, String requirement) {
        for (long v : values) {
            if (v < min) {
                throw new IllegalArgumentException(op + ": " + name + " should be " + requirement + ", but got " + name
                        + "=" + Arrays.toString(values));
            }
        }
    }

    /**
     * Checks the input has {@code dims + 1} (unbatched) or {@code dims + 2} (batched) dimensions and
     * returns it batched.
     */
    static Tensor batched(String op, Tensor x, int dims) {
        if (x.dim() == dims + 2) {
            return x;
        }
        if (x.dim() == dims + 1) {
            return x.unsqueeze(0);
        }
        throw new IllegalArgumentException("Expected " + (dims + 1) + "D (unbatched) or " + (dims + 2)
                + "D (batched) input to " + op + ", but got input of size: " + Shapes.str(x.shape()));
    }

    /** True for {@code rank} dimensions, or one more (a batch, possibly empty), all others non-empty. */
    static boolean nonEmpty(Tensor x, int rank) {
        if (x.dim() != rank && x.dim() != rank + 1) {
            return false;
        }
        for (int i = x.dim() - rank; i < x.dim(); i++) {
            if (x.size(i) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Undoes {@link #batched}: drops the batch dimension again for an unbatched {@code original}. */
    static Tensor unbatched(Tensor result, Tensor original, int dims) {
        return original.dim() == dims + 1 ? result.squeeze(0) : result;
    }

    /** The dtype a floating op computes in (float32 for float16 and bfloat16); other dtypes are rejected. */
    static DType computeType(String op, Tensor x) {
        ArgChecks.floating(op, x);
        return ArgChecks.computeType(x.dtype());
    }

    /** The indices of {@code t}'s last {@code dims} dimensions, its spatial ones (batched or not). */
    static int[] spatialDims(Tensor t, int dims) {
        int[] d = new int[dims];
        Arrays.setAll(d, i -> t.dim() - dims + i);
        return d;
    }

    /** The last {@code dims} sizes of a shape. */
    static long[] spatial(long[] shape, int dims) {
        return Arrays.copyOfRange(shape, shape.length - dims, shape.length);
    }

    /** Spatial sizes as PyTorch prints them in messages: {@code (2 x 2)}. */
    static String sizes(long[] values, String separator) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : separator).append(values[i]);
        }
        return s.append(')').toString();
    }

    /** PyTorch's names of the last spatial dimensions, for messages: depth, height, width. */
    static String dimName(int d, int dims) {
        return new String[] {"depth", "height", "width"}[3 - dims + d];
    }
}
