package dev.arbor.backend.cpu;

import dev.arbor.tensor.Tensor;

/**
 * Walks the elements of equally shaped strided views in row-major order, one innermost row at a time.
 * Size-1 dimensions are dropped and dimensions that are contiguous in every operand are merged, so a
 * contiguous tensor of any shape is a single row. Rows are split across {@link CpuParallel} threads
 * when there are enough elements.
 */
final class StridedLoop {
    /** Elements per thread below which a loop stays on one thread. */
    static final long GRAIN = 1 << 15;

    /** The work on one row: element offsets of each operand at the row start, length, per-operand strides. */
    @FunctionalInterface
    interface Row {
        void run(long[] offsets, long n, long[] strides);
    }

    private final long[] shape;
    private final long[][] strides;
    private final long[] base;

    private StridedLoop(long[] shape, long[][] strides, long[] base) {
        this.shape = shape;
        this.strides = strides;
        this.base = base;
    }

    /** A loop over the shape of {@code operands[0]} (all operands must have that shape). */
    static StridedLoop over(Tensor... operands) {
        long[][] st = new long[operands.length][];
        long[] base = new long[operands.length];
        for (int j = 0; j < operands.length; j++) {
            st[j] = operands[j].strides();
            base[j] = operands[j].offset();
        }
        return of(operands[0].shape(), base, st);
    }

    /** A loop over {@code shape} for operands with these element offsets and strides. */
    static StridedLoop of(long[] shape, long[] base, long[][] st) {
        int k = st.length;
        // keep dims of size != 1
        int rank = 0;
        for (long d : shape) {
            if (d != 1) {
                rank++;
            }
        }
        long[] sh = new long[Math.max(rank, 1)];
        long[][] ss = new long[k][Math.max(rank, 1)];
        sh[0] = 1;
        int r = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) {
                continue;
            }
            sh[r] = shape[i];
            for (int j = 0; j < k; j++) {
                ss[j][r] = st[j][i];
            }
            r++;
        }
        // merge dim i into i+1 when every operand is contiguous across them
        int out = 0;
        for (int i = 1; i < sh.length; i++) {
            boolean merge = true;
            for (int j = 0; j < k && merge; j++) {
                merge = ss[j][out] == ss[j][i] * sh[i];
            }
            if (merge) {
                sh[out] *= sh[i];
                for (int j = 0; j < k; j++) {
                    ss[j][out] = ss[j][i];
                }
            } else {
                out++;
                sh[out] = sh[i];
                for (int j = 0; j < k; j++) {
                    ss[j][out] = ss[j][i];
                }
            }
        }
        int n = out + 1;
        long[] fs = java.util.Arrays.copyOf(sh, n);
        long[][] fst = new long[k][];
        for (int j = 0; j < k; j++) {
            fst[j] = java.util.Arrays.copyOf(ss[j], n);
        }
        return new StridedLoop(fs, fst, base);
    }

    /** {@return the coalesced shape: size-1 dimensions dropped, contiguous ones merged} */
    long[] shape() {
        return shape.clone();
    }

    /** {@return operand {@code j}'s strides over the coalesced {@link #shape()}} */
    long[] strides(int j) {
        return strides[j].clone();
    }

    /** The total number of elements. */
    long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Runs {@code row} over every row, in parallel when large. */
    void forEachRow(Row row) {
        forEachRow(row, true);
    }

    /** Runs {@code row} over every row in order on this thread (for kernels whose rows may collide). */
    void forEachRowSequential(Row row) {
        forEachRow(row, false);
    }

    private void forEachRow(Row row, boolean parallel) {
        int last = shape.length - 1;
        long inner = shape[last];
        long rows = numel() / Math.max(inner, 1);
        if (inner == 0 || rows == 0) {
            return;
        }
        long[] innerStrides = new long[strides.length];
        for (int j = 0; j < strides.length; j++) {
            innerStrides[j] = strides[j][last];
        }
        long grainRows = parallel ? Math.max(1, GRAIN / inner) : Long.MAX_VALUE;
        CpuParallel.forRange(rows, grainRows, (from, to) -> {
            long[] offsets = new long[strides.length];
            long[] counter = new long[last];
            // position the counter at row `from`
            long rem = from;
            for (int d = last - 1; d >= 0; d--) {
                counter[d] = rem % shape[d];
                rem /= shape[d];
            }
            for (long rowIndex = from; rowIndex < to; rowIndex++) {
                for (int j = 0; j < strides.length; j++) {
                    long o = base[j];
                    for (int d = 0; d < last; d++) {
                        o += counter[d] * strides[j][d];
                    }
                    offsets[j] = o;
                }
                row.run(offsets, inner, innerStrides);
                for (int d = last - 1; d >= 0; d--) {
                    if (++counter[d] < shape[d]) {
                        break;
                    }
                    counter[d] = 0;
                }
            }
        });
    }
}
