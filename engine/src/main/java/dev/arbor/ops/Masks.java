package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * Ops driven by boolean masks: the triangles {@code tril}/{@code triu}, the coordinates of non-zero
 * elements ({@code nonzero}, {@code argwhere}) and {@code masked_scatter}.
 */
public final class Masks {
    private Masks() {}

    /** The row-major positions where the (bool) mask is true. */
    static long[] truePositions(Tensor mask) {
        boolean[] m = mask.toBooleanArray();
        long[] out = new long[m.length];
        int n = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Refuses masks that are not bool (or uint8, PyTorch's deprecated mask type, where {@code byteToo}). */
    static void checkBoolMask(String op, Tensor mask, boolean byteToo) {
        if (mask.dtype() != DType.BOOL && !(byteToo && mask.dtype() == DType.UINT8)) {
            throw new IllegalArgumentException(op + ": expected BoolTensor" + (byteToo ? " or ByteTensor" : "")
                    + " for mask, got " + mask.dtype() + " (mask of shape " + Shapes.str(mask.shape()) + ")");
        }
    }

    /**
     * {@code x} with the elements where {@code mask} is true replaced by {@code value}, as
     * {@code masked_fill}: the value takes {@code x}'s dtype with PyTorch's overflow check (an integral
     * value counts as a Python {@code int}, so {@code -1} wraps into uint8 as PyTorch's does).
     *
     * @param x     the input
     * @param mask  a bool mask (or uint8, PyTorch 1.13's deprecated mask type), broadcast to {@code x}'s shape
     * @param value the value written where the mask is true
     * @return a new tensor of {@code x}'s dtype, differentiable with respect to {@code x}
     * @throws IllegalArgumentException for a mask of another dtype, a mask that does not broadcast, or a
     *                                  value that overflows {@code x}'s dtype (PyTorch's message)
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        checkBoolMask("masked_fill_", mask, true);
        Tensor filler = Tensor.full(ScalarConversion.pythonScalar(value), x.dtype(), x.device());
        return Elementwise.where(mask.to(DType.BOOL), filler, x);
    }

    /**
     * The lower ({@code lower} true, {@code tril}) or upper ({@code triu}) triangle of the last two
     * dimensions: elements with {@code col - row <= diagonal} (tril) or {@code >= diagonal} (triu)
     * kept, the others zero.
     */
    public static Tensor triangle(Tensor x, long diagonal, boolean lower) {
        long trace = OpTraces.begin();
        Tensor out = computeTriangle(x, diagonal, lower);
        return trace < 0 ? out : OpTraces.end(trace, "triangle", out, x, diagonal, lower);
    }

    private static Tensor computeTriangle(Tensor x, long diagonal, boolean lower) {
        String op = lower ? "tril" : "triu";
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": input tensor must have at least 2 dimensions, got shape "
                    + Shapes.str(x.shape()));
        }
        long rows = x.size(-2);
        long cols = x.size(-1);
        Tensor offsets = Creation.arange(0, cols, 1, DType.INT64).view(1, cols)
                .sub(Creation.arange(0, rows, 1, DType.INT64).view(rows, 1)).to(x.device());
        Tensor keep = lower ? offsets.le((double) diagonal) : offsets.ge((double) diagonal);
        return Tensor.where(keep, x, Tensor.zeros(x.dtype(), x.device()));
    }

    /** The int64 coordinates {@code [count, dim]} of the non-zero elements in row-major order, as {@code nonzero}. */
    public static Tensor nonzero(Tensor x) {
        long trace = OpTraces.begin();
        Tensor out = computeNonzero(x);
        return trace < 0 ? out : OpTraces.end(trace, "nonzero", out, x);
    }

    private static Tensor computeNonzero(Tensor x) {
        long[] shape = x.shape();
        long[] flat = truePositions(x.detach().ne(0.0));
        long[] coords = new long[flat.length * shape.length];
        long[] strides = Shapes.contiguousStrides(shape);
        for (int i = 0; i < flat.length; i++) {
            long rest = flat[i];
            for (int d = 0; d < shape.length; d++) {
                coords[i * shape.length + d] = rest / strides[d];
                rest %= strides[d];
            }
        }
        return Tensor.of(coords).view(flat.length, shape.length).to(x.device());
    }

    /**
     * {@code x} with the elements where {@code mask} (broadcast to x's shape) is true replaced, in
     * row-major order, by the leading elements of {@code source}, as {@code masked_scatter}.
     */
    public static Tensor maskedScatter(Tensor x, Tensor mask, Tensor source) {
        long trace = OpTraces.begin();
        Tensor out = computeMaskedScatter(x, mask, source);
        return trace < 0 ? out : OpTraces.end(trace, "masked_scatter", out, x, mask, source);
    }

    private static Tensor computeMaskedScatter(Tensor x, Tensor mask, Tensor source) {
        Transfer.sameDevice("masked_scatter", x, mask, source);
        checkBoolMask("masked_scatter", mask, false);
        long[] shape = x.shape();
        long[] broadcast = Elementwise.broadcast("masked_scatter", shape, mask.shape());
        if (!Arrays.equals(broadcast, shape)) {
            throw new IllegalArgumentException("masked_scatter: the mask of shape " + Shapes.str(mask.shape())
                    + " must broadcast to the input's shape " + Shapes.str(shape));
        }
        long[] positions = truePositions(mask.expand(shape));
        if (source.numel() < positions.length) {
            throw new IllegalArgumentException("masked_scatter: expected source to have at least " + positions.length
                    + " elements (the number of ones in the mask), got " + source.numel() + " (source of shape "
                    + Shapes.str(source.shape()) + ")");
        }
        Tensor index = Tensor.of(positions).to(x.device());
        Tensor values = source.reshape(-1).narrow(0, 0, positions.length).to(x.dtype());
        return x.reshape(-1).scatter(0, index, values).view(shape);
    }
}
