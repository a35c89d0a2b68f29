package dev.arbor.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by every op: broadcasting, strides, dimension wrapping and printing. */
public final class Shapes {
    private Shapes() {}

    /**
     * {@return the number of elements of a shape (1 for a scalar)}
     *
     * @param shape the shape
     */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * {@return row-major (C-contiguous) strides for a shape, in elements}
     *
     * @param shape the shape
     */
    public static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /**
     * The shape two shapes broadcast to under NumPy's rules, or an exception naming both shapes and
     * the first dimension that does not match.
     *
     * @param a a shape
     * @param b another shape
     * @return the shape two shapes broadcast to under NumPy's rules, or an exception naming both shapes and the first dimension that does not match
     */
    public static long[] broadcast(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long da = i < n - a.length ? 1 : a[i - (n - a.length)];
            long db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("The size of tensor a (" + da + ") must match the size of tensor b ("
                        + db + ") at non-singleton dimension " + i + " (shapes " + str(a) + " and " + str(b) + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * {@return the shape all the given shapes broadcast to}
     *
     * @param shapes the shapes
     */
    public static long[] broadcast(long[]... shapes) {
        long[] out = new long[0];
        for (long[] s : shapes) {
            out = broadcast(out, s);
        }
        return out;
    }

    /**
     * Wraps a possibly negative dimension into {@code [0, rank)}, with PyTorch's error otherwise.
     *
     * @param dim the dimension (negative counts from the end)
     * @param rank the number of dimensions
     * @return the dimension in {@code [0, rank)}
     * @throws IndexOutOfBoundsException when {@code dim} is out of range
     */
    public static int wrapDim(long dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + (-r) + ", "
                    + (r - 1) + "], but got " + dim + ")");
        }
        return (int) (dim < 0 ? dim + r : dim);
    }

    /**
     * {@link #wrapDim(long, int)} for an op on a tensor of {@code shape}: the error names the op and
     * the shape after PyTorch's message.
     *
     * @param op the op's name, for error messages
     * @param dim the dimension (negative counts from the end)
     * @param rank the number of dimensions
     * @param shape the shape of the op's input
     * @return {@link #wrapDim(long, int)} for an op on a tensor of {@code shape}: the error names the op and the shape after PyTorch's message
     */
    public static int wrapDim(String op, long dim, int rank, long[] shape) {
        try {
            return wrapDim(dim, rank);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(op + ": " + e.getMessage() + " (input of shape " + str(shape) + ")");
        }
    }

    /**
     * {@return {@link #wrapDims(int[], int)} for an op on a tensor of {@code shape}, naming both in errors}
     *
     * @param op the op's name, for error messages
     * @param dims the dimensions; empty for all
     * @param shape the shape of the op's input
     */
    public static int[] wrapDims(String op, int[] dims, long[] shape) {
        try {
            return wrapDims(dims, shape.length);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            String message = op + ": " + e.getMessage() + " (input of shape " + str(shape) + ")";
            throw e instanceof IndexOutOfBoundsException ? new IndexOutOfBoundsException(message)
                    : new IllegalArgumentException(message);
        }
    }

    /**
     * Wraps several dimensions, rejecting repeats; an empty array means every dimension.
     *
     * @param dims the dimensions; empty for all
     * @param rank the number of dimensions
     * @return the dimensions in {@code [0, rank)}, sorted
     */
    public static int[] wrapDims(int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = wrapDim(dims[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException("dim " + out[i] + " appears multiple times in the list of dims");
            }
            seen[out[i]] = true;
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * {@return a shape as PyTorch prints it in messages: {@code [2, 3]}}
     *
     * @param shape the shape
     */
    public static String str(long[] shape) {
        return Arrays.toString(shape);
    }
}
