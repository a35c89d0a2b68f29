package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.backend.Window;
import dev.arbor.backend.cpu.CpuBackend;
import dev.arbor.nn.Linear;
import dev.arbor.nn.Module;
import dev.arbor.nn.functional.F;
import dev.arbor.optim.SGD;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every primitive on the GPU against the CPU backend on the same inputs: all dtypes, strided and
 * broadcast views, the reduction, scan and sort strategies, cuBLAS products, the window kernels,
 * transfers, the allocator, and a training step through the engine. Skipped, with the reason, where
 * CUDA is unavailable.
 */
class CudaGpuTest {
    private static final Device CUDA = Device.cuda(0);
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private static CudaBackend gpu;

    private static boolean announced;

    @BeforeEach
    void needsAGpu() {
        if (!announced) {
            announced = true;
            System.err.println("CudaGpuTest: " + (Cuda.isAvailable() ? "on " + Cuda.describe(0)
                    : "skipped, CUDA unavailable: " + Cuda.unavailableReason()));
        }
        assumeTrue(Cuda.isAvailable(), () -> "CUDA unavailable: " + Cuda.unavailableReason());
        if (gpu == null) {
            gpu = new CudaBackend();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Random values suited to the dtype: normal floats, small integers, both booleans. */
    static Tensor random(Generator g, DType t, long... shape) {
        int n = Math.toIntExact(dev.arbor.tensor.Shapes.numel(shape));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (t.kind()) {
                case FLOAT -> 2 * g.nextGaussian();
                case SIGNED -> g.nextLong(-100, 100);
                case UNSIGNED -> g.nextLong(0, 200);
                case BOOL -> g.nextLong(0, 2);
            };
        }
        return Tensor.of(v, t, shape);
    }

    /** A float tensor with NaN, infinities and signed zeros among normal values. */
    static Tensor withSpecials(Generator g, DType t, long... shape) {
        Tensor x = random(g, DType.FLOAT64, shape);
        double[] v = x.toDoubleArray();
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e30, -1e30, 0.5,
            -2.5, 3.5, 1e-40};
        for (int i = 0; i < v.length; i += 5) {
            v[i] = specials[(i / 5) % specials.length];
        }
        return Tensor.of(v, t, shape);
    }

    static Tensor cuda(Tensor cpu) {
        return cpu.to(CUDA);
    }

    static Tensor emptyLike(Tensor t, Device d) {
        return Tensor.empty(t.dtype(), d, t.shape());
    }

    static double rtol(DType t) {
        return switch (t) {
            case FLOAT64 -> 1e-10;
            case FLOAT32 -> 2e-5;
            case FLOAT16 -> 2e-3;
            case BFLOAT16 -> 1.6e-2;
            default -> 0;
        };
    }

    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.to(Device.CPU).toDoubleArray();
        double[] a = actual.to(Device.CPU).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                    : e[i] == a[i] || Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]);
            if (!ok) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    static void assertSame(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, 0, 0, what);
    }

    // ---- copy, cast, fill ------------------------------------------------------------------------

    @Test
    void castsBetweenEveryPairOfDtypesAsTheCpuDoes() {
        Generator g = new Generator(1);
        for (DType s : DType.values()) {
            Tensor src = s.isFloatingPoint() ? withSpecials(g, s, 7, 9) : random(g, s, 7, 9);
            Tensor view = src.transpose(0, 1);
            for (DType d : DType.values()) {
                Tensor expected = Tensor.empty(d, Device.CPU, 9, 7);
                CPU.copy(view, expected);
                Tensor actual = Tensor.empty(d, CUDA, 9, 7);
                gpu.copy(cuda(src).transpose(0, 1), actual);
                assertSame(expected, actual, "cast " + s + " -> " + d);
            }
        }
    }

    @Test
    void copiesIntoStridedViewsAndFillsEveryDtype() {
        Generator g = new Generator(2);
        for (DType t : DType.values()) {
            Tensor src = random(g, t, 4, 6);
            Tensor dst = cuda(Tensor.zeros(t, 6, 4));
            gpu.copy(cuda(src), dst.transpose(0, 1));
            assertSame(src.transpose(0, 1).contiguous(), dst, "copy into a transposed view " + t);
            for (Number value : new Number[] {0, 3, -2.75, 1e10, Double.NaN}) {
                Tensor expected = Tensor.zeros(t, 5, 3);
                CPU.fill(expected.narrow(1, 1, 2), value);
                Tensor actual = cuda(Tensor.zeros(t, 5, 3));
                gpu.fill(actual.narrow(1, 1, 2), value);
                assertSame(expected, actual, "fill " + t + " with " + value);
            }
        }
    }

    // ---- elementwise -----------------------------------------------------------------------------

    @Test
    void everyUnaryOpOnEveryDtypeItIsDefinedFor() {
        Generator g = new Generator(3);
        for (UnaryOp op : UnaryOp.values()) {
            for (DType t : DType.values()) {
                if (!CudaElementwise.unaryDefined(op, t)) {
                    continue;
                }
                Tensor x = t.isFloatingPoint() ? withSpecials(g, t, 33, 40) : random(g, t, 33, 40);
                DType out = op.isPredicate() ? DType.BOOL : t;
                Tensor expected = Tensor.empty(out, Device.CPU, 40, 33);
                CPU.unary(op, x.transpose(0, 1), expected);
                Tensor actual = Tensor.empty(out, CUDA, 40, 33);
                gpu.unary(op, cuda(x).transpose(0, 1), actual);
                assertClose(expected, actual, rtol(out), rtol(out) * 1e-1, op + " on " + t);
            }
        }
    }

    /** The second operand: non-zero (integer division), small non-negative exponents and shifts. */
    static Tensor secondOperand(Generator g, BinaryOp op, DType t, long... shape) {
        Tensor b = t.isFloatingPoint() ? withSpecials(g, t, shape) : random(g, t, shape);
        if (t.isFloatingPoint()) {
            return b;
        }
        double[] v = b.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (op) {
                case POW -> Math.abs(v[i]) % 6;
                case SHIFT_LEFT, SHIFT_RIGHT -> Math.abs(v[i]) % 70;
                case DIV, FLOOR_DIVIDE, REMAINDER, FMOD -> v[i] == 0 ? 1 : v[i];
                default -> v[i];
            };
        }
        return Tensor.of(v, t, shape);
    }

    @Test
    void everyBinaryOpOnEveryDtypeWithABroadcastOperand() {
        Generator g = new Generator(4);
        for (BinaryOp op : BinaryOp.values()) {
            for (DType t : DType.values()) {
                if (!CudaElementwise.binaryDefined(op, t) || (op == BinaryOp.POW && t == DType.BOOL)) {
                    continue;
                }
                Tensor a = t.isFloatingPoint() ? withSpecials(g, t, 17, 30) : random(g, t, 17, 30);
                Tensor b = secondOperand(g, op, t, 1, 30).expand(17, 30);
                DType out = op.isComparison() ? DType.BOOL : t;
                Tensor expected = Tensor.empty(out, Device.CPU, 17, 30);
                CPU.binary(op, a, b, expected);
                Tensor actual = Tensor.empty(out, CUDA, 17, 30);
                gpu.binary(op, cuda(a), cuda(b.contiguous()).narrow(0, 0, 1).expand(17, 30), actual);
                assertClose(expected, actual, rtol(out), rtol(out) * 1e-1, op + " on " + t);
            }
        }
    }

    @Test
    void whereMovesElementsOfEveryWidth() {
        Generator g = new Generator(5);
        for (DType t : List.of(DType.BOOL, DType.FLOAT16, DType.FLOAT32, DType.INT64)) {
            Tensor cond = random(g, DType.BOOL, 8, 1);
            Tensor a = random(g, t, 8, 9);
            Tensor b = random(g, t, 1, 9);
            Tensor expected = Tensor.empty(t, Device.CPU, 8, 9);
            CPU.where(cond.expand(8, 9), a, b.expand(8, 9), expected);
            Tensor actual = Tensor.empty(t, CUDA, 8, 9);
            gpu.where(cuda(cond).expand(8, 9), cuda(a), cuda(b).expand(8, 9), actual);
            assertSame(expected, actual, "where " + t);
        }
    }

    // ---- reductions and scans --------------------------------------------------------------------

    static DType reducedType(ReduceOp op, DType t) {
        return switch (op) {
            case SUM, PROD -> t.isFloatingPoint() ? t : DType.INT64;
            case ANY, ALL -> DType.BOOL;
            default -> t;
        };
    }

    static long[] keepdim(long[] shape, int[] dims) {
        long[] s = shape.clone();
        for (int d : dims) {
            s[d] = 1;
        }
        return s;
    }

    @Test
    void everyReductionOverEverySetOfDimensions() {
        Generator g = new Generator(6);
        int[][] dimSets = {{0}, {1}, {2}, {0, 2}, {1, 2}, {0, 1, 2}};
        for (ReduceOp op : ReduceOp.values()) {
            for (DType t : DType.values()) {
                Tensor x = random(g, t, 7, 6, 5);
                if (op == ReduceOp.PROD && t.isFloatingPoint()) {
                    x = Tensor.rand(g, DType.FLOAT64, 7, 6, 5).mul(0.4).add(0.8).to(t);
                }
                Tensor view = x.permute(2, 1, 0); // [5, 6, 7], no dimension contiguous but the middle one's stride
                for (int[] dims : dimSets) {
                    DType out = reducedType(op, t);
                    Tensor expected = Tensor.empty(out, Device.CPU, keepdim(view.shape(), dims));
                    CPU.reduce(op, view, dims, expected);
                    Tensor actual = Tensor.empty(out, CUDA, keepdim(view.shape(), dims));
                    gpu.reduce(op, onCuda(view), dims, actual);
                    // float32 accumulates in float on the GPU, in double on the CPU
                    double tol = t == DType.FLOAT32 ? 1e-4 : rtol(out);
                    assertClose(expected, actual, tol, Math.max(tol, 1e-6),
                            op + " of " + t + " over " + java.util.Arrays.toString(dims));
                }
            }
        }
    }

    @Test
    void largeReductionsThatSplitAcrossBlocks() {
        Generator g = new Generator(7);
        Tensor wide = Tensor.rand(g, DType.FLOAT32, 3, 300_000);
        Tensor tall = wide.transpose(0, 1);
        Tensor all = Tensor.rand(g, DType.FLOAT32, 1 << 21);
        record Case(Tensor x, int[] dims) {}
        for (Case c : List.of(new Case(wide, new int[] {1}), new Case(tall.contiguous(), new int[] {0}),
                new Case(tall, new int[] {0}), new Case(all, new int[] {0}))) {
            for (ReduceOp op : List.of(ReduceOp.SUM, ReduceOp.MAX, ReduceOp.ANY)) {
                DType out = reducedType(op, DType.FLOAT32);
                Tensor expected = Tensor.empty(out, Device.CPU, keepdim(c.x().shape(), c.dims()));
                CPU.reduce(op, c.x(), c.dims(), expected);
                Tensor actual = Tensor.empty(out, CUDA, keepdim(c.x().shape(), c.dims()));
                gpu.reduce(op, onCuda(c.x()), c.dims(), actual);
                assertClose(expected, actual, 1e-5, 0, op + " over " + java.util.Arrays.toString(c.x().shape()));
            }
        }
        Tensor ints = random(g, DType.INT32, 1 << 20);
        Tensor expected = Tensor.empty(DType.INT64, Device.CPU, 1);
        CPU.reduce(ReduceOp.SUM, ints, new int[] {0}, expected);
        Tensor actual = Tensor.empty(DType.INT64, CUDA, 1);
        gpu.reduce(ReduceOp.SUM, cuda(ints), new int[] {0}, actual);
        assertSame(expected, actual, "int32 sum of 1M");
    }

    @Test
    void argMaxAndArgMinTakeTheFirstTieAndNaN() {
        Generator g = new Generator(8);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT16, DType.FLOAT64, DType.INT32, DType.UINT8, DType.BOOL,
                DType.UINT64)) {
            Tensor x = t.isFloatingPoint() ? withSpecials(g, t, 50, 300) : Tensor.of(
                    random(g, DType.INT64, 50, 300).remainder(Tensor.scalar(4, DType.INT64)).toDoubleArray(), t, 50, 300);
            for (int dim : new int[] {0, 1}) {
                for (boolean max : new boolean[] {true, false}) {
                    long[] shape = keepdim(x.shape(), new int[] {dim});
                    Tensor expected = Tensor.empty(DType.INT64, Device.CPU, shape);
                    CPU.argReduce(max, x, dim, expected);
                    Tensor actual = Tensor.empty(DType.INT64, CUDA, shape);
                    gpu.argReduce(max, cuda(x), dim, actual);
                    assertSame(expected, actual, (max ? "argmax" : "argmin") + " of " + t + " over " + dim);
                }
            }
        }
    }

    @Test
    void cumulativeSumsAndProductsShortAndLongRows() {
        Generator g = new Generator(9);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.FLOAT16)) {
            for (long[] shape : new long[][] {{4, 1000}, {1000, 4}, {3, 70}}) {
                for (int dim : new int[] {0, 1}) {
                    for (boolean product : new boolean[] {false, true}) {
                        Tensor x = product && t.isFloatingPoint()
                                ? Tensor.rand(g, DType.FLOAT64, shape).mul(0.02).add(0.99).to(t)
                                : product ? random(g, DType.INT64, shape).remainder(Tensor.scalar(3, DType.INT64)).to(t)
                                : random(g, t, shape);
                        Tensor expected = emptyLike(x, Device.CPU);
                        CPU.cumulative(product, x, dim, expected);
                        Tensor actual = emptyLike(x, CUDA);
                        gpu.cumulative(product, cuda(x), dim, actual);
                        double tol = t == DType.FLOAT32 ? 1e-4 : rtol(t) * 10;
                        assertClose(expected, actual, tol, t == DType.FLOAT32 ? 1e-3 : tol, (product ? "cumprod" : "cumsum") + " of " + t + " "
                                + java.util.Arrays.toString(shape) + " over " + dim);
                    }
                }
            }
        }
    }

    // ---- matmul ----------------------------------------------------------------------------------

    @Test
    void matmulOfEveryLayoutCuBlasReadsAndOfThoseItCannot() {
        Generator g = new Generator(10);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor a = random(g, t, 3, 33, 65);
            Tensor b = random(g, t, 3, 65, 17);
            Tensor aT = random(g, t, 3, 65, 33).transpose(1, 2);
            Tensor bWide = random(g, t, 3, 65, 40).narrow(2, 5, 17);
            Tensor bShared = random(g, t, 1, 65, 17).expand(3, 65, 17);
            Tensor aStepped = random(g, t, 3, 33, 130).slice(2, 0, 130, 2);
            Tensor a1 = random(g, t, 1, 64, 48);
            Tensor b1 = random(g, t, 1, 48, 80);
            record Pair(String name, Tensor a, Tensor b) {}
            for (Pair p : List.of(new Pair("contiguous", a, b), new Pair("transposed a", aT, b),
                    new Pair("column slice of b", a, bWide), new Pair("broadcast b", a, bShared),
                    new Pair("stride-2 a (copied)", aStepped, b), new Pair("single", a1, b1))) {
                long[] shape = {p.a().size(0), p.a().size(1), p.b().size(2)};
                Tensor expected = Tensor.empty(t, Device.CPU, shape);
                CPU.matmul(p.a(), p.b(), expected);
                Tensor actual = Tensor.empty(t, CUDA, shape);
                gpu.matmul(onCuda(p.a()), onCuda(p.b()), actual);
                double tol = t == DType.FLOAT64 ? 1e-10 : 1e-4;
                assertClose(expected, actual, tol, tol * 100, "matmul " + t + " " + p.name());
            }
        }
    }

    /** The same view of the same values on the GPU: the storage is copied whole and viewed alike. */
    static Tensor onCuda(Tensor view) {
        Tensor base = Tensor.wrap(view.storage(), view.dtype(), new long[] {view.storage().byteSize() / view.dtype().byteSize()},
                new long[] {1}, 0);
        Tensor moved = base.to(CUDA);
        return Tensor.wrap(moved.storage(), view.dtype(), view.shape(), view.strides(), view.offset());
    }

    @Test
    void halfPrecisionProductsAndTf32() {
        Generator g = new Generator(11);
        Tensor a = random(g, DType.FLOAT32, 2, 64, 96);
        Tensor b = random(g, DType.FLOAT32, 2, 96, 32);
        Tensor reference = Tensor.empty(DType.FLOAT32, Device.CPU, 2, 64, 32);
        for (DType t : List.of(DType.FLOAT16, DType.BFLOAT16)) {
            Tensor at = a.to(t);
            Tensor bt = b.to(t);
            CPU.matmul(at.to(DType.FLOAT32), bt.to(DType.FLOAT32), reference);
            Tensor actual = Tensor.empty(t, CUDA, 2, 64, 32);
            gpu.matmul(cuda(at), cuda(bt), actual);
            assertClose(reference.to(t), actual, 2e-2, 0.1, "matmul " + t);
        }
        CPU.matmul(a, b, reference);
        Cuda.setAllowTf32(CUDA, true);
        try {
            Tensor actual = Tensor.empty(DType.FLOAT32, CUDA, 2, 64, 32);
            gpu.matmul(cuda(a), cuda(b), actual);
            assertClose(reference, actual, 1e-2, 0.1, "matmul with TF32");
        } finally {
            Cuda.setAllowTf32(CUDA, false);
        }
    }

    // ---- indexing and sort -----------------------------------------------------------------------

    static Tensor indices(Generator g, long bound, long... shape) {
        long[] v = new long[Math.toIntExact(dev.arbor.tensor.Shapes.numel(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = g.nextLong(0, bound);
        }
        return Tensor.of(v, shape);
    }

    @Test
    void gatherIndexSelectAndScatterReplace() {
        Generator g = new Generator(12);
        for (DType t : List.of(DType.BOOL, DType.INT8, DType.FLOAT16, DType.FLOAT32, DType.INT64)) {
            Tensor src = random(g, t, 4, 10);
            Tensor index = indices(g, 10, 4, 6);
            Tensor expected = Tensor.empty(t, Device.CPU, 4, 6);
            CPU.gather(src, 1, index, expected);
            Tensor actual = Tensor.empty(t, CUDA, 4, 6);
            gpu.gather(cuda(src), 1, cuda(index), actual);
            assertSame(expected, actual, "gather " + t);

            Tensor rows = indices(g, 4, 7);
            expected = Tensor.empty(t, Device.CPU, 7, 10);
            CPU.indexSelect(src, 0, rows, expected);
            actual = Tensor.empty(t, CUDA, 7, 10);
            gpu.indexSelect(cuda(src), 0, cuda(rows), actual);
            assertSame(expected, actual, "index_select " + t);

            // a permutation per row: no two writes to one place, so the result is defined
            long[] perm = new long[40];
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 10; c++) {
                    perm[r * 10 + c] = (c * 3 + r) % 10;
                }
            }
            Tensor permutation = Tensor.of(perm, 4, 10);
            Tensor values = random(g, t, 4, 10);
            Tensor dstCpu = random(g, t, 4, 10);
            Tensor dstGpu = cuda(dstCpu);
            CPU.scatter(dstCpu, 1, permutation, values, ScatterMode.REPLACE);
            gpu.scatter(dstGpu, 1, cuda(permutation), cuda(values), ScatterMode.REPLACE);
            assertSame(dstCpu, dstGpu, "scatter " + t);
        }
    }

    @Test
    void scatterReductionsAndIndexAddWithRepeatedIndices() {
        Generator g = new Generator(13);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.INT8, DType.INT32, DType.INT64,
                DType.BFLOAT16, DType.UINT8)) {
            for (ScatterMode mode : List.of(ScatterMode.ADD, ScatterMode.MULTIPLY, ScatterMode.MAX, ScatterMode.MIN)) {
                Tensor index = indices(g, 5, 6, 30);
                Tensor src = mode == ScatterMode.MULTIPLY && t.isFloatingPoint()
                        ? Tensor.rand(g, DType.FLOAT64, 6, 30).mul(0.2).add(0.9).to(t)
                        : mode == ScatterMode.MULTIPLY ? Tensor.ones(t, 6, 30) : random(g, t, 6, 30);
                Tensor dstCpu = random(g, t, 6, 5);
                Tensor dstGpu = cuda(dstCpu);
                CPU.scatter(dstCpu, 1, index, src, mode);
                gpu.scatter(dstGpu, 1, cuda(index), cuda(src), mode);
                double tol = t.isFloatingPoint() ? Math.max(rtol(t) * 20, 1e-5) : 0;
                assertClose(dstCpu, dstGpu, tol, tol, "scatter " + mode + " " + t);
            }
            Tensor rows = indices(g, 3, 9);
            Tensor src = random(g, t, 9, 4);
            Tensor dstCpu = random(g, t, 3, 4);
            Tensor dstGpu = cuda(dstCpu);
            CPU.indexAdd(dstCpu, 0, rows, src);
            gpu.indexAdd(dstGpu, 0, cuda(rows), cuda(src));
            double tol = t.isFloatingPoint() ? Math.max(rtol(t) * 20, 1e-5) : 0;
            assertClose(dstCpu, dstGpu, tol, tol, "index_add " + t);
        }
    }

    @Test
    void sortIsStableWithNaNLastInSharedAndGlobalMemory() {
        Generator g = new Generator(14);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT16, DType.FLOAT64, DType.INT64, DType.UINT8, DType.BOOL,
                DType.INT16)) {
            for (long[] shape : new long[][] {{5, 37}, {2, 3000}, {40, 3}}) {
                Tensor x = t.isFloatingPoint() ? withSpecials(g, t, shape) : random(g, t, shape);
                if (t == DType.INT64) {
                    x = x.remainder(Tensor.scalar(5, DType.INT64)); // many ties
                }
                for (int dim : new int[] {0, 1}) {
                    for (boolean descending : new boolean[] {false, true}) {
                        Tensor ev = emptyLike(x, Device.CPU);
                        Tensor ei = Tensor.empty(DType.INT64, Device.CPU, x.shape());
                        CPU.sort(x, dim, descending, ev, ei);
                        Tensor av = emptyLike(x, CUDA);
                        Tensor ai = Tensor.empty(DType.INT64, CUDA, x.shape());
                        gpu.sort(cuda(x), dim, descending, av, ai);
                        String what = "sort " + t + " " + java.util.Arrays.toString(shape) + " dim " + dim
                                + (descending ? " descending" : "");
                        assertSame(ev, av, what + " values");
                        assertSame(ei, ai, what + " indices");
                    }
                }
            }
        }
    }

    // ---- window kernels --------------------------------------------------------------------------

    static Window window(long[] in, long[] k, long[] s, long[] p, long[] d) {
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
        }
        return new Window(in, k, s, p, d, out);
    }

    @Test
    void im2colCol2imAndPoolingMatchTheCpuKernels() {
        Generator g = new Generator(15);
        List<Window> windows = List.of(
                window(new long[] {9, 11}, new long[] {3, 2}, new long[] {2, 1}, new long[] {1, 0}, new long[] {1, 2}),
                window(new long[] {20}, new long[] {5}, new long[] {3}, new long[] {2}, new long[] {1}),
                window(new long[] {5, 6, 7}, new long[] {2, 3, 2}, new long[] {1, 2, 2}, new long[] {1, 1, 0},
                        new long[] {1, 1, 1}));
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (Window w : windows) {
                long[] inShape = concat(new long[] {2, 3}, w.inputSize());
                long[] outShape = concat(new long[] {2, 3}, w.outputSize());
                Tensor x = random(g, t, inShape);
                long[] colShape = {2, 3 * w.kernelVolume(), w.outputVolume()};
                for (double pad : new double[] {0, Double.NEGATIVE_INFINITY}) {
                    Tensor ec = Tensor.empty(t, Device.CPU, colShape);
                    CPU.im2col(x, w, pad, ec);
                    Tensor ac = Tensor.empty(t, CUDA, colShape);
                    gpu.im2col(cuda(x), w, pad, ac);
                    assertSame(ec, ac, "im2col " + w + " pad " + pad);
                }
                Tensor cols = random(g, t, colShape);
                Tensor eo = Tensor.zeros(t, inShape);
                CPU.col2im(cols, w, eo);
                Tensor ao = cuda(Tensor.zeros(t, inShape));
                gpu.col2im(cuda(cols), w, ao);
                assertClose(eo, ao, rtol(t), rtol(t), "col2im " + w);

                Tensor ev = Tensor.empty(t, Device.CPU, outShape);
                Tensor ei = Tensor.empty(DType.INT64, Device.CPU, outShape);
                CPU.maxPool(x, w, ev, ei);
                Tensor av = Tensor.empty(t, CUDA, outShape);
                Tensor ai = Tensor.empty(DType.INT64, CUDA, outShape);
                gpu.maxPool(cuda(x), w, av, ai);
                assertSame(ev, av, "max_pool values " + w);
                assertSame(ei, ai, "max_pool indices " + w);

                Window avg = new Window(w.inputSize(), w.kernel(), w.stride(), w.padding(), ones(w.dims()), w.outputSize());
                for (boolean countPadding : new boolean[] {false, true}) {
                    for (long divisor : new long[] {0, 7}) {
                        Tensor ea = Tensor.empty(t, Device.CPU, outShape);
                        CPU.avgPool(x, avg, countPadding, divisor, ea);
                        Tensor aa = Tensor.empty(t, CUDA, outShape);
                        gpu.avgPool(cuda(x), avg, countPadding, divisor, aa);
                        assertClose(ea, aa, rtol(t), rtol(t), "avg_pool " + avg + " " + countPadding + " " + divisor);
                        Tensor grad = random(g, t, outShape);
                        Tensor eg = Tensor.zeros(t, inShape);
                        CPU.avgPoolBackward(grad, avg, countPadding, divisor, eg);
                        Tensor ag = cuda(Tensor.zeros(t, inShape));
                        gpu.avgPoolBackward(cuda(grad), avg, countPadding, divisor, ag);
                        assertClose(eg, ag, rtol(t), rtol(t), "avg_pool backward " + avg);
                    }
                }
            }
        }
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static long[] ones(int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }

    // ---- transfers, memory, engine ---------------------------------------------------------------

    @Test
    void transfersLargerThanTheStagingBuffersAndFromHeapMemory() {
        Generator g = new Generator(16);
        Tensor big = Tensor.rand(g, DType.FLOAT32, 5_000_001);
        assertSame(big, big.to(CUDA).to(Device.CPU), "20 MB round trip");
        float[] heap = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.empty(DType.FLOAT32, CUDA, 6);
        gpu.copyFromHost(MemorySegment.ofArray(heap), t.storage(), 0, 24);
        float[] back = new float[4];
        gpu.copyToHost(t.storage(), 8, MemorySegment.ofArray(back), 16);
        assertArrayEquals(new float[] {3, 4, 5, 6}, back);
        assertThrows(IndexOutOfBoundsException.class,
                () -> gpu.copyToHost(t.storage(), 8, MemorySegment.ofArray(new float[8]), 32));
    }

    @Test
    void softmaxAndLayerNormRowKernelsMatchTheCpuKernels() {
        Generator g = new Generator(21);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            double tol = t == DType.FLOAT32 ? 1e-5 : 1e-12;
            for (long[] shape : List.of(new long[] {7, 6}, new long[] {3, 5, 300}, new long[] {2, 1000, 3},
                    new long[] {1})) {
                Tensor x = withSpecials(g, t, shape);
                Tensor finite = random(g, t, shape);
                for (int dim = 0; dim < shape.length; dim++) {
                    for (boolean log : new boolean[] {false, true}) {
                        for (Tensor in : List.of(x, finite)) {
                            Tensor expected = Tensor.empty(t, Device.CPU, shape);
                            CPU.softmax(in, dim, log, expected);
                            Tensor actual = Tensor.empty(t, CUDA, shape);
                            gpu.softmax(cuda(in), dim, log, actual);
                            assertClose(expected, actual, tol, tol, (log ? "log_softmax " : "softmax ") + t + " "
                                    + Arrays.toString(shape) + " dim " + dim);
                        }
                    }
                }
                long rowSize = shape[shape.length - 1];
                Tensor weight = random(g, t, rowSize);
                Tensor bias = random(g, t, rowSize);
                for (Tensor w : Arrays.asList(weight, null)) {
                    for (Tensor b : Arrays.asList(bias, null)) {
                        Tensor expected = Tensor.empty(t, Device.CPU, shape);
                        CPU.layerNorm(finite, rowSize, w, b, 1e-5, expected);
                        Tensor actual = Tensor.empty(t, CUDA, shape);
                        gpu.layerNorm(cuda(finite), rowSize, w == null ? null : cuda(w), b == null ? null : cuda(b), 1e-5,
                                actual);
                        assertClose(expected, actual, tol * 10, tol * 10, "layer_norm " + t + " " + Arrays.toString(shape)
                                + (w == null ? "" : " weight") + (b == null ? "" : " bias"));
                    }
                }
            }
        }
    }

    @Test
    void theCachingAllocatorReusesFreedMemoryAndEmptiesItsCache() throws InterruptedException {
        Cuda.synchronize(CUDA);
        long before = Cuda.memoryAllocated(0);
        List<Tensor> keep = new ArrayList<>();
        keep.add(Tensor.zeros(DType.FLOAT32, CUDA, 25 << 20));
        assertTrue(Cuda.memoryAllocated(0) >= before + (100L << 20), "a 100 MB tensor is counted");
        assertTrue(Cuda.memoryReserved(0) >= Cuda.memoryAllocated(0));
        keep.clear();
        for (int i = 0; i < 50 && Cuda.memoryAllocated(0) > before + (1L << 20); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(Cuda.memoryAllocated(0) <= before + (1L << 20), "the Cleaner returned the block");
        long reserved = Cuda.memoryReserved(0);
        Cuda.emptyCache();
        assertTrue(Cuda.memoryReserved(0) < reserved, "emptyCache gave the free segment back");
        assertTrue(Cuda.maxMemoryAllocated(0) >= 100L << 20);
    }

    @Test
    void mixingDevicesGivesPyTorchsError() {
        Tensor a = Tensor.ones(DType.FLOAT32, 3);
        Tensor b = a.to(CUDA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("Expected all tensors to be on the same device, but found at least two devices, "
                + "cpu and cuda:0!"), e.getMessage());
        assertEquals(6.0, b.add(b).sum().item());
    }

    /** A small network written with the functional API: conv, batch norm, pooling, linear. */
    static final class SmallNet extends Module {
        final Tensor conv;
        final Tensor gamma;
        final Tensor beta;
        final Tensor runningMean;
        final Tensor runningVar;
        final Linear fc;

        SmallNet(Generator g) {
            conv = registerParameter("conv", new dev.arbor.nn.Parameter(Tensor.randn(g, DType.FLOAT32, 4, 3, 3, 3).mul(0.3)));
            gamma = registerParameter("gamma", new dev.arbor.nn.Parameter(Tensor.ones(DType.FLOAT32, 4)));
            beta = registerParameter("beta", new dev.arbor.nn.Parameter(Tensor.zeros(DType.FLOAT32, 4)));
            runningMean = registerBuffer("running_mean", Tensor.zeros(DType.FLOAT32, 4));
            runningVar = registerBuffer("running_var", Tensor.ones(DType.FLOAT32, 4));
            fc = register("fc", new Linear(4 * 4 * 4, 5));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = F.conv2d(x, getParameter("conv"), null, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, 1);
            h = F.batchNorm(h, getBuffer("running_mean"), getBuffer("running_var"), getParameter("gamma"),
                    getParameter("beta"), isTraining());
            h = F.maxPool2d(F.relu(h), 2);
            return fc.call(h.flatten(1, -1));
        }
    }

    @Test
    void aTrainingStepOnTheGpuMatchesTheCpu() {
        Generator g = new Generator(17);
        SmallNet cpuNet = new SmallNet(g);
        SmallNet gpuNet = new SmallNet(new Generator(99));
        gpuNet.loadStateDict(cpuNet.stateDict());
        List<dev.arbor.nn.Parameter> gpuParams = gpuNet.parameters();
        gpuNet.to(CUDA);
        assertTrue(gpuParams.get(0) == gpuNet.parameters().get(0), "to(cuda) keeps the Parameter objects");
        assertEquals(CUDA, gpuNet.getBuffer("running_mean").device());
        Tensor x = Tensor.randn(g, DType.FLOAT32, 8, 3, 8, 8);
        Tensor target = Tensor.randn(g, DType.FLOAT32, 8, 5);
        SGD cpuOpt = new SGD(cpuNet.parameters(), new SGD.Options(0.1).momentum(0.9));
        SGD gpuOpt = new SGD(gpuNet.parameters(), new SGD.Options(0.1).momentum(0.9));
        for (int step = 0; step < 2; step++) {
            Tensor cpuLoss = F.mseLoss(cpuNet.call(x), target);
            Tensor gpuLoss = F.mseLoss(gpuNet.call(x.to(CUDA)), target.to(CUDA));
            assertClose(cpuLoss, gpuLoss, 1e-4, 1e-6, "loss at step " + step);
            cpuOpt.zeroGrad();
            gpuOpt.zeroGrad();
            cpuLoss.backward();
            gpuLoss.backward();
            for (var e : cpuNet.namedParameters().entrySet()) {
                assertClose(e.getValue().grad(), gpuNet.getParameter(e.getKey()).grad(), 1e-3, 1e-5,
                        "gradient of " + e.getKey() + " at step " + step);
            }
            cpuOpt.step();
            gpuOpt.step();
        }
        for (var e : cpuNet.stateDict().entrySet()) {
            assertClose(e.getValue(), gpuNet.stateDict().get(e.getKey()), 1e-3, 1e-5, "after two steps: " + e.getKey());
        }
    }
}
