package dev.arbor.cuda;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;

/**
 * Batched matrix products with cuBLAS. cuBLAS is column-major; a row-major {@code C = A B} is the
 * column-major {@code C^T = B^T A^T}, and a row-major [rows, cols] view with a unit column stride is
 * the column-major transpose with leading dimension = its row stride (no transpose op), one with a
 * unit row stride is itself column-major (transpose op). Views with neither (or a leading dimension
 * cuBLAS refuses) are copied to contiguous memory first. Batches are one strided-batched call, with
 * stride 0 for a broadcast operand.
 */
final class CudaMatmul {
    private CudaMatmul() {}

    /**
     * How cuBLAS reads a row-major [rows, cols] view with strides (sRow, sCol): its op and leading
     * dimension, or null when it cannot.
     */
    record Operand(int op, long ld) {
        static Operand of(long rows, long cols, long sRow, long sCol) {
            if ((cols == 1 || sCol == 1) && (rows == 1 || sRow >= Math.max(1, cols))) {
                return new Operand(Cublas.OP_N, rows == 1 ? Math.max(1, cols) : sRow);
            }
            if ((rows == 1 || sRow == 1) && (cols == 1 || sCol >= Math.max(1, rows))) {
                return new Operand(Cublas.OP_T, cols == 1 ? Math.max(1, rows) : sCol);
            }
            return null;
        }

        boolean fitsInt() {
            return ld <= Integer.MAX_VALUE;
        }
    }

    static int dataType(DType t) {
        return switch (t) {
            case FLOAT32 -> Cublas.R_32F;
            case FLOAT64 -> Cublas.R_64F;
            case FLOAT16 -> Cublas.R_16F;
            case BFLOAT16 -> Cublas.R_16BF;
            default -> throw new IllegalArgumentException("matmul on CUDA supports float32, float64, float16 and "
                    + "bfloat16, got " + t);
        };
    }

    /** The operand as cuBLAS can read it: the view itself, or a contiguous copy. */
    private static Tensor readable(CudaDevice dev, Tensor t) {
        Operand op = Operand.of(t.size(1), t.size(2), t.stride(1), t.stride(2));
        if (op != null && op.fitsInt()) {
            return t;
        }
        Tensor copy = Tensor.wrap(dev.scratch(t.numel() * t.dtype().byteSize()), t.dtype(), t.shape(),
                Shapes.contiguousStrides(t.shape()), 0);
        CudaElementwise.copy(dev, t, copy);
        return copy;
    }

    /** dst[b] = a[b] @ b[b] for 3-d views; dst contiguous. */
    static void matmul(CudaDevice dev, Tensor a, Tensor b, Tensor dst) {
        DType t = dst.dtype();
        if (a.dtype() != t || b.dtype() != t) {
            throw new IllegalArgumentException("matmul: expected one dtype, got " + a.dtype() + ", " + b.dtype() + " and " + t);
        }
        long batch = dst.size(0);
        long m = dst.size(1);
        long n = dst.size(2);
        long k = a.size(2);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE || batch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul: sizes beyond cuBLAS's 32-bit limits: batch " + batch + ", " + m
                    + "x" + k + " @ " + k + "x" + n);
        }
        Tensor ra = readable(dev, a);
        Tensor rb = readable(dev, b);
        Operand opA = Operand.of(m, k, ra.stride(1), ra.stride(2));
        Operand opB = Operand.of(k, n, rb.stride(1), rb.stride(2));
        int type = dataType(t);
        MemorySegment handle = dev.cublas();
        Cublas blas = dev.libs.cublas;
        boolean f64 = t == DType.FLOAT64;
        int compute = f64 ? Cublas.COMPUTE_64F
                : t == DType.FLOAT32 && dev.tf32() ? Cublas.COMPUTE_32F_FAST_TF32 : Cublas.COMPUTE_32F;
        long pa = CudaDevice.pointer(ra);
        long pb = CudaDevice.pointer(rb);
        long pc = CudaDevice.pointer(dst);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = f64 ? arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 1.0) : arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
            MemorySegment zero = f64 ? arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 0.0) : arena.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
            int im = (int) n;
            int in = (int) m;
            int ik = (int) k;
            int lda = (int) opB.ld();
            int ldb = (int) opA.ld();
            if (batch == 1 && t == DType.FLOAT32 && compute == Cublas.COMPUTE_32F) {
                blas.sgemm(handle, opB.op(), opA.op(), im, in, ik, one, pb, lda, pa, ldb, zero, pc, im);
            } else if (batch == 1 && f64) {
                blas.dgemm(handle, opB.op(), opA.op(), im, in, ik, one, pb, lda, pa, ldb, zero, pc, im);
            } else if (batch == 1) {
                blas.gemmEx(handle, opB.op(), opA.op(), im, in, ik, one, pb, type, lda, pa, type, ldb, zero, pc, type, im,
                        compute);
            } else {
                blas.gemmStridedBatchedEx(handle, opB.op(), opA.op(), im, in, ik, one, pb, type, lda, rb.stride(0), pa, type,
                        ldb, ra.stride(0), zero, pc, type, im, m * n, (int) batch, compute);
            }
        } finally {
            Reference.reachabilityFence(ra);
            Reference.reachabilityFence(rb);
            Reference.reachabilityFence(dst);
        }
    }
}
