package dev.arbor.cuda;

import dev.arbor.tensor.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Up to {@link #MAX_OPERANDS} strided views of one shape, as the kernels' {@code Layout} struct
 * (common.cuh): size-1 dimensions dropped, the dimensions ordered by the primary operand's strides
 * (largest first, so its accesses coalesce), and neighbours merged wherever every operand steps
 * through them as one, so a contiguous or broadcast-scalar operation becomes one dimension and
 * the kernel does no divisions. Offsets are not part of the layout: the host passes each operand's
 * pointer already at its offset.
 */
final class StridedLayout {
    static final int MAX_DIMS = 10;
    static final int MAX_OPERANDS = 4;
    /** Words (8 bytes each) of the Layout struct. */
    static final int WORDS = 2 + MAX_DIMS + MAX_OPERANDS * MAX_DIMS;

    private final long[] shape;
    private final long[][] strides;
    private final long numel;

    private StridedLayout(long[] shape, long[][] strides) {
        this.shape = shape;
        this.strides = strides;
        this.numel = Shapes.numel(shape);
    }

    /**
     * The layout of operands with {@code strides} over {@code shape}, coalesced.
     *
     * @param primary the operand whose stride order the dimensions follow (usually the one written)
     */
    static StridedLayout of(long[] shape, int primary, long[]... strides) {
        if (strides.length > MAX_OPERANDS) {
            throw new IllegalArgumentException("at most " + MAX_OPERANDS + " operands, got " + strides.length);
        }
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1) {
                dims.add(d);
            }
        }
        if (dims.stream().anyMatch(d -> shape[d] == 0)) {
            return new StridedLayout(new long[] {0}, zeros(strides.length));
        }
        // stable: equal strides (broadcast dimensions) keep their order
        dims.sort((x, y) -> Long.compare(strides[primary][y], strides[primary][x]));
        List<long[]> merged = new ArrayList<>();  // per kept dim: {size, stride_0, ..., stride_n}
        for (int d : dims) {
            long[] entry = new long[1 + strides.length];
            entry[0] = shape[d];
            for (int k = 0; k < strides.length; k++) {
                entry[1 + k] = strides[k][d];
            }
            if (!merged.isEmpty() && mergeable(merged.getLast(), entry)) {
                long[] outer = merged.getLast();
                outer[0] *= entry[0];
                for (int k = 1; k < entry.length; k++) {
                    outer[k] = entry[k];
                }
            } else {
                merged.add(entry);
            }
        }
        if (merged.isEmpty()) {
            return new StridedLayout(new long[] {1}, zeros(strides.length));
        }
        if (merged.size() > MAX_DIMS) {
            throw new IllegalArgumentException("the CUDA kernels take at most " + MAX_DIMS + " dimensions that cannot be "
                    + "merged, got " + merged.size() + " for shape " + Shapes.str(shape) + " and strides "
                    + Arrays.deepToString(strides) + "; make the tensor contiguous first");
        }
        long[] outShape = new long[merged.size()];
        long[][] outStrides = new long[strides.length][merged.size()];
        for (int i = 0; i < merged.size(); i++) {
            outShape[i] = merged.get(i)[0];
            for (int k = 0; k < strides.length; k++) {
                outStrides[k][i] = merged.get(i)[1 + k];
            }
        }
        return new StridedLayout(outShape, outStrides);
    }

    /** An outer dimension and the inner one after it step as one when outer stride = inner stride * inner size. */
    private static boolean mergeable(long[] outer, long[] inner) {
        for (int k = 1; k < outer.length; k++) {
            if (outer[k] != inner[k] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    private static long[][] zeros(int operands) {
        return new long[operands][1];
    }

    /** The coalesced shape. */
    long[] shape() {
        return shape.clone();
    }

    /** Operand {@code k}'s coalesced strides. */
    long[] strides(int k) {
        return strides[k].clone();
    }

    long numel() {
        return numel;
    }

    int ndim() {
        return shape.length;
    }

    /** 32-bit index arithmetic when the element count and every operand's furthest offset fit an int. */
    KernelSource.Index index() {
        return fitsInt(numel) && Arrays.stream(strides).allMatch(s -> fitsInt(reach(shape, s)))
                ? KernelSource.Index.I32 : KernelSource.Index.I64;
    }

    /** The largest element offset a view of {@code shape} with {@code strides} reaches. */
    static long reach(long[] shape, long[] strides) {
        long r = 0;
        for (int d = 0; d < shape.length; d++) {
            r += Math.max(0, shape[d] - 1) * strides[d];
        }
        return r;
    }

    static boolean fitsInt(long v) {
        return v < Integer.MAX_VALUE;
    }

    /** The Layout struct: ndim, numel, shape[MAX_DIMS], stride[MAX_OPERANDS][MAX_DIMS]. */
    long[] words() {
        long[] w = new long[WORDS];
        w[0] = shape.length;
        w[1] = numel;
        System.arraycopy(shape, 0, w, 2, shape.length);
        for (int k = 0; k < strides.length; k++) {
            System.arraycopy(strides[k], 0, w, 2 + MAX_DIMS + k * MAX_DIMS, shape.length);
        }
        return w;
    }
}
