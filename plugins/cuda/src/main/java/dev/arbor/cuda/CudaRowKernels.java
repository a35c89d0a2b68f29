package dev.arbor.cuda;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;

/**
 * The fused row kernels of rows.cu: softmax along any dimension and layer normalization of the last
 * {@code rowSize} elements, one block per row, one launch each (the decompositions cost five and seven).
 * Tensors are contiguous float32 or float64, as the Backend SPI promises for these kernels.
 */
final class CudaRowKernels {
    /** Blocks per launch at most; a block takes every grid-stride'th row beyond. */
    private static final long MAX_BLOCKS = 1 << 20;

    private CudaRowKernels() {}

    private static void check(String op, Tensor... tensors) {
        DType t = tensors[0].dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": the CUDA kernel takes float32 or float64, got " + t);
        }
        for (Tensor x : tensors) {
            if (x != null && (!x.isContiguous() || x.dtype() != t)) {
                throw new IllegalArgumentException(op + ": the CUDA kernel needs contiguous " + t + " tensors, got "
                        + x.dtype() + (x.isContiguous() ? "" : " (not contiguous)"));
            }
        }
    }

    static void softmax(CudaDevice dev, Tensor input, int dim, boolean log, Tensor output) {
        check("softmax", input, output);
        if (input.numel() == 0) {
            return;
        }
        long size = input.size(dim);
        long inner = 1;
        for (int d = dim + 1; d < input.dim(); d++) {
            inner *= input.size(d);
        }
        long rows = input.numel() / size;
        dev.launch(KernelSource.softmax(input.dtype()), Math.min(rows, MAX_BLOCKS), 1, KernelSource.BLOCK, output, input,
                new long[] {rows, size, inner}, log ? 1L : 0L);
    }

    static void layerNorm(CudaDevice dev, Tensor input, long rowSize, Tensor weight, Tensor bias, double eps,
                          Tensor output) {
        check("layer_norm", input, output, weight, bias);
        long rows = input.numel() / rowSize;
        if (rows == 0) {
            return;
        }
        dev.launch(KernelSource.layerNorm(input.dtype()), Math.min(rows, MAX_BLOCKS), 1, KernelSource.BLOCK, output, input,
                weight == null ? (Object) 0L : weight, bias == null ? (Object) 0L : bias, rows, rowSize, eps);
    }
}
