package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that move elements to other positions, as copies: {@code flip} and {@code roll}. Both are built
 * from differentiable primitives (index_select, narrow, cat), so their gradients come for free.
 */
public final class Rearrange {
    private Rearrange() {}

    /** The elements in reverse order along each of {@code dims}, as {@code torch.flip}. */
    public static Tensor flip(Tensor x, int[] dims) {
        long trace = OpTraces.begin();
        Tensor out = computeFlip(x, dims);
        return trace < 0 ? out : OpTraces.end(trace, "flip", out, x, dims);
    }

    private static Tensor computeFlip(Tensor x, int[] dims) {
        int[] wrapped = Shapes.wrapDims("flip", dims, x.shape());
        if (dims.length == 0 || x.dim() == 0) {
            return x.clone();
        }
        Tensor out = x;
        for (int d : wrapped) {
            out = out.indexSelect(d, Creation.arange(x.size(d) - 1, -1, -1, DType.INT64).to(x.device()));
        }
        return out;
    }

    /**
     * The elements shifted by {@code shifts[i]} along {@code dims[i]}, wrapping around, as
     * {@code torch.roll}; with no dims, the flattened tensor is rolled and the shape kept.
     */
    public static Tensor roll(Tensor x, long[] shifts, int[] dims) {
        long trace = OpTraces.begin();
        Tensor out = computeRoll(x, shifts, dims);
        return trace < 0 ? out : OpTraces.end(trace, "roll", out, x, shifts, dims);
    }

    private static Tensor computeRoll(Tensor x, long[] shifts, int[] dims) {
        if (dims.length == 0) {
            if (shifts.length != 1) {
                throw new IllegalArgumentException("roll: `shifts` required to be of length 1 when `dims` is not given, got "
                        + Arrays.toString(shifts));
            }
            return roll(x.flatten(), shifts, new int[] {0}).view(x.shape());
        }
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException("roll: shifts and dimensions must align. shifts: " + shifts.length
                    + ", dims: " + dims.length);
        }
        Tensor out = x;
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.wrapDim("roll", dims[i], x.dim(), x.shape());
            long n = x.size(d);
            long s = n == 0 ? 0 : Math.floorMod(shifts[i], n);
            if (s != 0) {
                out = Indexing.cat(List.of(out.narrow(d, n - s, s), out.narrow(d, 0, n - s)), d);
            }
        }
        return out == x ? x.clone() : out;
    }
}
