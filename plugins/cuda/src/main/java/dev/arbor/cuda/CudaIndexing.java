package dev.arbor.cuda;

import dev.arbor.backend.ScatterMode;
import dev.arbor.tensor.Tensor;

/**
 * gather, scatter, index_select and index_add with indexing.cu's kernels. index_select is a gather
 * and index_add a scatter-add whose index is the 1-d index spread over the other dimensions with zero
 * strides, so each has one kernel.
 */
final class CudaIndexing {
    private CudaIndexing() {}

    private static long[] withoutDim(long[] strides, int dim) {
        long[] s = strides.clone();
        s[dim] = 0;
        return s;
    }

    /** Strides that repeat a 1-d (or 0-d) index along {@code dim} over a shape of {@code rank} dimensions. */
    private static long[] spread(Tensor index, int rank, int dim) {
        long[] s = new long[rank];
        s[dim] = index.dim() == 0 ? 0 : index.stride(0);
        return s;
    }

    static void gather(CudaDevice dev, Tensor src, int dim, Tensor index, Tensor dst) {
        gather(dev, src, dim, index, index.strides(), dst);
    }

    static void indexSelect(CudaDevice dev, Tensor src, int dim, Tensor index, Tensor dst) {
        gather(dev, src, dim, index, spread(index, dst.dim(), dim), dst);
    }

    /** dst[i] = src[i with index[i] at dim], over dst's shape. */
    private static void gather(CudaDevice dev, Tensor src, int dim, Tensor index, long[] indexStrides, Tensor dst) {
        StridedLayout layout = StridedLayout.of(dst.shape(), 2, withoutDim(src.strides(), dim), indexStrides,
                dst.strides());
        if (layout.numel() == 0) {
            return;
        }
        KernelSource.Index ix = wide(src) ? KernelSource.Index.I64 : layout.index();
        dev.launch(KernelSource.gather(dst.dtype().byteSize(), ix), CudaElementwise.blocks(layout.numel()), 1,
                KernelSource.BLOCK, dst, src, index, layout.words(), src.stride(dim));
    }

    static void scatter(CudaDevice dev, Tensor dst, int dim, Tensor index, Tensor src, ScatterMode mode) {
        scatter(dev, dst, dim, index, index.strides(), src, mode, index.shape());
    }

    static void indexAdd(CudaDevice dev, Tensor dst, int dim, Tensor index, Tensor src) {
        scatter(dev, dst, dim, index, spread(index, src.dim(), dim), src, ScatterMode.ADD, src.shape());
    }

    /** dst[i with index[i] at dim] (op)= src[i], over {@code shape}. */
    private static void scatter(CudaDevice dev, Tensor dst, int dim, Tensor index, long[] indexStrides, Tensor src,
                                ScatterMode mode, long[] shape) {
        StridedLayout layout = StridedLayout.of(shape, 2, withoutDim(dst.strides(), dim), indexStrides, src.strides());
        if (layout.numel() == 0) {
            return;
        }
        KernelSource.Index ix = wide(dst) ? KernelSource.Index.I64 : layout.index();
        KernelSource.Spec spec = mode == ScatterMode.REPLACE ? KernelSource.scatter(dst.dtype().byteSize(), ix)
                : KernelSource.scatterReduce(mode, dst.dtype(), ix);
        dev.launch(spec, CudaElementwise.blocks(layout.numel()), 1, KernelSource.BLOCK, dst, src, index, layout.words(),
                dst.stride(dim));
    }

    /** True when offsets into the indexed tensor may pass 32 bits (its whole extent, the indexed dimension included). */
    private static boolean wide(Tensor indexed) {
        return !StridedLayout.fitsInt(StridedLayout.reach(indexed.shape(), indexed.strides()));
    }
}
