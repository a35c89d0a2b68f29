package dev.arbor.cuda;

import dev.arbor.tensor.Device;

/**
 * The CUDA controls users reach for, as {@code torch.cuda} has them: availability and devices,
 * memory statistics and the cache, synchronization, and TF32 for float32 matrix products.
 */
public final class Cuda {
    private Cuda() {}

    /** True when a GPU and the CUDA libraries are usable ({@code torch.cuda.is_available()}). */
    public static boolean isAvailable() {
        return CudaRuntime.get().available();
    }

    /** Why CUDA is not available (what was searched where), or an empty string. */
    public static String unavailableReason() {
        return CudaRuntime.get().unavailableReason();
    }

    /** The number of GPUs. */
    public static int deviceCount() {
        return CudaRuntime.get().deviceCount();
    }

    /** The GPU's name, such as {@code NVIDIA H100 80GB HBM3}. */
    public static String deviceName(int index) {
        return CudaRuntime.get().device(index).name;
    }

    /** A one-line description: name, compute capability and memory. */
    public static String describe(int index) {
        return CudaRuntime.get().device(index).toString();
    }

    /** Bytes of device memory tensors hold now ({@code torch.cuda.memory_allocated}). */
    public static long memoryAllocated(int index) {
        return CudaRuntime.get().device(index).allocator.allocated();
    }

    /** The most bytes tensors have held at once ({@code torch.cuda.max_memory_allocated}). */
    public static long maxMemoryAllocated(int index) {
        return CudaRuntime.get().device(index).allocator.peakAllocated();
    }

    /** Bytes held from the driver, in use or cached for reuse ({@code torch.cuda.memory_reserved}). */
    public static long memoryReserved(int index) {
        return CudaRuntime.get().device(index).allocator.reserved();
    }

    /** Returns the cached, unused device memory of every started GPU to the driver ({@code torch.cuda.empty_cache}). */
    public static void emptyCache() {
        for (CudaDevice d : CudaRuntime.get().started()) {
            d.emptyCache();
        }
    }

    /** Waits until all work queued on the device has finished ({@code torch.cuda.synchronize}). */
    public static void synchronize(Device device) {
        CudaRuntime.get().device(device).synchronize();
    }

    /**
     * Lets float32 matrix products on the device use TF32 tensor cores (about 10 bits of mantissa,
     * much faster); off by default, as {@code torch.backends.cuda.matmul.allow_tf32} is.
     */
    public static void setAllowTf32(Device device, boolean allow) {
        CudaRuntime.get().device(device).setTf32(allow);
    }

    /**
     * Compiles every kernel the backend can launch for the device's architecture, on all processors,
     * into the in-memory and on-disk kernel caches, so that no later first use waits for NVRTC (a
     * program otherwise compiles each kernel the first time it needs it).
     *
     * @return how many kernels were compiled or found in the disk cache
     * @throws CudaException naming the kernel and carrying NVRTC's log if one does not compile
     */
    public static int precompile(Device device) {
        return CudaRuntime.get().device(device).precompile(KernelCatalog.all());
    }

    /** Whether float32 matrix products on the device may use TF32. */
    public static boolean allowTf32(Device device) {
        return CudaRuntime.get().device(device).tf32();
    }
}
