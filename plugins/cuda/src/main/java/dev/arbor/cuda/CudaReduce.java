package dev.arbor.cuda;

import dev.arbor.backend.ReduceOp;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;

/** Reductions, arg-reductions and scans with the kernels of reduce.cu. */
final class CudaReduce {
    /** Rows longer than this are scanned by a whole block each; shorter ones by one thread each. */
    static final long BLOCK_SCAN_LENGTH = 64;

    private CudaReduce() {}

    static void reduce(CudaDevice dev, ReduceOp op, Tensor src, int[] dims, Tensor dst) {
        ReducePlan plan = ReducePlan.of(src.shape(), src.strides(), dst.strides(), dims, dev.multiprocessors, true);
        if (plan.numOut() == 0) {
            return;
        }
        KernelSource.Index ix = plan.index();
        if (plan.splits() == 1) {
            dev.launch(KernelSource.reduce(op, src.dtype(), dst.dtype(), ix), plan.blocks(), 1, KernelSource.BLOCK,
                    dst, src, 0L, plan.words());
            return;
        }
        DType partialType = KernelSource.partialDType(op, src.dtype());
        CudaStorage partial = dev.scratch(plan.numOut() * plan.splits() * partialType.byteSize());
        dev.launch(KernelSource.reduce(op, src.dtype(), dst.dtype(), ix), plan.blocks(), plan.splits(),
                KernelSource.BLOCK, dst, src, partial, plan.words());
        ReducePlan combine = plan.combinePass(dev.multiprocessors);
        dev.launch(KernelSource.reduce(op, partialType, dst.dtype(), combine.index()), combine.blocks(), 1,
                KernelSource.BLOCK, dst, partial, 0L, combine.words());
    }

    static void argReduce(CudaDevice dev, boolean max, Tensor src, int dim, Tensor dst) {
        ReducePlan plan = ReducePlan.of(src.shape(), src.strides(), dst.strides(), new int[] {dim}, dev.multiprocessors,
                false);
        if (plan.numOut() == 0) {
            return;
        }
        dev.launch(KernelSource.argReduce(max, src.dtype(), plan.index()), plan.blocks(), 1, KernelSource.BLOCK,
                dst, src, 0L, plan.words());
    }

    /**
     * The ScanLayout struct: rows, length, the source's and destination's strides along the scanned
     * dimension, and the other dimensions (coalesced) with both tensors' strides.
     */
    static long[] scanWords(Tensor src, Tensor dst, int dim, StridedLayout rows) {
        int max = StridedLayout.MAX_DIMS;
        long[] w = new long[5 + 3 * max];
        w[0] = rows.numel();
        w[1] = src.size(dim);
        w[2] = src.stride(dim);
        w[3] = dst.stride(dim);
        w[4] = rows.ndim();
        ReducePlan.put(w, 5, rows.shape());
        ReducePlan.put(w, 5 + max, rows.strides(0));
        ReducePlan.put(w, 5 + 2 * max, rows.strides(1));
        return w;
    }

    /** The dimensions other than {@code dim} of {@code a} and {@code b}, as one coalesced layout (a first). */
    static StridedLayout without(int dim, Tensor a, Tensor b) {
        long[] shape = a.shape();
        long[] sa = a.strides();
        long[] sb = b.strides();
        shape[dim] = 1;
        return StridedLayout.of(shape, 1, sa, sb);
    }

    static void cumulative(CudaDevice dev, boolean product, Tensor src, int dim, Tensor dst) {
        long length = src.size(dim);
        StridedLayout rows = without(dim, src, dst);
        if (rows.numel() == 0 || length == 0) {
            return;
        }
        KernelSource.Index ix = StridedLayout.fitsInt(src.numel())
                && StridedLayout.fitsInt(StridedLayout.reach(src.shape(), src.strides()))
                && StridedLayout.fitsInt(StridedLayout.reach(dst.shape(), dst.strides()))
                ? KernelSource.Index.I32 : KernelSource.Index.I64;
        long[] words = scanWords(src, dst, dim, rows);
        boolean perBlock = length > BLOCK_SCAN_LENGTH;
        long grid = perBlock ? rows.numel() : Math.ceilDiv(rows.numel(), KernelSource.BLOCK);
        dev.launch(KernelSource.scan(product, perBlock, src.dtype(), dst.dtype(), ix), grid, 1, KernelSource.BLOCK,
                dst, src, words);
    }
}
