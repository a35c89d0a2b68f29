package dev.arbor.onnx;

import dev.arbor.backend.Backend;
import dev.arbor.backend.Backends;
import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.FusedKernels;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.ScatterMode;
import dev.arbor.backend.UnaryOp;
import dev.arbor.backend.Window;
import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Storage;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/**
 * A device that stands in for an accelerator where there is none: device type {@code standin}, host
 * memory, the CPU backend's primitives, but tensors on it are not CPU tensors, so every place that
 * mixes devices or reads device memory as host memory fails here as it would on a GPU. It provides
 * the fused kernels the CUDA backend provides, so the same decompositions run.
 */
public final class StandInBackend implements Backend {
    /** The stand-in device. */
    public static final Device DEVICE = new Device("standin", 0);
    private static final Set<FusedKernels.Kernel> KERNELS = EnumSet.of(FusedKernels.Kernel.IM2COL,
            FusedKernels.Kernel.COL2IM, FusedKernels.Kernel.POOLING, FusedKernels.Kernel.SOFTMAX,
            FusedKernels.Kernel.LAYER_NORM);

    /** For ServiceLoader. */
    public StandInBackend() {}

    /**
     * Host memory that says it lives on the stand-in device. A memory scope's early release marks it
     * released, and any later use fails: on a GPU the block would already hold another tensor.
     */
    private static final class StandInStorage extends Storage {
        private final CpuStorage host;
        private volatile boolean released;

        StandInStorage(CpuStorage host) {
            this.host = host;
        }

        CpuStorage host() {
            if (released) {
                throw new IllegalStateException("stand-in memory used after a memory scope released it");
            }
            return host;
        }

        @Override
        protected void releaseMemory() {
            released = true;
        }

        @Override
        public Device device() {
            return DEVICE;
        }

        @Override
        public long byteSize() {
            return host.byteSize();
        }
    }

    private static Backend cpu() {
        return Backends.of(Device.CPU);
    }

    /** The same view as a CPU tensor over the same memory (null stays null). */
    private static Tensor host(Tensor t) {
        if (t == null) {
            return null;
        }
        if (!(t.storage() instanceof StandInStorage s)) {
            throw new IllegalArgumentException("the stand-in backend got a tensor on " + t.device());
        }
        return Tensor.wrap(s.host(), t.dtype(), t.shape(), t.strides(), t.offset());
    }

    @Override
    public String deviceType() {
        return DEVICE.type();
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
        CpuStorage host;
        // the stand-in storage is what a memory scope tracks and releases, not the host memory inside it
        try (MemoryScope untracked = MemoryScope.suspend()) {
            host = CpuStorage.allocate(byteSize);
        }
        return new StandInStorage(host);
    }

    @Override
    public void copyFromHost(MemorySegment src, Storage dst, long dstByteOffset, long bytes) {
        MemorySegment.copy(src, 0, ((StandInStorage) dst).host().segment(), dstByteOffset, bytes);
    }

    @Override
    public void copyToHost(Storage src, long srcByteOffset, MemorySegment dst, long bytes) {
        MemorySegment.copy(((StandInStorage) src).host().segment(), srcByteOffset, dst, 0, bytes);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        cpu().copy(host(src), host(dst));
    }

    @Override
    public void fill(Tensor dst, Number value) {
        cpu().fill(host(dst), value);
    }

    @Override
    public void unary(UnaryOp op, Tensor src, Tensor dst) {
        cpu().unary(op, host(src), host(dst));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        cpu().binary(op, host(a), host(b), host(dst));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor dst) {
        cpu().where(host(cond), host(a), host(b), host(dst));
    }

    @Override
    public void reduce(ReduceOp op, Tensor src, int[] dims, Tensor dst) {
        cpu().reduce(op, host(src), dims, host(dst));
    }

    @Override
    public void argReduce(boolean max, Tensor src, int dim, Tensor dst) {
        cpu().argReduce(max, host(src), dim, host(dst));
    }

    @Override
    public void cumulative(boolean product, Tensor src, int dim, Tensor dst) {
        cpu().cumulative(product, host(src), dim, host(dst));
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor dst) {
        cpu().matmul(host(a), host(b), host(dst));
    }

    @Override
    public void gather(Tensor src, int dim, Tensor index, Tensor dst) {
        cpu().gather(host(src), dim, host(index), host(dst));
    }

    @Override
    public void scatter(Tensor dst, int dim, Tensor index, Tensor src, ScatterMode mode) {
        cpu().scatter(host(dst), dim, host(index), host(src), mode);
    }

    @Override
    public void indexSelect(Tensor src, int dim, Tensor index, Tensor dst) {
        cpu().indexSelect(host(src), dim, host(index), host(dst));
    }

    @Override
    public void indexAdd(Tensor dst, int dim, Tensor index, Tensor src) {
        cpu().indexAdd(host(dst), dim, host(index), host(src));
    }

    @Override
    public void sort(Tensor src, int dim, boolean descending, Tensor values, Tensor indices) {
        cpu().sort(host(src), dim, descending, host(values), host(indices));
    }

    @Override
    public void im2col(Tensor input, Window window, double padValue, Tensor columns) {
        cpu().im2col(host(input), window, padValue, host(columns));
    }

    @Override
    public void col2im(Tensor columns, Window window, Tensor output) {
        cpu().col2im(host(columns), window, host(output));
    }

    @Override
    public void maxPool(Tensor input, Window window, Tensor values, Tensor indices) {
        cpu().maxPool(host(input), window, host(values), host(indices));
    }

    @Override
    public void avgPool(Tensor input, Window window, boolean countPadding, long divisor, Tensor output) {
        cpu().avgPool(host(input), window, countPadding, divisor, host(output));
    }

    @Override
    public void avgPoolBackward(Tensor gradOutput, Window window, boolean countPadding, long divisor,
            Tensor gradInput) {
        cpu().avgPoolBackward(host(gradOutput), window, countPadding, divisor, host(gradInput));
    }

    @Override
    public void softmax(Tensor input, int dim, boolean log, Tensor output) {
        cpu().softmax(host(input), dim, log, host(output));
    }

    @Override
    public void layerNorm(Tensor input, long rowSize, Tensor weight, Tensor bias, double eps, Tensor output) {
        cpu().layerNorm(host(input), rowSize, host(weight), host(bias), eps, host(output));
    }

    @Override
    public FusedKernels kernels() {
        return KERNELS::contains;
    }
}
