package dev.arbor.backend.cpu;

import dev.arbor.backend.Backend;
import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.Clamp;
import dev.arbor.backend.FusedKernels;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/** The built-in backend for {@code cpu}: Vector API kernels on off-heap memory, multi-threaded. */
public final class CpuBackend implements Backend {
    /** The single instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override
    public String deviceType() {
        return "cpu";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String unavailableReason() {
        return "";
    }

    @Override
    public int deviceCount() {
        return 1;
    }

    @Override
    public Storage allocate(Device device, long byteSize) {
        return CpuStorage.allocate(byteSize);
    }

    @Override
    public Storage allocateUninitialized(Device device, long byteSize) {
        return CpuStorage.allocateUninitialized(byteSize);
    }

    /**
     * Frees the host memory kept for reuse: blocks of tensors the garbage collector found unreachable
     * (at most {@code -Darbor.cpu.cacheBytes}, default 512 MiB). Memory of live tensors is untouched.
     */
    public static void emptyCache() {
        HostBlockCache.clear();
    }

    /** {@return the bytes of host memory kept for reuse} */
    public static long cachedBytes() {
        return HostBlockCache.cachedBytes();
    }

    @Override
    public void copyFromHost(MemorySegment src, Storage dst, long dstByteOffset, long bytes) {
        MemorySegment.copy(src, 0, ((CpuStorage) dst).segment(), dstByteOffset, bytes);
    }

    @Override
    public void copyToHost(Storage src, long srcByteOffset, MemorySegment dst, long bytes) {
        MemorySegment.copy(((CpuStorage) src).segment(), srcByteOffset, dst, 0, bytes);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuElementwise.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, Number value) {
        CpuElementwise.fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor src, Tensor dst) {
        CpuElementwise.unary(op, src, dst);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        CpuElementwise.binary(op, a, b, dst);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor dst) {
        CpuElementwise.where(cond, a, b, dst);
    }

    @Override
    public void thresholdBackward(Tensor grad, Tensor input, double threshold, Tensor dst) {
        CpuElementwise.thresholdBackward(grad, input, threshold, dst);
    }

    @Override
    public void addScaled(Tensor a, Tensor b, double alpha, Tensor dst) {
        CpuElementwise.addScaled(a, b, alpha, dst);
    }

    @Override
    public void reduce(ReduceOp op, Tensor src, int[] dims, Tensor dst) {
        CpuReduce.reduce(op, src, dims, dst);
    }

    @Override
    public void argReduce(boolean max, Tensor src, int dim, Tensor dst) {
        CpuReduce.argReduce(max, src, dim, dst);
    }

    @Override
    public void cumulative(boolean product, Tensor src, int dim, Tensor dst) {
        CpuReduce.cumulative(product, src, dim, dst);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor dst) {
        long batch = dst.size(0);
        int m = Math.toIntExact(dst.size(1));
        int n = Math.toIntExact(dst.size(2));
        int k = Math.toIntExact(a.size(2));
        MemorySegment sa = CpuElementwise.seg(a);
        MemorySegment sb = CpuElementwise.seg(b);
        MemorySegment sd = CpuElementwise.seg(dst);
        boolean f32 = dst.dtype() == DType.FLOAT32;
        // many small products run one per thread; large ones are split inside the GEMM
        long work = (long) m * n * Math.max(k, 1);
        long grain = Math.max(1, (1L << 18) / Math.max(work, 1));
        CpuParallel.forRange(batch, grain, (from, to) -> {
            for (long i = from; i < to; i++) {
                long ao = a.offset() + i * a.stride(0);
                long bo = b.offset() + i * b.stride(0);
                long co = dst.offset() + i * dst.stride(0);
                if (f32) {
                    Gemm.sgemm(m, n, k, 1f, sa, ao, a.stride(1), a.stride(2), sb, bo, b.stride(1), b.stride(2),
                            0f, sd, co, dst.stride(1), dst.stride(2));
                } else {
                    Gemm.dgemm(m, n, k, 1.0, sa, ao, a.stride(1), a.stride(2), sb, bo, b.stride(1), b.stride(2),
                            0.0, sd, co, dst.stride(1), dst.stride(2));
                }
            }
        });
    }

    @Override
    public void gather(Tensor src, int dim, Tensor index, Tensor dst) {
        CpuIndexing.gather(src, dim, index, dst);
    }

    @Override
    public void scatter(Tensor dst, int dim, Tensor index, Tensor src, ScatterMode mode) {
        CpuIndexing.scatter(dst, dim, index, src, mode);
    }

    @Override
    public void indexSelect(Tensor src, int dim, Tensor index, Tensor dst) {
        CpuIndexing.indexSelect(src, dim, index, dst);
    }

    @Override
    public void indexAdd(Tensor dst, int dim, Tensor index, Tensor src) {
        CpuIndexing.indexAdd(dst, dim, index, src);
    }

    @Override
    public void sort(Tensor src, int dim, boolean descending, Tensor values, Tensor indices) {
        CpuIndexing.sort(src, dim, descending, values, indices);
    }

    /** The fused kernels this backend has. */
    private static final Set<FusedKernels.Kernel> KERNELS = EnumSet.of(FusedKernels.Kernel.IM2COL,
            FusedKernels.Kernel.COL2IM, FusedKernels.Kernel.POOLING, FusedKernels.Kernel.THRESHOLD_BACKWARD,
            FusedKernels.Kernel.SCALED_ADD, FusedKernels.Kernel.DEPTHWISE_CONV, FusedKernels.Kernel.DIRECT_CONV,
            FusedKernels.Kernel.CHANNELS_LAST_CONV,
            FusedKernels.Kernel.SOFTMAX, FusedKernels.Kernel.LAYER_NORM, FusedKernels.Kernel.LINEAR);

    @Override
    public FusedKernels kernels() {
        return KERNELS::contains;
    }

    @Override
    public void im2col(Tensor input, Window window, double padValue, Tensor columns) {
        CpuConvolution.im2col(input, window, padValue, columns);
    }

    @Override
    public void col2im(Tensor columns, Window window, Tensor output) {
        CpuConvolution.col2im(columns, window, output);
    }

    @Override
    public void depthwiseConv(Tensor input, Tensor weight, Tensor bias, Window window, Tensor residual, Clamp clamp,
                              Tensor output) {
        if (CpuDirectConvolution.acceptsDepthwise(input, weight, window)) {
            CpuDirectConvolution.depthwise(input, weight, bias, window, residual, clamp, output);
            return;
        }
        CpuConvolution.depthwise(input, weight, bias, window, output);
        if (residual != null) {
            binary(BinaryOp.ADD, output, residual, output);
        }
        clamp.applyInPlace(this, output);
    }

    @Override
    public void softmax(Tensor input, int dim, boolean log, Tensor output) {
        CpuSoftmax.softmax(input, dim, log, output);
    }

    @Override
    public void linear(Tensor input, Tensor weight, Tensor bias, Clamp clamp, Tensor output) {
        int m = Math.toIntExact(output.size(0));
        int n = Math.toIntExact(output.size(1));
        int k = Math.toIntExact(input.size(1));
        MemorySegment out = CpuElementwise.seg(output);
        long bytes = output.dtype().byteSize();
        if (bias != null && m > 0) {
            // the bias in the first row, then the filled rows doubled: log2(m) copies
            MemorySegment.copy(CpuElementwise.seg(bias), bias.offset() * bytes, out, output.offset() * bytes, n * bytes);
            for (long filled = 1; filled < m; filled *= 2) {
                long rows = Math.min(filled, m - filled);
                MemorySegment.copy(out, output.offset() * bytes, out, (output.offset() + filled * n) * bytes,
                        rows * n * bytes);
            }
        }
        MemorySegment x = CpuElementwise.seg(input);
        MemorySegment w = CpuElementwise.seg(weight);
        // op(B) = weight^T: element (p, j) is weight[j, p]
        if (output.dtype() == DType.FLOAT32) {
            Gemm.sgemm(m, n, k, 1f, x, input.offset(), k, 1, w, weight.offset(), 1, k, bias == null ? 0f : 1f, out,
                    output.offset(), n, 1);
        } else {
            Gemm.dgemm(m, n, k, 1.0, x, input.offset(), k, 1, w, weight.offset(), 1, k, bias == null ? 0.0 : 1.0, out,
                    output.offset(), n, 1);
        }
        clamp.applyInPlace(this, output);
    }

    @Override
    public void layerNorm(Tensor input, long rowSize, Tensor weight, Tensor bias, double eps, Tensor output) {
        CpuLayerNorm.layerNorm(input, rowSize, weight, bias, eps, output);
    }

    @Override
    public boolean directConv(Tensor input, Tensor weight, Tensor bias, Window window, Tensor residual, Clamp clamp,
                              Tensor output) {
        if (!CpuDirectConvolution.accepts(input, weight, window)) {
            return false;
        }
        CpuDirectConvolution.convolve(input, weight, bias, window, residual, clamp, output);
        return true;
    }

    @Override
    public Tensor channelsLastConv(Tensor input, Tensor weight, Tensor bias, Window window, long groups,
                                   Tensor residual, Clamp clamp, boolean average) {
        return CpuChannelsLastConvolution.accepts(input, weight, window, groups, residual)
                ? CpuChannelsLastConvolution.convolve(input, weight, bias, window, groups, residual, clamp, average)
                : null;
    }

    @Override
    public void maxPool(Tensor input, Window window, Tensor values, Tensor indices) {
        CpuPooling.maxPool(input, window, values, indices);
    }

    @Override
    public void maxPoolValues(Tensor input, Window window, Tensor values) {
        CpuPooling.maxPoolValues(input, window, values);
    }

    @Override
    public void avgPool(Tensor input, Window window, boolean countPadding, long divisor, Tensor output) {
        CpuPooling.avgPool(input, window, countPadding, divisor, output);
    }

    @Override
    public void avgPoolBackward(Tensor gradOutput, Window window, boolean countPadding, long divisor,
                                Tensor gradInput) {
        CpuPooling.avgPoolBackward(gradOutput, window, countPadding, divisor, gradInput);
    }
}
