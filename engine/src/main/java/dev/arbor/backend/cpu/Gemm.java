package dev.arbor.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiplication {@code C = alpha * op(A) @ op(B) + beta * C} on strided host memory, in the
 * GotoBLAS/BLIS style: panels of A and B are packed into per-thread heap buffers in the order the
 * register-blocked Vector API micro-kernel reads them, the loops around it block for the caches, and
 * blocks of C are spread over {@link CpuParallel}'s threads.
 *
 * <p>Matrices are described by a segment, an offset and a row and a column stride, all counted in
 * elements: element {@code (i, p)} of A is at {@code aOff + i * aRs + p * aCs}. A transposed operand is the
 * same storage with its strides swapped. Segments hold native-order values and may be native, heap or
 * mapped; no alignment is assumed. C must not overlap A or B.
 */
public final class Gemm {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /**
     * Below this many multiply-adds, packing costs more than it saves. Measured: the packed kernel on one
     * thread beats the plain loop from about 4 x 4 x 4 on (32 x 32 x 20: 0.8 against 4.7 us; the loop's
     * strided reads of a transposed weight cannot use vectors).
     */
    private static final long SMALL = 64;
    /** The least work, in multiply-adds, worth handing to one more thread. */
    private static final long MIN_TASK = 1L << 20;

    private static final ThreadLocal<F32Blocked> F32_WORK = ThreadLocal.withInitial(F32Blocked::new);
    private static final ThreadLocal<F64Blocked> F64_WORK = ThreadLocal.withInitial(F64Blocked::new);

    private Gemm() {}

    /**
     * {@code C = alpha * op(A) @ op(B) + beta * C} in float32, where op(A) is m x k, op(B) is k x n and C is
     * m x n. When {@code beta == 0} C is only written, so whatever it held (NaN included) is ignored; when
     * {@code alpha == 0} or {@code k == 0}, A and B are not read.
     *
     * @param m the rows of op(A) and C
     * @param n the columns of op(B) and C
     * @param k the columns of op(A), which are the rows of op(B)
     * @param alpha the factor of the product
     * @param a A's storage; element (i, p) of op(A) is at index {@code aOff + i * aRs + p * aCs}
     * @param aOff the index of op(A)'s element (0, 0), in elements
     * @param aRs the row stride of op(A), in elements
     * @param aCs the column stride of op(A), in elements
     * @param b B's storage; element (p, j) of op(B) is at index {@code bOff + p * bRs + j * bCs}
     * @param bOff the index of op(B)'s element (0, 0), in elements
     * @param bRs the row stride of op(B), in elements
     * @param bCs the column stride of op(B), in elements
     * @param beta the factor of C's old contents; 0 ignores them
     * @param c C's storage; element (i, j) is at index {@code cOff + i * cRs + j * cCs}
     * @param cOff the index of C's element (0, 0), in elements
     * @param cRs the row stride of C, in elements
     * @param cCs the column stride of C, in elements
     * @throws IllegalArgumentException if a size is negative
     * @throws IndexOutOfBoundsException if an element lies outside its segment
     */
    public static void sgemm(int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, long aRs, long aCs,
                             MemorySegment b, long bOff, long bRs, long bCs,
                             float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        checkSizes(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        if (cCs != 1 && cRs == 1) {
            // The kernel stores rows of C with vectors: for column-major C, compute C^T = op(B)^T op(A)^T.
            sgemm(n, m, k, alpha, b, bOff, bCs, bRs, a, aOff, aCs, aRs, beta, c, cOff, cCs, cRs);
        } else if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, cRs, cCs);
        } else if ((long) m * n * k < SMALL) {
            direct(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, cRs, cCs);
        } else if (m == 1 && bRs == 1) {
            rowTimesTransposed(n, k, alpha, a, aOff, aCs, b, bOff, bCs, beta, c, cOff, cCs);
        } else {
            blocked(F32_WORK, F32Blocked.MR, F32Blocked.NR, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        }
    }

    /**
     * One row times a matrix whose columns are contiguous (op(B) the transpose of a row-major weight, as
     * a Linear layer's or an LSTM's recurrent weight): a vector dot product per output, B read once and
     * never packed. For a single row the packed kernel packed all of B (every step of an LSTM at batch 1
     * packed its 64x16 recurrent weight).
     */
    private static void rowTimesTransposed(int n, int k, float alpha, MemorySegment a, long aOff, long aCs,
                                           MemorySegment b, long bOff, long bCs, float beta, MemorySegment c,
                                           long cOff, long cCs) {
        float[] row = new float[k];
        for (int p = 0; p < k; p++) {
            row[p] = a.getAtIndex(F32, aOff + p * aCs);
        }
        CpuParallel.forRange(n, Math.max(1, MIN_TASK / k), (from, to) -> {
            for (long j = from; j < to; j++) {
                float dot = RowDot.dot(row, b, bOff + j * bCs);
                long at = cOff + j * cCs;
                float v = alpha * dot;
                c.setAtIndex(F32, at, beta == 0 ? v : v + beta * c.getAtIndex(F32, at));
            }
        });
    }

    /** The vector dot product of a heap row with as many contiguous floats of a segment. */
    private static final class RowDot {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        static float dot(float[] row, MemorySegment b, long from) {
            int p = 0;
            FloatVector sum = FloatVector.zero(S);
            for (; p + S.length() <= row.length; p += S.length()) {
                sum = FloatVector.fromArray(S, row, p).fma(FloatVector.fromMemorySegment(S, b, (from + p) * Float.BYTES,
                        NATIVE), sum);
            }
            float dot = sum.reduceLanes(VectorOperators.ADD);
            for (; p < row.length; p++) {
                dot += row[p] * b.getAtIndex(F32, from + p);
            }
            return dot;
        }
    }

    /**
     * {@code C = alpha * op(A) @ op(B) + beta * C} in float64; the arguments mean what they mean for
     * {@link #sgemm}.
     *
     * @param m the rows of op(A) and C
     * @param n the columns of op(B) and C
     * @param k the columns of op(A), which are the rows of op(B)
     * @param alpha the factor of the product
     * @param a A's storage; element (i, p) of op(A) is at index {@code aOff + i * aRs + p * aCs}
     * @param aOff the index of op(A)'s element (0, 0), in elements
     * @param aRs the row stride of op(A), in elements
     * @param aCs the column stride of op(A), in elements
     * @param b B's storage; element (p, j) of op(B) is at index {@code bOff + p * bRs + j * bCs}
     * @param bOff the index of op(B)'s element (0, 0), in elements
     * @param bRs the row stride of op(B), in elements
     * @param bCs the column stride of op(B), in elements
     * @param beta the factor of C's old contents; 0 ignores them
     * @param c C's storage; element (i, j) is at index {@code cOff + i * cRs + j * cCs}
     * @param cOff the index of C's element (0, 0), in elements
     * @param cRs the row stride of C, in elements
     * @param cCs the column stride of C, in elements
     * @throws IllegalArgumentException if a size is negative
     * @throws IndexOutOfBoundsException if an element lies outside its segment
     */
    public static void dgemm(int m, int n, int k, double alpha,
                             MemorySegment a, long aOff, long aRs, long aCs,
                             MemorySegment b, long bOff, long bRs, long bCs,
                             double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        checkSizes(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        if (cCs != 1 && cRs == 1) {
            dgemm(n, m, k, alpha, b, bOff, bCs, bRs, a, aOff, aCs, aRs, beta, c, cOff, cCs, cRs);
        } else if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, cRs, cCs);
        } else if ((long) m * n * k < SMALL) {
            direct(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, cRs, cCs);
        } else {
            blocked(F64_WORK, F64Blocked.MR, F64Blocked.NR, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        }
    }

    private static void checkSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative GEMM size " + m + " x " + n + " x " + k);
        }
    }

    /** {@code C = beta * C}, or zeros when {@code beta == 0}. */
    private static void scale(int m, int n, float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long at = cOff + i * cRs + j * cCs;
                c.setAtIndex(F32, at, beta == 0 ? 0f : beta * c.getAtIndex(F32, at));
            }
        }
    }

    private static void scale(int m, int n, double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long at = cOff + i * cRs + j * cCs;
                c.setAtIndex(F64, at, beta == 0 ? 0.0 : beta * c.getAtIndex(F64, at));
            }
        }
    }

    /** The unpacked loop for small products: one row of C at a time, accumulated in a heap row. */
    private static void direct(int m, int n, int k, float alpha, MemorySegment a, long aOff, long aRs, long aCs,
                               MemorySegment b, long bOff, long bRs, long bCs,
                               float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        float[] row = new float[n];
        for (int i = 0; i < m; i++) {
            Arrays.fill(row, 0f);
            for (int p = 0; p < k; p++) {
                float x = a.getAtIndex(F32, aOff + i * aRs + p * aCs);
                long from = bOff + p * bRs;
                for (int j = 0; j < n; j++) {
                    row[j] += x * b.getAtIndex(F32, from + j * bCs);
                }
            }
            for (int j = 0; j < n; j++) {
                long at = cOff + i * cRs + j * cCs;
                float v = alpha * row[j];
                c.setAtIndex(F32, at, beta == 0 ? v : v + beta * c.getAtIndex(F32, at));
            }
        }
    }

    private static void direct(int m, int n, int k, double alpha, MemorySegment a, long aOff, long aRs, long aCs,
                               MemorySegment b, long bOff, long bRs, long bCs,
                               double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            Arrays.fill(row, 0.0);
            for (int p = 0; p < k; p++) {
                double x = a.getAtIndex(F64, aOff + i * aRs + p * aCs);
                long from = bOff + p * bRs;
                for (int j = 0; j < n; j++) {
                    row[j] += x * b.getAtIndex(F64, from + j * bCs);
                }
            }
            for (int j = 0; j < n; j++) {
                long at = cOff + i * cRs + j * cCs;
                double v = alpha * row[j];
                c.setAtIndex(F64, at, beta == 0 ? v : v + beta * c.getAtIndex(F64, at));
            }
        }
    }

    /**
     * Splits C into slabs of whole micro-tiles along its longer side, one per thread; each thread runs the
     * blocked algorithm on its slab with its own packing buffers. The operand that is not split is packed
     * by every thread, which costs less than synchronising the threads around shared buffers.
     */
    private static void blocked(ThreadLocal<? extends Blocked> work, int mr, int nr, int m, int n, int k,
                                double alpha, MemorySegment a, long aOff, long aRs, long aCs,
                                MemorySegment b, long bOff, long bRs, long bCs,
                                double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        if (n >= m) {
            long grain = Math.max(1, MIN_TASK / ((long) m * k * nr));
            CpuParallel.forRange(((long) n + nr - 1) / nr, grain, (from, to) -> {
                int j0 = (int) from * nr;
                int cols = (int) Math.min(n, to * nr) - j0;
                work.get().run(m, cols, k, alpha, a, aOff, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs,
                        beta, c, cOff + j0 * cCs, cRs, cCs);
            });
        } else {
            long grain = Math.max(1, MIN_TASK / ((long) n * k * mr));
            CpuParallel.forRange(((long) m + mr - 1) / mr, grain, (from, to) -> {
                int i0 = (int) from * mr;
                int rows = (int) Math.min(m, to * mr) - i0;
                work.get().run(rows, n, k, alpha, a, aOff + i0 * aRs, aRs, aCs, b, bOff, bRs, bCs,
                        beta, c, cOff + i0 * cRs, cRs, cCs);
            });
        }
    }

    /**
     * One thread's blocked product: the loops around the micro-kernel, shared by both precisions. A
     * kc x nc block of B is packed once per (jc, pc) and stays in L3; an mc x kc block of A is packed for
     * each ic and stays in L2; the micro-kernel multiplies an mr-row panel of A by an nr-column panel of B.
     */
    private abstract static class Blocked {
        private final int mr;
        private final int nr;
        private final int mc;
        private final int kc;
        private final int nc;

        Blocked(int mr, int nr, int mc, int kc, int nc) {
            this.mr = mr;
            this.nr = nr;
            this.mc = mc;
            this.kc = kc;
            this.nc = nc;
        }

        /**
         * Packs the rows x depth block of A at {@code off} into mr-row panels. Rows past the end of the last
         * panel keep stale values, as do columns past the end of B's: the tile store never writes what they
         * produce.
         */
        abstract void packA(MemorySegment src, long off, long rs, long cs, int rows, int depth);

        /** Packs the depth x cols block of B at {@code off} into nr-column panels. */
        abstract void packB(MemorySegment src, long off, long rs, long cs, int depth, int cols);

        /** Multiplies the A panel that starts at row {@code i} by the B panel that starts at column {@code j}. */
        abstract void multiply(int depth, int i, int j);

        /** Writes {@code alpha * tile + beta * C} into the rows x cols corner of the C tile at {@code off}. */
        abstract void store(int rows, int cols, double alpha, double beta, MemorySegment c, long off, long rs,
                            long cs);

        final void run(int m, int n, int k, double alpha, MemorySegment a, long aOff, long aRs, long aCs,
                       MemorySegment b, long bOff, long bRs, long bCs,
                       double beta, MemorySegment c, long cOff, long cRs, long cCs) {
            for (int jc = 0; jc < n; jc += nc) {
                int nb = Math.min(nc, n - jc);
                for (int pc = 0; pc < k; pc += kc) {
                    int kb = Math.min(kc, k - pc);
                    // Later depth blocks accumulate onto what the first one wrote.
                    double betaNow = pc == 0 ? beta : 1;
                    packB(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kb, nb);
                    for (int ic = 0; ic < m; ic += mc) {
                        int mb = Math.min(mc, m - ic);
                        packA(a, aOff + ic * aRs + pc * aCs, aRs, aCs, mb, kb);
                        for (int jr = 0; jr < nb; jr += nr) {
                            for (int ir = 0; ir < mb; ir += mr) {
                                multiply(kb, ir, jr);
                                store(Math.min(mr, mb - ir), Math.min(nr, nb - jr), alpha, betaNow,
                                        c, cOff + (ic + ir) * cRs + (jc + jr) * cCs, cRs, cCs);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The float kernels: MR x NR micro-tiles held in MR * NR / VL vector accumulators. */
    private static final class F32Blocked extends Blocked {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int VL = S.length();
        static final int MR = 12;
        static final int NR = 2 * VL;

        /** Packed A: row r of the panel at row i, depth p, is at {@code (i + r) * aRowStride + p * aDepthStride}. */
        private float[] a = new float[0];
        private int aRowStride;
        private int aDepthStride;
        /** Packed B: depth p of the panel at column j is the NR values at {@code j * depth + p * NR}. */
        private float[] b = new float[0];
        /** Columns of a transposed B, copied out before they are interleaved into {@link #b}. */
        private float[] staged = new float[0];
        private final float[] tile = new float[MR * NR];

        F32Blocked() {
            super(MR, NR, 72, 512, 2048);
        }

        @Override
        void packA(MemorySegment src, long off, long rs, long cs, int rows, int depth) {
            int padded = (rows + MR - 1) / MR * MR;
            if (a.length < padded * depth) {
                a = new float[padded * depth];
            }
            if (rs == 1 && cs != 1) {
                // Transposed A: copy its contiguous columns as they are and let the kernel step across them.
                aRowStride = 1;
                aDepthStride = padded;
                for (int p = 0; p < depth; p++) {
                    MemorySegment.copy(src, F32, (off + p * cs) * Float.BYTES, a, p * padded, rows);
                }
                return;
            }
            aRowStride = depth;
            aDepthStride = 1;
            for (int i = 0; i < rows; i++) {
                if (cs == 1) {
                    MemorySegment.copy(src, F32, (off + i * rs) * Float.BYTES, a, i * depth, depth);
                } else {
                    for (int p = 0; p < depth; p++) {
                        a[i * depth + p] = src.getAtIndex(F32, off + i * rs + p * cs);
                    }
                }
            }
        }

        @Override
        void packB(MemorySegment src, long off, long rs, long cs, int depth, int cols) {
            int padded = (cols + NR - 1) / NR * NR;
            if (b.length < padded * depth) {
                b = new float[padded * depth];
            }
            for (int j = 0; j < cols; j += NR) {
                int lanes = Math.min(NR, cols - j);
                int at = j * depth;
                long from = off + j * cs;
                if (cs == 1 && lanes == NR) {
                    for (int p = 0; p < depth; p++) {
                        long row = (from + p * rs) * Float.BYTES;
                        for (int l = 0; l < NR; l += VL) {
                            FloatVector.fromMemorySegment(S, src, row + (long) l * Float.BYTES, NATIVE)
                                    .intoArray(b, at + p * NR + l);
                        }
                    }
                } else if (cs == 1) {
                    for (int p = 0; p < depth; p++) {
                        MemorySegment.copy(src, F32, (from + p * rs) * Float.BYTES, b, at + p * NR, lanes);
                    }
                } else if (rs == 1) {
                    // Transposed B: bulk-copy each contiguous column, then interleave them on the heap.
                    if (staged.length < depth) {
                        staged = new float[depth];
                    }
                    for (int l = 0; l < lanes; l++) {
                        MemorySegment.copy(src, F32, (from + l * cs) * Float.BYTES, staged, 0, depth);
                        for (int p = 0; p < depth; p++) {
                            b[at + p * NR + l] = staged[p];
                        }
                    }
                } else {
                    for (int p = 0; p < depth; p++) {
                        for (int l = 0; l < lanes; l++) {
                            b[at + p * NR + l] = src.getAtIndex(F32, from + p * rs + l * cs);
                        }
                    }
                }
            }
        }

        @Override
        void multiply(int depth, int i, int j) {
            float[] a = this.a;
            float[] b = this.b;
            float[] out = tile;
            int rs = aRowStride;
            int ps = aDepthStride;
            int ai = i * rs;
            int bi = j * depth;
            // One named accumulator per vector of the tile, so that C2 keeps them all in registers.
            FloatVector c0a = FloatVector.zero(S); FloatVector c0b = FloatVector.zero(S);
            FloatVector c1a = FloatVector.zero(S); FloatVector c1b = FloatVector.zero(S);
            FloatVector c2a = FloatVector.zero(S); FloatVector c2b = FloatVector.zero(S);
            FloatVector c3a = FloatVector.zero(S); FloatVector c3b = FloatVector.zero(S);
            FloatVector c4a = FloatVector.zero(S); FloatVector c4b = FloatVector.zero(S);
            FloatVector c5a = FloatVector.zero(S); FloatVector c5b = FloatVector.zero(S);
            FloatVector c6a = FloatVector.zero(S); FloatVector c6b = FloatVector.zero(S);
            FloatVector c7a = FloatVector.zero(S); FloatVector c7b = FloatVector.zero(S);
            FloatVector c8a = FloatVector.zero(S); FloatVector c8b = FloatVector.zero(S);
            FloatVector c9a = FloatVector.zero(S); FloatVector c9b = FloatVector.zero(S);
            FloatVector c10a = FloatVector.zero(S); FloatVector c10b = FloatVector.zero(S);
            FloatVector c11a = FloatVector.zero(S); FloatVector c11b = FloatVector.zero(S);
            for (int p = 0; p < depth; p++, ai += ps, bi += NR) {
                FloatVector b0 = FloatVector.fromArray(S, b, bi);
                FloatVector b1 = FloatVector.fromArray(S, b, bi + VL);
                FloatVector a0 = FloatVector.broadcast(S, a[ai]);
                c0a = a0.fma(b0, c0a); c0b = a0.fma(b1, c0b);
                FloatVector a1 = FloatVector.broadcast(S, a[ai + rs]);
                c1a = a1.fma(b0, c1a); c1b = a1.fma(b1, c1b);
                FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * rs]);
                c2a = a2.fma(b0, c2a); c2b = a2.fma(b1, c2b);
                FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * rs]);
                c3a = a3.fma(b0, c3a); c3b = a3.fma(b1, c3b);
                FloatVector a4 = FloatVector.broadcast(S, a[ai + 4 * rs]);
                c4a = a4.fma(b0, c4a); c4b = a4.fma(b1, c4b);
                FloatVector a5 = FloatVector.broadcast(S, a[ai + 5 * rs]);
                c5a = a5.fma(b0, c5a); c5b = a5.fma(b1, c5b);
                FloatVector a6 = FloatVector.broadcast(S, a[ai + 6 * rs]);
                c6a = a6.fma(b0, c6a); c6b = a6.fma(b1, c6b);
                FloatVector a7 = FloatVector.broadcast(S, a[ai + 7 * rs]);
                c7a = a7.fma(b0, c7a); c7b = a7.fma(b1, c7b);
                FloatVector a8 = FloatVector.broadcast(S, a[ai + 8 * rs]);
                c8a = a8.fma(b0, c8a); c8b = a8.fma(b1, c8b);
                FloatVector a9 = FloatVector.broadcast(S, a[ai + 9 * rs]);
                c9a = a9.fma(b0, c9a); c9b = a9.fma(b1, c9b);
                FloatVector a10 = FloatVector.broadcast(S, a[ai + 10 * rs]);
                c10a = a10.fma(b0, c10a); c10b = a10.fma(b1, c10b);
                FloatVector a11 = FloatVector.broadcast(S, a[ai + 11 * rs]);
                c11a = a11.fma(b0, c11a); c11b = a11.fma(b1, c11b);
            }
            c0a.intoArray(out, 0); c0b.intoArray(out, VL);
            c1a.intoArray(out, NR); c1b.intoArray(out, NR + VL);
            c2a.intoArray(out, 2 * NR); c2b.intoArray(out, 2 * NR + VL);
            c3a.intoArray(out, 3 * NR); c3b.intoArray(out, 3 * NR + VL);
            c4a.intoArray(out, 4 * NR); c4b.intoArray(out, 4 * NR + VL);
            c5a.intoArray(out, 5 * NR); c5b.intoArray(out, 5 * NR + VL);
            c6a.intoArray(out, 6 * NR); c6b.intoArray(out, 6 * NR + VL);
            c7a.intoArray(out, 7 * NR); c7b.intoArray(out, 7 * NR + VL);
            c8a.intoArray(out, 8 * NR); c8b.intoArray(out, 8 * NR + VL);
            c9a.intoArray(out, 9 * NR); c9b.intoArray(out, 9 * NR + VL);
            c10a.intoArray(out, 10 * NR); c10b.intoArray(out, 10 * NR + VL);
            c11a.intoArray(out, 11 * NR); c11b.intoArray(out, 11 * NR + VL);
        }

        @Override
        void store(int rows, int cols, double alphaD, double betaD, MemorySegment c, long off, long rs, long cs) {
            float alpha = (float) alphaD;
            float beta = (float) betaD;
            if (cs != 1) {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < cols; j++) {
                        long at = off + r * rs + j * cs;
                        float v = alpha * tile[r * NR + j];
                        c.setAtIndex(F32, at, beta == 0 ? v : v + beta * c.getAtIndex(F32, at));
                    }
                }
                return;
            }
            FloatVector betaV = FloatVector.broadcast(S, beta);
            for (int v = 0; v < cols; v += VL) {
                VectorMask<Float> in = S.indexInRange(v, cols);
                boolean full = in.allTrue();
                for (int r = 0; r < rows; r++) {
                    long at = (off + r * rs + v) * Float.BYTES;
                    FloatVector x = FloatVector.fromArray(S, tile, r * NR + v).mul(alpha);
                    if (full) {
                        if (beta != 0) {
                            x = FloatVector.fromMemorySegment(S, c, at, NATIVE).fma(betaV, x);
                        }
                        x.intoMemorySegment(c, at, NATIVE);
                    } else {
                        if (beta != 0) {
                            x = FloatVector.fromMemorySegment(S, c, at, NATIVE, in).fma(betaV, x);
                        }
                        x.intoMemorySegment(c, at, NATIVE, in);
                    }
                }
            }
        }
    }

    /** The double kernels: MR x NR micro-tiles held in MR * NR / VL vector accumulators. */
    private static final class F64Blocked extends Blocked {
        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
        private static final int VL = S.length();
        static final int MR = 12;
        static final int NR = 2 * VL;

        /** Packed A: row r of the panel at row i, depth p, is at {@code (i + r) * aRowStride + p * aDepthStride}. */
        private double[] a = new double[0];
        private int aRowStride;
        private int aDepthStride;
        /** Packed B: depth p of the panel at column j is the NR values at {@code j * depth + p * NR}. */
        private double[] b = new double[0];
        /** Columns of a transposed B, copied out before they are interleaved into {@link #b}. */
        private double[] staged = new double[0];
        private final double[] tile = new double[MR * NR];

        F64Blocked() {
            super(MR, NR, 72, 384, 1024);
        }

        @Override
        void packA(MemorySegment src, long off, long rs, long cs, int rows, int depth) {
            int padded = (rows + MR - 1) / MR * MR;
            if (a.length < padded * depth) {
                a = new double[padded * depth];
            }
            if (rs == 1 && cs != 1) {
                // Transposed A: copy its contiguous columns as they are and let the kernel step across them.
                aRowStride = 1;
                aDepthStride = padded;
                for (int p = 0; p < depth; p++) {
                    MemorySegment.copy(src, F64, (off + p * cs) * Double.BYTES, a, p * padded, rows);
                }
                return;
            }
            aRowStride = depth;
            aDepthStride = 1;
            for (int i = 0; i < rows; i++) {
                if (cs == 1) {
                    MemorySegment.copy(src, F64, (off + i * rs) * Double.BYTES, a, i * depth, depth);
                } else {
                    for (int p = 0; p < depth; p++) {
                        a[i * depth + p] = src.getAtIndex(F64, off + i * rs + p * cs);
                    }
                }
            }
        }

        @Override
        void packB(MemorySegment src, long off, long rs, long cs, int depth, int cols) {
            int padded = (cols + NR - 1) / NR * NR;
            if (b.length < padded * depth) {
                b = new double[padded * depth];
            }
            for (int j = 0; j < cols; j += NR) {
                int lanes = Math.min(NR, cols - j);
                int at = j * depth;
                long from = off + j * cs;
                if (cs == 1 && lanes == NR) {
                    for (int p = 0; p < depth; p++) {
                        long row = (from + p * rs) * Double.BYTES;
                        for (int l = 0; l < NR; l += VL) {
                            DoubleVector.fromMemorySegment(S, src, row + (long) l * Double.BYTES, NATIVE)
                                    .intoArray(b, at + p * NR + l);
                        }
                    }
                } else if (cs == 1) {
                    for (int p = 0; p < depth; p++) {
                        MemorySegment.copy(src, F64, (from + p * rs) * Double.BYTES, b, at + p * NR, lanes);
                    }
                } else if (rs == 1) {
                    // Transposed B: bulk-copy each contiguous column, then interleave them on the heap.
                    if (staged.length < depth) {
                        staged = new double[depth];
                    }
                    for (int l = 0; l < lanes; l++) {
                        MemorySegment.copy(src, F64, (from + l * cs) * Double.BYTES, staged, 0, depth);
                        for (int p = 0; p < depth; p++) {
                            b[at + p * NR + l] = staged[p];
                        }
                    }
                } else {
                    for (int p = 0; p < depth; p++) {
                        for (int l = 0; l < lanes; l++) {
                            b[at + p * NR + l] = src.getAtIndex(F64, from + p * rs + l * cs);
                        }
                    }
                }
            }
        }

        @Override
        void multiply(int depth, int i, int j) {
            double[] a = this.a;
            double[] b = this.b;
            double[] out = tile;
            int rs = aRowStride;
            int ps = aDepthStride;
            int ai = i * rs;
            int bi = j * depth;
            // One named accumulator per vector of the tile, so that C2 keeps them all in registers.
            DoubleVector c0a = DoubleVector.zero(S); DoubleVector c0b = DoubleVector.zero(S);
            DoubleVector c1a = DoubleVector.zero(S); DoubleVector c1b = DoubleVector.zero(S);
            DoubleVector c2a = DoubleVector.zero(S); DoubleVector c2b = DoubleVector.zero(S);
            DoubleVector c3a = DoubleVector.zero(S); DoubleVector c3b = DoubleVector.zero(S);
            DoubleVector c4a = DoubleVector.zero(S); DoubleVector c4b = DoubleVector.zero(S);
            DoubleVector c5a = DoubleVector.zero(S); DoubleVector c5b = DoubleVector.zero(S);
            DoubleVector c6a = DoubleVector.zero(S); DoubleVector c6b = DoubleVector.zero(S);
            DoubleVector c7a = DoubleVector.zero(S); DoubleVector c7b = DoubleVector.zero(S);
            DoubleVector c8a = DoubleVector.zero(S); DoubleVector c8b = DoubleVector.zero(S);
            DoubleVector c9a = DoubleVector.zero(S); DoubleVector c9b = DoubleVector.zero(S);
            DoubleVector c10a = DoubleVector.zero(S); DoubleVector c10b = DoubleVector.zero(S);
            DoubleVector c11a = DoubleVector.zero(S); DoubleVector c11b = DoubleVector.zero(S);
            for (int p = 0; p < depth; p++, ai += ps, bi += NR) {
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bi + VL);
                DoubleVector a0 = DoubleVector.broadcast(S, a[ai]);
                c0a = a0.fma(b0, c0a); c0b = a0.fma(b1, c0b);
                DoubleVector a1 = DoubleVector.broadcast(S, a[ai + rs]);
                c1a = a1.fma(b0, c1a); c1b = a1.fma(b1, c1b);
                DoubleVector a2 = DoubleVector.broadcast(S, a[ai + 2 * rs]);
                c2a = a2.fma(b0, c2a); c2b = a2.fma(b1, c2b);
                DoubleVector a3 = DoubleVector.broadcast(S, a[ai + 3 * rs]);
                c3a = a3.fma(b0, c3a); c3b = a3.fma(b1, c3b);
                DoubleVector a4 = DoubleVector.broadcast(S, a[ai + 4 * rs]);
                c4a = a4.fma(b0, c4a); c4b = a4.fma(b1, c4b);
                DoubleVector a5 = DoubleVector.broadcast(S, a[ai + 5 * rs]);
                c5a = a5.fma(b0, c5a); c5b = a5.fma(b1, c5b);
                DoubleVector a6 = DoubleVector.broadcast(S, a[ai + 6 * rs]);
                c6a = a6.fma(b0, c6a); c6b = a6.fma(b1, c6b);
                DoubleVector a7 = DoubleVector.broadcast(S, a[ai + 7 * rs]);
                c7a = a7.fma(b0, c7a); c7b = a7.fma(b1, c7b);
                DoubleVector a8 = DoubleVector.broadcast(S, a[ai + 8 * rs]);
                c8a = a8.fma(b0, c8a); c8b = a8.fma(b1, c8b);
                DoubleVector a9 = DoubleVector.broadcast(S, a[ai + 9 * rs]);
                c9a = a9.fma(b0, c9a); c9b = a9.fma(b1, c9b);
                DoubleVector a10 = DoubleVector.broadcast(S, a[ai + 10 * rs]);
                c10a = a10.fma(b0, c10a); c10b = a10.fma(b1, c10b);
                DoubleVector a11 = DoubleVector.broadcast(S, a[ai + 11 * rs]);
                c11a = a11.fma(b0, c11a); c11b = a11.fma(b1, c11b);
            }
            c0a.intoArray(out, 0); c0b.intoArray(out, VL);
            c1a.intoArray(out, NR); c1b.intoArray(out, NR + VL);
            c2a.intoArray(out, 2 * NR); c2b.intoArray(out, 2 * NR + VL);
            c3a.intoArray(out, 3 * NR); c3b.intoArray(out, 3 * NR + VL);
            c4a.intoArray(out, 4 * NR); c4b.intoArray(out, 4 * NR + VL);
            c5a.intoArray(out, 5 * NR); c5b.intoArray(out, 5 * NR + VL);
            c6a.intoArray(out, 6 * NR); c6b.intoArray(out, 6 * NR + VL);
            c7a.intoArray(out, 7 * NR); c7b.intoArray(out, 7 * NR + VL);
            c8a.intoArray(out, 8 * NR); c8b.intoArray(out, 8 * NR + VL);
            c9a.intoArray(out, 9 * NR); c9b.intoArray(out, 9 * NR + VL);
            c10a.intoArray(out, 10 * NR); c10b.intoArray(out, 10 * NR + VL);
            c11a.intoArray(out, 11 * NR); c11b.intoArray(out, 11 * NR + VL);
        }

        @Override
        void store(int rows, int cols, double alpha, double beta, MemorySegment c, long off, long rs, long cs) {
            if (cs != 1) {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < cols; j++) {
                        long at = off + r * rs + j * cs;
                        double v = alpha * tile[r * NR + j];
                        c.setAtIndex(F64, at, beta == 0 ? v : v + beta * c.getAtIndex(F64, at));
                    }
                }
                return;
            }
            DoubleVector betaV = DoubleVector.broadcast(S, beta);
            for (int v = 0; v < cols; v += VL) {
                VectorMask<Double> in = S.indexInRange(v, cols);
                boolean full = in.allTrue();
                for (int r = 0; r < rows; r++) {
                    long at = (off + r * rs + v) * Double.BYTES;
                    DoubleVector x = DoubleVector.fromArray(S, tile, r * NR + v).mul(alpha);
                    if (full) {
                        if (beta != 0) {
                            x = DoubleVector.fromMemorySegment(S, c, at, NATIVE).fma(betaV, x);
                        }
                        x.intoMemorySegment(c, at, NATIVE);
                    } else {
                        if (beta != 0) {
                            x = DoubleVector.fromMemorySegment(S, c, at, NATIVE, in).fma(betaV, x);
                        }
                        x.intoMemorySegment(c, at, NATIVE, in);
                    }
                }
            }
        }
    }

}
