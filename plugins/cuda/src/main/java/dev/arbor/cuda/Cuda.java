package dev.arbor.cuda;

import dev.arbor.tensor.Device;

/**
 * The CUDA controls users reach for, as {@code torch.cuda} has them: availability and devices,
 * memory statistics and the cache, synchronization, and TF32 for float32 matrix products.
 */
public final class Cuda {
    private Cuda() {}

    /** {@return true when a GPU and the CUDA libraries are usable ({@code torch.cuda.is_available()})} */
    public static boolean isAvailable() {
        return CudaRuntime.get().available();
    }

    /** {@return why CUDA is not available (what was searched where), or an empty string when it is} */
    public static String unavailableReason() {
        return CudaRuntime.get().unavailableReason();
    }

    /** {@return the number of GPUs ({@code torch.cuda.device_count()}); 0 when CUDA is not available} */
    public static int deviceCount() {
        return CudaRuntime.get().deviceCount();
    }

    /**
     * {@return the GPU's name, such as {@code NVIDIA H100 80GB HBM3}}
     *
     * @param index the GPU's index, from 0 to {@link #deviceCount()} - 1
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when there is no GPU with that index
     */
    public static String deviceName(int index) {
        return CudaRuntime.get().device(index).name;
    }

    /**
     * {@return a one-line description of the GPU: name, compute capability and memory}
     *
     * @param index the GPU's index, from 0 to {@link #deviceCount()} - 1
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when there is no GPU with that index
     */
    public static String describe(int index) {
        return CudaRuntime.get().device(index).toString();
    }

    /**
     * {@return the bytes of device memory tensors hold now ({@code torch.cuda.memory_allocated})}
     *
     * @param index the GPU's index, from 0 to {@link #deviceCount()} - 1
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when there is no GPU with that index
     */
    public static long memoryAllocated(int index) {
        return CudaRuntime.get().device(index).allocator.allocated();
    }

    /**
     * {@return the most bytes of device memory tensors have held at once ({@code torch.cuda.max_memory_allocated})}
     *
     * @param index the GPU's index, from 0 to {@link #deviceCount()} - 1
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when there is no GPU with that index
     */
    public static long maxMemoryAllocated(int index) {
        return CudaRuntime.get().device(index).allocator.peakAllocated();
    }

    /**
     * {@return the bytes of device memory held from the driver, in use or cached for reuse
     * ({@code torch.cuda.memory_reserved})}
     *
     * @param index the GPU's index, from 0 to {@link #deviceCount()} - 1
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when there is no GPU with that index
     */
    public static long memoryReserved(int index) {
        return CudaRuntime.get().device(index).allocator.reserved();
    }

    /** Returns the cached, unused device memory of every started GPU to the driver ({@code torch.cuda.empty_cache}). */
    public static void emptyCache() {
        for (CudaDevice d : CudaRuntime.get().started()) {
            d.emptyCache();
        }
    }

    /**
     * Waits until all work queued on the device has finished ({@code torch.cuda.synchronize}).
     *
     * @param device a CUDA device, such as {@code cuda:0}
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when the device is not a CUDA device of this machine
     */
    public static void synchronize(Device device) {
        CudaRuntime.get().device(device).synchronize();
    }

    /**
     * Lets float32 matrix products on the device use TF32 tensor cores (about 10 bits of mantissa,
     * much faster); off by default, as {@code torch.backends.cuda.matmul.allow_tf32} is.
     *
     * @param device a CUDA device, such as {@code cuda:0}
     * @param allow true to allow TF32, false for full float32 precision
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when the device is not a CUDA device of this machine
     */
    public static void setAllowTf32(Device device, boolean allow) {
        CudaRuntime.get().device(device).setTf32(allow);
    }

    /**
     * Compiles every kernel the backend can launch for the device's architecture, on all processors,
     * into the in-memory and on-disk kernel caches, so that no later first use waits for NVRTC (a
     * program otherwise compiles each kernel the first time it needs it).
     *
     * @param device a CUDA device, such as {@code cuda:0}
     * @return how many kernels were compiled or found in the disk cache
     * @throws CudaException naming the kernel and carrying NVRTC's log if one does not compile (after trying
     *         every kernel; the others that failed are suppressed in it)
     */
    public static int precompile(Device device) {
        return CudaRuntime.get().device(device).precompile(KernelCatalog.all());
    }

    /**
     * {@return whether float32 matrix products on the device may use TF32}
     *
     * @param device a CUDA device, such as {@code cuda:0}
     * @throws IllegalStateException when CUDA is not available
     * @throws IllegalArgumentException when the device is not a CUDA device of this machine
     */
    public static boolean allowTf32(Device device) {
        return CudaRuntime.get().device(device).tf32();
    }
}
