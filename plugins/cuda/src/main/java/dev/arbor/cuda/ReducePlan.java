package dev.arbor.cuda;

import dev.arbor.tensor.Shapes;

/**
 * How a reduction runs on the GPU (reduce.cu's {@code ReduceLayout}): the kept dimensions (one output
 * each) and the reduced ones, each coalesced; how many of a block's {@value KernelSource#BLOCK}
 * threads cooperate on one output ({@code lanesR}) and whether consecutive threads take consecutive
 * reduced elements ({@code rFast}, when those are contiguous) or consecutive outputs; and over how
 * many blocks one output's elements are split ({@code splits}), when there are too few outputs to
 * fill the GPU, whose partial results a second pass ({@link #combinePass}) reduces.
 *
 * @param kept     the kept dimensions: operand 0 the source's strides, operand 1 the destination's
 * @param reduced  the reduced dimensions: operand 0 the source's strides
 * @param numOut   outputs
 * @param numR     elements reduced into each output
 * @param lanesR   threads per output, a power of two dividing the block
 * @param rFast    consecutive threads take consecutive reduced elements
 * @param blocks   gridDim.x
 * @param splits   gridDim.y: 1, or the number of partial results per output
 */
record ReducePlan(StridedLayout kept, StridedLayout reduced, long numOut, long numR, int lanesR, boolean rFast,
                  long blocks, int splits) {
    /** Words of the ReduceLayout struct. */
    static final int WORDS = 3 + 3 * StridedLayout.MAX_DIMS + 1 + 2 * StridedLayout.MAX_DIMS + 2;
    /** Elements one thread should at least reduce before a split pays for its second pass. */
    static final long MIN_PER_THREAD = 16;

    /**
     * The plan to reduce {@code dims} (sorted) of a source view into a keepdim-shaped destination.
     *
     * @param multiprocessors the device's SM count, which decides whether splitting helps
     * @param allowSplit      false for arg-reductions, whose partial results are not plain values
     */
    static ReducePlan of(long[] shape, long[] srcStrides, long[] dstStrides, int[] dims, int multiprocessors,
                         boolean allowSplit) {
        boolean[] isReduced = new boolean[shape.length];
        for (int d : dims) {
            isReduced[d] = true;
        }
        int nk = shape.length - dims.length;
        long[] kShape = new long[nk];
        long[] kSrc = new long[nk];
        long[] kDst = new long[nk];
        long[] rShape = new long[dims.length];
        long[] rSrc = new long[dims.length];
        for (int d = 0, k = 0, r = 0; d < shape.length; d++) {
            if (isReduced[d]) {
                rShape[r] = shape[d];
                rSrc[r++] = srcStrides[d];
            } else {
                kShape[k] = shape[d];
                kSrc[k] = srcStrides[d];
                kDst[k++] = dstStrides[d];
            }
        }
        StridedLayout kept = StridedLayout.of(kShape, 1, kSrc, kDst);
        StridedLayout reduced = StridedLayout.of(rShape, 0, rSrc);
        long numOut = kept.numel();
        long numR = reduced.numel();
        long[] rs = reduced.strides(0);
        boolean rFast = rs[rs.length - 1] == 1 || numOut == 1;
        return plan(kept, reduced, numOut, numR, rFast, multiprocessors, allowSplit);
    }

    private static ReducePlan plan(StridedLayout kept, StridedLayout reduced, long numOut, long numR, boolean rFast,
                                   int multiprocessors, boolean allowSplit) {
        int block = KernelSource.BLOCK;
        int lanesR = rFast ? (int) Math.min(block, nextPowerOfTwo(numR))
                : block / (int) Math.min(block, nextPowerOfTwo(numOut));
        int lanesOut = block / lanesR;
        long blocks = Math.max(1, Math.ceilDiv(numOut, lanesOut));
        int splits = 1;
        if (allowSplit && blocks < 2L * multiprocessors && numR > lanesR * MIN_PER_THREAD * 4) {
            long wanted = Math.ceilDiv(2L * multiprocessors, blocks);
            long useful = Math.ceilDiv(numR, lanesR * MIN_PER_THREAD);
            splits = (int) Math.min(65535, Math.min(wanted, useful));
        }
        return new ReducePlan(kept, reduced, numOut, numR, lanesR, rFast, blocks, splits);
    }

    static long nextPowerOfTwo(long n) {
        return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
    }

    /**
     * The second pass of a split plan: reduces the [splits, numOut] partial results (contiguous)
     * into the same destination positions.
     */
    ReducePlan combinePass(int multiprocessors) {
        long[] kShape = kept.shape();
        StridedLayout k = StridedLayout.of(kShape, 1, Shapes.contiguousStrides(kShape), kept.strides(1));
        StridedLayout r = StridedLayout.of(new long[] {splits}, 0, new long[] {numOut});
        return plan(k, r, numOut, splits, numOut == 1, multiprocessors, false);
    }

    /** 32-bit index arithmetic when every offset fits. */
    KernelSource.Index index() {
        return kept.index() == KernelSource.Index.I32 && reduced.index() == KernelSource.Index.I32
                && StridedLayout.fitsInt(StridedLayout.reach(kept.shape(), kept.strides(0))
                        + StridedLayout.reach(reduced.shape(), reduced.strides(0)))
                ? KernelSource.Index.I32 : KernelSource.Index.I64;
    }

    /** The ReduceLayout struct. */
    long[] words() {
        long[] w = new long[WORDS];
        int max = StridedLayout.MAX_DIMS;
        w[0] = numOut;
        w[1] = numR;
        w[2] = kept.ndim();
        put(w, 3, kept.shape());
        put(w, 3 + max, kept.strides(0));
        put(w, 3 + 2 * max, kept.strides(1));
        w[3 + 3 * max] = reduced.ndim();
        put(w, 4 + 3 * max, reduced.shape());
        put(w, 4 + 4 * max, reduced.strides(0));
        w[4 + 5 * max] = lanesR;
        w[5 + 5 * max] = rFast ? 1 : 0;
        return w;
    }

    static void put(long[] words, int at, long[] values) {
        System.arraycopy(values, 0, words, at, values.length);
    }
}
