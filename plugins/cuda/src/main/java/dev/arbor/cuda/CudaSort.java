package dev.arbor.cuda;

import dev.arbor.tensor.Tensor;

/**
 * A stable segmented sort along one dimension: every row becomes (key, position) pairs, with a
 * 64-bit key that orders as the values do (indexing.cu's {@code order_key}), padded to a power of two
 * and sorted by a bitonic network (in shared memory for rows up to
 * {@value KernelSource#SORT_SHARED}, otherwise step by step in global memory); values are then
 * gathered from the positions. Ties keep their order because the position is part of the key.
 */
final class CudaSort {
    private CudaSort() {}

    /** The SortLayout struct. */
    static long[] words(Tensor src, Tensor values, Tensor indices, int dim, boolean descending, long rows, long padded,
                        StridedLayout kept) {
        int max = StridedLayout.MAX_DIMS;
        long[] w = new long[8 + 4 * max];
        w[0] = rows;
        w[1] = src.size(dim);
        w[2] = padded;
        w[3] = descending ? 1 : 0;
        w[4] = src.stride(dim);
        w[5] = values.stride(dim);
        w[6] = indices.stride(dim);
        w[7] = kept.ndim();
        ReducePlan.put(w, 8, kept.shape());
        ReducePlan.put(w, 8 + max, kept.strides(0));
        ReducePlan.put(w, 8 + 2 * max, kept.strides(1));
        ReducePlan.put(w, 8 + 3 * max, kept.strides(2));
        return w;
    }

    static void sort(CudaDevice dev, Tensor src, int dim, boolean descending, Tensor values, Tensor indices) {
        long length = src.size(dim);
        long[] shape = src.shape();
        shape[dim] = 1;
        StridedLayout kept = StridedLayout.of(shape, 1, src.strides(), values.strides(), indices.strides());
        long rows = kept.numel();
        if (rows == 0 || length == 0) {
            return;
        }
        long padded = ReducePlan.nextPowerOfTwo(length);
        long total = Math.multiplyExact(rows, padded);
        KernelSource.Index ix = StridedLayout.fitsInt(StridedLayout.reach(src.shape(), src.strides()))
                && StridedLayout.fitsInt(StridedLayout.reach(values.shape(), values.strides()))
                && StridedLayout.fitsInt(StridedLayout.reach(indices.shape(), indices.strides()))
                ? KernelSource.Index.I32 : KernelSource.Index.I64;
        long[] words = words(src, values, indices, dim, descending, rows, padded, kept);
        CudaStorage keys = dev.scratch(total * 8);
        CudaStorage pos = dev.scratch(total * 8);
        long grid = Math.ceilDiv(total, KernelSource.BLOCK);
        dev.launch(KernelSource.sortKeys(src.dtype(), ix), grid, 1, KernelSource.BLOCK, keys, pos, src, words);
        if (padded <= KernelSource.SORT_SHARED) {
            dev.launch(KernelSource.sortShared(), rows, 1, KernelSource.SORT_BLOCK, keys, pos, padded);
        } else {
            for (long k = 2; k <= padded; k *= 2) {
                for (long j = k / 2; j > 0; j /= 2) {
                    dev.launch(KernelSource.sortStep(), grid, 1, KernelSource.BLOCK, keys, pos, rows, padded, j, k);
                }
            }
        }
        dev.launch(KernelSource.sortEmit(src.dtype().byteSize(), ix), Math.ceilDiv(rows * length, KernelSource.BLOCK), 1,
                KernelSource.BLOCK, values, indices, src, pos, words);
    }
}
