package dev.arbor.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks {@link Gemm} against a float64 reference on many shapes, layouts and thread counts. */
class GemmTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final int THREADS = CpuParallel.threads();

    @AfterEach
    void restoreThreads() {
        CpuParallel.setThreads(THREADS);
    }

    /** How a matrix sits in its segment: offset and strides, in elements. */
    private record Layout(long off, long rs, long cs, long size) {
        /** Row-major with leading dimension {@code ld} (>= cols), starting {@code off} elements in. */
        static Layout rowMajor(int rows, int cols, long ld, long off) {
            return new Layout(off, ld, 1, off + (rows - 1) * ld + cols);
        }

        /** The transpose of a row-major cols x rows matrix: column-major rows x cols. */
        static Layout colMajor(int rows, int cols, long ld, long off) {
            return new Layout(off, 1, ld, off + (cols - 1) * ld + rows);
        }

        /** Neither stride is 1: every other element of every other row. */
        static Layout sparse(int rows, int cols, long off) {
            return new Layout(off, 4L * cols + 2, 2, off + (rows - 1) * (4L * cols + 2) + 2L * (cols - 1) + 1);
        }

        static Layout of(char kind, int rows, int cols, long off) {
            return switch (kind) {
                case 'r' -> rowMajor(rows, cols, cols, off);
                case 'p' -> rowMajor(rows, cols, cols + 5, off);
                case 'c' -> colMajor(rows, cols, rows, off);
                case 's' -> sparse(rows, cols, off);
                default -> throw new IllegalArgumentException(String.valueOf(kind));
            };
        }

        long at(long i, long j) {
            return off + i * rs + j * cs;
        }
    }

    /**
     * One case: sizes, alpha, beta and the layouts of A, B and C as letters: r row-major, p row-major padded
     * (leading dimension > columns), c column-major (a transposed operand), s neither stride 1.
     */
    private record Case(int m, int n, int k, double alpha, double beta, String layouts, long off) {
        @Override
        public String toString() {
            return m + "x" + n + "x" + k + " alpha=" + alpha + " beta=" + beta + " " + layouts + " off=" + off;
        }
    }

    static Stream<Arguments> cases() {
        var cases = Stream.<Case>builder();
        int[][] shapes = {
            {1, 1, 1}, {2, 3, 4}, {1, 7, 5}, {7, 1, 5}, {5, 7, 1}, {12, 32, 16}, {13, 33, 17}, {17, 33, 65},
            {31, 31, 31}, {32, 32, 32}, {64, 64, 64}, {129, 257, 67}, {1, 300, 200}, {300, 1, 200},
            {500, 3, 40}, {3, 500, 40}, {300, 40, 3}, {100, 90, 600}, {73, 97, 1030}, {13, 4100, 20},
        };
        for (int[] s : shapes) {
            cases.add(new Case(s[0], s[1], s[2], 1, 0, "rrr", 0));
            cases.add(new Case(s[0], s[1], s[2], 0.5, 2, "crp", 3));
            cases.add(new Case(s[0], s[1], s[2], -1.5, 1, "rcr", 1));
            cases.add(new Case(s[0], s[1], s[2], 2, -0.5, "ccc", 0));
        }
        for (String layouts : new String[] {"ppp", "rcp", "crr", "sss", "srs", "rsc", "csr", "ccr", "rrc"}) {
            cases.add(new Case(45, 70, 90, 1.25, 0.75, layouts, 7));
            cases.add(new Case(80, 20, 33, -1, 0, layouts, 2));
        }
        cases.add(new Case(40, 50, 0, 1, 0, "rrr", 0));
        cases.add(new Case(40, 50, 0, 1, 3, "rrp", 1));
        cases.add(new Case(60, 70, 80, 0, 0.5, "rrr", 0));
        cases.add(new Case(0, 50, 10, 1, 1, "rrr", 0));
        cases.add(new Case(50, 0, 10, 1, 1, "rrr", 0));
        return cases.build().flatMap(c -> Stream.of(Arguments.of(c, 1), Arguments.of(c, 2)));
    }

    @ParameterizedTest(name = "{0} threads={1}")
    @MethodSource("cases")
    void sgemmMatchesReference(Case t, int threads) {
        CpuParallel.setThreads(threads);
        check(t, false);
    }

    @ParameterizedTest(name = "{0} threads={1}")
    @MethodSource("cases")
    void dgemmMatchesReference(Case t, int threads) {
        CpuParallel.setThreads(threads);
        check(t, true);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void heapSegmentsWork(int threads) {
        CpuParallel.setThreads(threads);
        int m = 70;
        int n = 90;
        int k = 50;
        Random rnd = new Random(3);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat() - 0.5f;
        }
        Gemm.sgemm(m, n, k, 1f, MemorySegment.ofArray(a), 0, k, 1, MemorySegment.ofArray(b), 0, n, 1,
                0f, MemorySegment.ofArray(c), 0, n, 1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    ref += (double) a[i * k + p] * b[p * n + j];
                    mag += Math.abs((double) a[i * k + p] * b[p * n + j]);
                }
                assertEquals(ref, c[i * n + j], (k + 2) * Math.ulp(1f) * mag, "C[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void unalignedSegmentWorks() {
        int m = 40;
        int n = 48;
        int k = 36;
        // A byte[]-backed segment at an odd byte offset: no element is aligned.
        MemorySegment bytes = MemorySegment.ofArray(new byte[4 * (m * k + k * n + m * n) + 1]).asSlice(1);
        MemorySegment a = bytes.asSlice(0, 4L * m * k);
        MemorySegment b = bytes.asSlice(4L * m * k, 4L * k * n);
        MemorySegment c = bytes.asSlice(4L * (m * k + k * n), 4L * m * n);
        for (int i = 0; i < m * k; i++) {
            a.setAtIndex(F32, i, (i % 7) - 3);
        }
        for (int i = 0; i < k * n; i++) {
            b.setAtIndex(F32, i, (i % 5) - 2);
        }
        Gemm.sgemm(m, n, k, 1f, a, 0, k, 1, b, 0, n, 1, 0f, c, 0, n, 1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float ref = 0;
                for (int p = 0; p < k; p++) {
                    ref += a.getAtIndex(F32, (long) i * k + p) * b.getAtIndex(F32, (long) p * n + j);
                }
                // Small integers: every partial sum is exact.
                assertEquals(ref, c.getAtIndex(F32, (long) i * n + j), "C[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void negativeSizeIsRejected() {
        MemorySegment s = MemorySegment.ofArray(new float[4]);
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(-1, 1, 1, 1f, s, 0, 1, 1, s, 0, 1, 1, 0f, s, 0, 1, 1));
    }

    /** Runs one case and compares every element of C, and checks that C's gaps are left alone. */
    private static void check(Case t, boolean f64) {
        Random rnd = new Random(31L * t.m() + 17L * t.n() + t.k() + t.layouts().hashCode());
        Layout la = Layout.of(t.layouts().charAt(0), t.m(), t.k(), t.off());
        Layout lb = Layout.of(t.layouts().charAt(1), t.k(), t.n(), t.off());
        Layout lc = Layout.of(t.layouts().charAt(2), t.m(), t.n(), t.off());
        int width = f64 ? 8 : 4;
        Arena arena = Arena.ofAuto();
        MemorySegment a = arena.allocate(Math.max(1, la.size()) * width, 64);
        MemorySegment b = arena.allocate(Math.max(1, lb.size()) * width, 64);
        MemorySegment c = arena.allocate(Math.max(1, lc.size()) * width, 64);
        fill(a, f64, rnd, la.size());
        fill(b, f64, rnd, lb.size());
        fill(c, f64, rnd, lc.size());
        if (t.beta() == 0 && t.m() > 0 && t.n() > 0) {
            // With beta == 0, C is output only: a NaN there must not leak into the result.
            set(c, f64, lc.at(0, 0), Double.NaN);
        }
        MemorySegment before = arena.allocate(c.byteSize());
        before.copyFrom(c);

        if (f64) {
            Gemm.dgemm(t.m(), t.n(), t.k(), t.alpha(), a, la.off(), la.rs(), la.cs(), b, lb.off(), lb.rs(),
                    lb.cs(), t.beta(), c, lc.off(), lc.rs(), lc.cs());
        } else {
            Gemm.sgemm(t.m(), t.n(), t.k(), (float) t.alpha(), a, la.off(), la.rs(), la.cs(), b, lb.off(),
                    lb.rs(), lb.cs(), (float) t.beta(), c, lc.off(), lc.rs(), lc.cs());
        }

        double eps = f64 ? Math.ulp(1.0) : Math.ulp(1f);
        boolean[] inC = new boolean[(int) Math.max(1, lc.size())];
        for (int i = 0; i < t.m(); i++) {
            for (int j = 0; j < t.n(); j++) {
                double sum = 0;
                double mag = 0;
                for (int p = 0; p < t.k(); p++) {
                    double x = get(a, f64, la.at(i, p)) * get(b, f64, lb.at(p, j));
                    sum += x;
                    mag += Math.abs(x);
                }
                long at = lc.at(i, j);
                inC[(int) at] = true;
                double old = t.beta() == 0 ? 0 : t.beta() * get(before, f64, at);
                double ref = t.alpha() * sum + old;
                double tol = (t.k() + 4) * eps * (Math.abs(t.alpha()) * mag + Math.abs(old)) + Double.MIN_NORMAL;
                double got = get(c, f64, at);
                if (!(Math.abs(got - ref) <= tol)) {
                    fail(t + ": C[" + i + "," + j + "] = " + got + ", expected " + ref + " +- " + tol);
                }
            }
        }
        for (int at = 0; at < lc.size(); at++) {
            if (!inC[at]) {
                assertEquals(get(before, f64, at), get(c, f64, at), 0, t + ": element " + at + " outside C changed");
            }
        }
    }

    private static void fill(MemorySegment s, boolean f64, Random rnd, long count) {
        for (long i = 0; i < count; i++) {
            set(s, f64, i, rnd.nextDouble() * 2 - 1);
        }
    }

    private static double get(MemorySegment s, boolean f64, long at) {
        return f64 ? s.getAtIndex(F64, at) : s.getAtIndex(F32, at);
    }

    private static void set(MemorySegment s, boolean f64, long at, double v) {
        if (f64) {
            s.setAtIndex(F64, at, v);
        } else {
            s.setAtIndex(F32, at, (float) v);
        }
    }
}
