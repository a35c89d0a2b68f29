package dev.arbor.cuda;

import dev.arbor.backend.Backend;
import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.FusedKernels;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.backend.Window;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code cuda} backend: Arbor's primitives on NVIDIA GPUs through the CUDA driver, NVRTC and
 * cuBLAS, bound at run time with the foreign function API (no JNI, no native build). Found by
 * {@link java.util.ServiceLoader} when {@code arbor-cuda} is on the class or module path. Without a
 * usable GPU it loads, reports {@link #isAvailable()} false and says why in
 * {@link #unavailableReason()}. {@link Cuda} has the user-facing controls (memory, synchronization,
 * TF32).
 */
public final class CudaBackend implements Backend {
    /** The fused kernels this backend implements; the engine decomposes the others into primitives. */
    private static final Set<FusedKernels.Kernel> KERNELS = EnumSet.of(FusedKernels.Kernel.IM2COL,
            FusedKernels.Kernel.COL2IM, FusedKernels.Kernel.POOLING, FusedKernels.Kernel.SOFTMAX,
            FusedKernels.Kernel.LAYER_NORM);

    /** For ServiceLoader; all instances share this JVM's CUDA state. */
    public CudaBackend() {}

    private static CudaRuntime runtime() {
        return CudaRuntime.get();
    }

    private static CudaDevice dev(Tensor t) {
        return runtime().device(t);
    }

    @Override
    public String deviceType() {
        return "cuda";
    }

    @Override
    public boolean isAvailable() {
        return runtime().available();
    }

    @Override
    public String unavailableReason() {
        return runtime().unavailableReason();
    }

    @Override
    public int deviceCount() {
        return runtime().deviceCount();
    }

    @Override
    public Storage allocate(Device device, long byteSize) {
        return runtime().device(device).allocate(byteSize);
    }

    @Override
    public Storage allocateUninitialized(Device device, long byteSize) {
        return runtime().device(device).scratch(byteSize);
    }

    private static CudaStorage cuda(Storage s) {
        if (!(s instanceof CudaStorage c)) {
            throw new IllegalArgumentException("expected CUDA memory, got a " + s.device() + " storage");
        }
        return c;
    }

    private static void checkRange(CudaStorage s, long offset, long bytes) {
        if (offset < 0 || bytes < 0 || offset + bytes > s.byteSize()) {
            throw new IndexOutOfBoundsException("copy of " + bytes + " bytes at offset " + offset + " outside a "
                    + s.byteSize() + "-byte CUDA storage");
        }
    }

    @Override
    public void copyFromHost(MemorySegment src, Storage dst, long dstByteOffset, long bytes) {
        CudaStorage d = cuda(dst);
        checkRange(d, dstByteOffset, bytes);
        runtime().device(d.device()).staging().toDevice(src, d.address() + dstByteOffset, bytes);
    }

    @Override
    public void copyToHost(Storage src, long srcByteOffset, MemorySegment dst, long bytes) {
        CudaStorage s = cuda(src);
        checkRange(s, srcByteOffset, bytes);
        runtime().device(s.device()).staging().toHost(s.address() + srcByteOffset, dst, bytes);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CudaElementwise.copy(dev(dst), src, dst);
    }

    @Override
    public void fill(Tensor dst, Number value) {
        CudaElementwise.fill(dev(dst), dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor src, Tensor dst) {
        CudaElementwise.unary(dev(dst), op, src, dst);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        CudaElementwise.binary(dev(dst), op, a, b, dst);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor dst) {
        CudaElementwise.where(dev(dst), cond, a, b, dst);
    }

    @Override
    public void reduce(ReduceOp op, Tensor src, int[] dims, Tensor dst) {
        CudaReduce.reduce(dev(dst), op, src, dims, dst);
    }

    @Override
    public void argReduce(boolean max, Tensor src, int dim, Tensor dst) {
        CudaReduce.argReduce(dev(dst), max, src, dim, dst);
    }

    @Override
    public void cumulative(boolean product, Tensor src, int dim, Tensor dst) {
        CudaReduce.cumulative(dev(dst), product, src, dim, dst);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor dst) {
        CudaMatmul.matmul(dev(dst), a, b, dst);
    }

    @Override
    public void gather(Tensor src, int dim, Tensor index, Tensor dst) {
        CudaIndexing.gather(dev(dst), src, dim, index, dst);
    }

    @Override
    public void scatter(Tensor dst, int dim, Tensor index, Tensor src, ScatterMode mode) {
        CudaIndexing.scatter(dev(dst), dst, dim, index, src, mode);
    }

    @Override
    public void indexSelect(Tensor src, int dim, Tensor index, Tensor dst) {
        CudaIndexing.indexSelect(dev(dst), src, dim, index, dst);
    }

    @Override
    public void indexAdd(Tensor dst, int dim, Tensor index, Tensor src) {
        CudaIndexing.indexAdd(dev(dst), dst, dim, index, src);
    }

    @Override
    public void sort(Tensor src, int dim, boolean descending, Tensor values, Tensor indices) {
        CudaSort.sort(dev(values), src, dim, descending, values, indices);
    }

    @Override
    public void im2col(Tensor input, Window window, double padValue, Tensor columns) {
        CudaWindowKernels.im2col(dev(columns), input, window, padValue, columns);
    }

    @Override
    public void col2im(Tensor columns, Window window, Tensor output) {
        CudaWindowKernels.col2im(dev(output), columns, window, output);
    }

    @Override
    public void maxPool(Tensor input, Window window, Tensor values, Tensor indices) {
        CudaWindowKernels.maxPool(dev(values), input, window, values, indices);
    }

    @Override
    public void avgPool(Tensor input, Window window, boolean countPadding, long divisor, Tensor output) {
        CudaWindowKernels.avgPool(dev(output), input, window, countPadding, divisor, output);
    }

    @Override
    public void avgPoolBackward(Tensor gradOutput, Window window, boolean countPadding, long divisor, Tensor gradInput) {
        CudaWindowKernels.avgPoolBackward(dev(gradInput), gradOutput, window, countPadding, divisor, gradInput);
    }

    @Override
    public void softmax(Tensor input, int dim, boolean log, Tensor output) {
        CudaRowKernels.softmax(dev(input), input, dim, log, output);
    }

    @Override
    public void layerNorm(Tensor input, long rowSize, Tensor weight, Tensor bias, double eps, Tensor output) {
        CudaRowKernels.layerNorm(dev(input), input, rowSize, weight, bias, eps, output);
    }

    @Override
    public FusedKernels kernels() {
        return KERNELS::contains;
    }
}
