package dev.arbor.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Matrix multiply on strided host memory: {@code C = alpha * A @ B + beta * C}. A simple loop
 * (row of A times B, accumulated along k) until the packed Vector API kernel lands.
 */
public final class Gemm {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private Gemm() {}

    /** float32 GEMM; element (i,p) of A is at {@code aOff + i*aRs + p*aCs}, likewise B and C; beta 0 overwrites C. */
    public static void sgemm(int m, int n, int k, float alpha, MemorySegment a, long aOff, long aRs, long aCs,
                             MemorySegment b, long bOff, long bRs, long bCs, float beta, MemorySegment c, long cOff,
                             long cRs, long cCs) {
        CpuParallel.forRange(m, Math.max(1, (1 << 16) / Math.max(1, (long) n * k)), (from, to) -> {
            double[] row = new double[n];
            for (long i = from; i < to; i++) {
                java.util.Arrays.fill(row, 0);
                for (int p = 0; p < k; p++) {
                    double av = a.getAtIndex(F32, aOff + i * aRs + p * aCs);
                    for (int j = 0; j < n; j++) {
                        row[j] += av * b.getAtIndex(F32, bOff + p * bRs + j * bCs);
                    }
                }
                for (int j = 0; j < n; j++) {
                    long at = cOff + i * cRs + j * cCs;
                    float old = beta == 0 ? 0 : beta * c.getAtIndex(F32, at);
                    c.setAtIndex(F32, at, (float) (alpha * row[j] + old));
                }
            }
        });
    }

    /** float64 GEMM, as {@link #sgemm}. */
    public static void dgemm(int m, int n, int k, double alpha, MemorySegment a, long aOff, long aRs, long aCs,
                             MemorySegment b, long bOff, long bRs, long bCs, double beta, MemorySegment c, long cOff,
                             long cRs, long cCs) {
        CpuParallel.forRange(m, Math.max(1, (1 << 16) / Math.max(1, (long) n * k)), (from, to) -> {
            double[] row = new double[n];
            for (long i = from; i < to; i++) {
                java.util.Arrays.fill(row, 0);
                for (int p = 0; p < k; p++) {
                    double av = a.getAtIndex(F64, aOff + i * aRs + p * aCs);
                    for (int j = 0; j < n; j++) {
                        row[j] += av * b.getAtIndex(F64, bOff + p * bRs + j * bCs);
                    }
                }
                for (int j = 0; j < n; j++) {
                    long at = cOff + i * cRs + j * cCs;
                    double old = beta == 0 ? 0 : beta * c.getAtIndex(F64, at);
                    c.setAtIndex(F64, at, alpha * row[j] + old);
                }
            }
        });
    }
}
