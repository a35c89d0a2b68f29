package dev.arbor.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS (column-major BLAS on the GPU) as far as Arbor uses it: handles bound to a stream, the
 * math mode, and GEMM in float32, float64, float16 and bfloat16, single and strided-batched. Device
 * pointers are {@code long}; scalars ({@code alpha}, {@code beta}) live in host memory.
 */
final class Cublas {
    static final int OP_N = 0;
    static final int OP_T = 1;
    /** cudaDataType values. */
    static final int R_32F = 0;
    static final int R_64F = 1;
    static final int R_16F = 2;
    static final int R_16BF = 14;
    /** cublasComputeType_t values. */
    static final int COMPUTE_32F = 68;
    static final int COMPUTE_32F_FAST_TF32 = 77;
    static final int COMPUTE_64F = 70;
    /** cublasMath_t values. */
    static final int DEFAULT_MATH = 0;
    static final int TF32_TENSOR_OP_MATH = 3;
    static final int GEMM_DEFAULT = -1;
    private static final int MAJOR_VERSION = 0;

    final Native.Library library;
    private final MethodHandle cublasCreate;
    private final MethodHandle cublasSetStream;
    private final MethodHandle cublasSetMathMode;
    private final MethodHandle cublasGetProperty;
    private final MethodHandle cublasGetStatusName;
    private final MethodHandle cublasSgemm;
    private final MethodHandle cublasDgemm;
    private final MethodHandle cublasGemmEx;
    private final MethodHandle cublasGemmStridedBatchedEx;

    Cublas(Native.Library lib) {
        this.library = lib;
        cublasCreate = lib.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cublasSetStream = lib.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cublasSetMathMode = lib.function("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cublasGetProperty = lib.function("cublasGetProperty", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cublasGetStatusName = lib.has("cublasGetStatusName")
                ? lib.function("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT)) : null;
        FunctionDescriptor gemm = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        cublasSgemm = lib.function("cublasSgemm_v2", gemm);
        cublasDgemm = lib.function("cublasDgemm_v2", gemm);
        cublasGemmEx = lib.function("cublasGemmEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        cublasGemmStridedBatchedEx = lib.function("cublasGemmStridedBatchedEx", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG,
                JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT,
                JAVA_INT, JAVA_INT));
    }

    void check(String call, int status) {
        if (status != 0) {
            String name = "CUBLAS_STATUS " + status;
            if (cublasGetStatusName != null) {
                try {
                    name = Native.cString((MemorySegment) cublasGetStatusName.invokeExact(status));
                } catch (Throwable t) {
                    throw Native.rethrow(t);
                }
            }
            throw new CudaException(call, status, name, "");
        }
    }

    /** cuBLAS's major version (12 for CUDA 12), read without a handle. */
    int majorVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check("cublasGetProperty", (int) cublasGetProperty.invokeExact(MAJOR_VERSION, v));
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A handle in the current context, issuing its work on {@code stream}. */
    MemorySegment create(MemorySegment stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check("cublasCreate_v2", (int) cublasCreate.invokeExact(p));
            MemorySegment handle = p.get(ADDRESS, 0);
            check("cublasSetStream_v2", (int) cublasSetStream.invokeExact(handle, stream));
            return handle;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void setMathMode(MemorySegment handle, int mode) {
        try {
            check("cublasSetMathMode", (int) cublasSetMathMode.invokeExact(handle, mode));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** C = alpha op(A) op(B) + beta C in float32 (column-major); alpha and beta are host floats. */
    void sgemm(MemorySegment h, int ta, int tb, int m, int n, int k, MemorySegment alpha, long a, int lda, long b,
               int ldb, MemorySegment beta, long c, int ldc) {
        try {
            check("cublasSgemm_v2", (int) cublasSgemm.invokeExact(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** As {@link #sgemm} in float64; alpha and beta are host doubles. */
    void dgemm(MemorySegment h, int ta, int tb, int m, int n, int k, MemorySegment alpha, long a, int lda, long b,
               int ldb, MemorySegment beta, long c, int ldc) {
        try {
            check("cublasDgemm_v2", (int) cublasDgemm.invokeExact(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** GEMM with explicit data and compute types (cudaDataType, cublasComputeType_t). */
    void gemmEx(MemorySegment h, int ta, int tb, int m, int n, int k, MemorySegment alpha, long a, int aType, int lda,
                long b, int bType, int ldb, MemorySegment beta, long c, int cType, int ldc, int computeType) {
        try {
            check("cublasGemmEx", (int) cublasGemmEx.invokeExact(h, ta, tb, m, n, k, alpha, a, aType, lda, b, bType, ldb,
                    beta, c, cType, ldc, computeType, GEMM_DEFAULT));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** {@link #gemmEx} over {@code batch} matrices a fixed number of elements apart (0 repeats one). */
    void gemmStridedBatchedEx(MemorySegment h, int ta, int tb, int m, int n, int k, MemorySegment alpha, long a, int aType,
                              int lda, long strideA, long b, int bType, int ldb, long strideB, MemorySegment beta, long c,
                              int cType, int ldc, long strideC, int batch, int computeType) {
        try {
            check("cublasGemmStridedBatchedEx", (int) cublasGemmStridedBatchedEx.invokeExact(h, ta, tb, m, n, k, alpha, a,
                    aType, lda, strideA, b, bType, ldb, strideB, beta, c, cType, ldc, strideC, batch, computeType,
                    GEMM_DEFAULT));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
