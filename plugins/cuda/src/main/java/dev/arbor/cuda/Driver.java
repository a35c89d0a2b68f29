package dev.arbor.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API ({@code libcuda.so.1}) as far as Arbor uses it. Every call checks its
 * {@code CUresult} and throws a {@link CudaException} with the call and the driver's error name.
 * Handles (contexts, streams, events, modules, functions) are {@link MemorySegment} addresses; device
 * pointers are {@code long}.
 */
final class Driver {
    /** CUDA_ERROR_OUT_OF_MEMORY. */
    static final int ERROR_OUT_OF_MEMORY = 2;
    static final int ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
    static final int ATTRIBUTE_MAX_GRID_DIM_X = 5;
    static final int ATTRIBUTE_MAX_GRID_DIM_Y = 6;
    static final int ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
    static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

    private static final FunctionDescriptor I_I = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor I_A = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor I_AI = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor I_AA = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final FunctionDescriptor I_AL = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);

    final Native.Library library;
    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private final MethodHandle cuGetErrorName;
    private final MethodHandle cuGetErrorString;
    private final MethodHandle cuDeviceGetCount;
    private final MethodHandle cuDeviceGet;
    private final MethodHandle cuDeviceGetAttribute;
    private final MethodHandle cuDeviceGetName;
    private final MethodHandle cuDeviceTotalMem;
    private final MethodHandle cuDevicePrimaryCtxRetain;
    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuMemGetInfo;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuMemAllocHost;
    private final MethodHandle cuMemFreeHost;
    private final MethodHandle cuMemcpyHtoD;
    private final MethodHandle cuMemcpyDtoH;
    private final MethodHandle cuMemcpyDtoD;
    private final MethodHandle cuMemcpyHtoDAsync;
    private final MethodHandle cuMemcpyDtoHAsync;
    private final MethodHandle cuMemcpyDtoDAsync;
    private final MethodHandle cuMemsetD8;
    private final MethodHandle cuMemsetD8Async;
    private final MethodHandle cuStreamCreate;
    private final MethodHandle cuStreamSynchronize;
    private final MethodHandle cuStreamDestroy;
    private final MethodHandle cuEventCreate;
    private final MethodHandle cuEventRecord;
    private final MethodHandle cuEventSynchronize;
    private final MethodHandle cuEventElapsedTime;
    private final MethodHandle cuEventDestroy;
    private final MethodHandle cuModuleLoadData;
    private final MethodHandle cuModuleGetFunction;
    private final MethodHandle cuLaunchKernel;

    Driver(Native.Library lib) {
        this.library = lib;
        cuInit = lib.function("cuInit", I_I);
        cuDriverGetVersion = lib.function("cuDriverGetVersion", I_A);
        cuGetErrorName = lib.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuGetErrorString = lib.function("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cuDeviceGetCount = lib.function("cuDeviceGetCount", I_A);
        cuDeviceGet = lib.function("cuDeviceGet", I_AI);
        cuDeviceGetAttribute = lib.function("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceGetName = lib.function("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceTotalMem = lib.first(I_AI, "cuDeviceTotalMem_v2", "cuDeviceTotalMem");
        cuDevicePrimaryCtxRetain = lib.function("cuDevicePrimaryCtxRetain", I_AI);
        cuCtxSetCurrent = lib.function("cuCtxSetCurrent", I_A);
        cuMemGetInfo = lib.first(I_AA, "cuMemGetInfo_v2", "cuMemGetInfo");
        cuMemAlloc = lib.first(I_AL, "cuMemAlloc_v2", "cuMemAlloc");
        cuMemFree = lib.first(FunctionDescriptor.of(JAVA_INT, JAVA_LONG), "cuMemFree_v2", "cuMemFree");
        cuMemAllocHost = lib.first(I_AL, "cuMemAllocHost_v2", "cuMemAllocHost");
        cuMemFreeHost = lib.function("cuMemFreeHost", I_A);
        cuMemcpyHtoD = lib.first(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG), "cuMemcpyHtoD_v2");
        cuMemcpyDtoH = lib.first(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), "cuMemcpyDtoH_v2");
        cuMemcpyDtoD = lib.first(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG), "cuMemcpyDtoD_v2");
        cuMemcpyHtoDAsync = lib.first(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS),
                "cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync = lib.first(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS),
                "cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync = lib.first(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
                "cuMemcpyDtoDAsync_v2");
        cuMemsetD8 = lib.first(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG), "cuMemsetD8_v2");
        cuMemsetD8Async = lib.function("cuMemsetD8Async", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS));
        cuStreamCreate = lib.function("cuStreamCreate", I_AI);
        cuStreamSynchronize = lib.function("cuStreamSynchronize", I_A);
        cuStreamDestroy = lib.first(I_A, "cuStreamDestroy_v2", "cuStreamDestroy");
        cuEventCreate = lib.function("cuEventCreate", I_AI);
        cuEventRecord = lib.function("cuEventRecord", I_AA);
        cuEventSynchronize = lib.function("cuEventSynchronize", I_A);
        cuEventElapsedTime = lib.first(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS),
                "cuEventElapsedTime_v2", "cuEventElapsedTime");
        cuEventDestroy = lib.first(I_A, "cuEventDestroy_v2", "cuEventDestroy");
        cuModuleLoadData = lib.function("cuModuleLoadData", I_AA);
        cuModuleGetFunction = lib.function("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        cuLaunchKernel = lib.function("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    }

    /** Throws a {@link CudaException} for a non-zero result. */
    void check(String call, int result) {
        if (result != 0) {
            throw new CudaException(call, result, errorName(result), errorString(result));
        }
    }

    /** The driver's name for a result code, such as {@code CUDA_ERROR_NO_DEVICE}. */
    String errorName(int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            int r = (int) cuGetErrorName.invokeExact(result, p);
            return r == 0 ? Native.cString(p.get(ADDRESS, 0)) : "CUresult " + result;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private String errorString(int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            int r = (int) cuGetErrorString.invokeExact(result, p);
            return r == 0 ? Native.cString(p.get(ADDRESS, 0)) : "";
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** cuInit(0); the result code, unchecked, so that "no device" can be reported as unavailability. */
    int init() {
        try {
            return (int) cuInit.invokeExact(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The driver's CUDA version, 1000 * major + 10 * minor (12080 for 12.8). */
    int version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check("cuDriverGetVersion", (int) cuDriverGetVersion.invokeExact(v));
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(JAVA_INT);
            check("cuDeviceGetCount", (int) cuDeviceGetCount.invokeExact(n));
            return n.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The CUdevice handle of ordinal {@code index}. */
    int device(int index) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocate(JAVA_INT);
            check("cuDeviceGet", (int) cuDeviceGet.invokeExact(d, index));
            return d.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    int attribute(int device, int attribute) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check("cuDeviceGetAttribute", (int) cuDeviceGetAttribute.invokeExact(v, attribute, device));
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    String name(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            check("cuDeviceGetName", (int) cuDeviceGetName.invokeExact(buf, 256, device));
            return buf.getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    long totalMemory(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_LONG);
            check("cuDeviceTotalMem_v2", (int) cuDeviceTotalMem.invokeExact(v, device));
            return v.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The device's primary context (shared with the CUDA runtime, so cuBLAS works in it). */
    MemorySegment primaryContext(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check("cuDevicePrimaryCtxRetain", (int) cuDevicePrimaryCtxRetain.invokeExact(p, device));
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void setCurrent(MemorySegment context) {
        try {
            check("cuCtxSetCurrent", (int) cuCtxSetCurrent.invokeExact(context));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Free and total device memory of the current context's device. */
    long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo_v2", (int) cuMemGetInfo.invokeExact(free, total));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Device memory, or 0 when the device has none left (CUDA_ERROR_OUT_OF_MEMORY). */
    long memAlloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(JAVA_LONG);
            int r = (int) cuMemAlloc.invokeExact(p, bytes);
            if (r == ERROR_OUT_OF_MEMORY) {
                return 0;
            }
            check("cuMemAlloc_v2", r);
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memFree(long pointer) {
        try {
            check("cuMemFree_v2", (int) cuMemFree.invokeExact(pointer));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Page-locked host memory the device can copy from and to asynchronously. */
    MemorySegment memAllocHost(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check("cuMemAllocHost_v2", (int) cuMemAllocHost.invokeExact(p, bytes));
            return p.get(ADDRESS, 0).reinterpret(bytes);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memFreeHost(MemorySegment host) {
        try {
            check("cuMemFreeHost", (int) cuMemFreeHost.invokeExact(host));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memcpyHtoD(long dst, MemorySegment src, long bytes) {
        try {
            check("cuMemcpyHtoD_v2", (int) cuMemcpyHtoD.invokeExact(dst, src, bytes));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memcpyDtoH(MemorySegment dst, long src, long bytes) {
        try {
            check("cuMemcpyDtoH_v2", (int) cuMemcpyDtoH.invokeExact(dst, src, bytes));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memcpyDtoD(long dst, long src, long bytes) {
        try {
            check("cuMemcpyDtoD_v2", (int) cuMemcpyDtoD.invokeExact(dst, src, bytes));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memcpyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check("cuMemcpyHtoDAsync_v2", (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memcpyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check("cuMemcpyDtoHAsync_v2", (int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memcpyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        try {
            check("cuMemcpyDtoDAsync_v2", (int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memsetD8(long dst, byte value, long bytes) {
        try {
            check("cuMemsetD8_v2", (int) cuMemsetD8.invokeExact(dst, value, bytes));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memsetD8Async(long dst, byte value, long bytes, MemorySegment stream) {
        try {
            check("cuMemsetD8Async", (int) cuMemsetD8Async.invokeExact(dst, value, bytes, stream));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment streamCreate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check("cuStreamCreate", (int) cuStreamCreate.invokeExact(p, 0));
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void streamSynchronize(MemorySegment stream) {
        try {
            check("cuStreamSynchronize", (int) cuStreamSynchronize.invokeExact(stream));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void streamDestroy(MemorySegment stream) {
        try {
            check("cuStreamDestroy_v2", (int) cuStreamDestroy.invokeExact(stream));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment eventCreate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check("cuEventCreate", (int) cuEventCreate.invokeExact(p, 0));
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void eventRecord(MemorySegment event, MemorySegment stream) {
        try {
            check("cuEventRecord", (int) cuEventRecord.invokeExact(event, stream));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void eventSynchronize(MemorySegment event) {
        try {
            check("cuEventSynchronize", (int) cuEventSynchronize.invokeExact(event));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Milliseconds between two recorded events. */
    float eventElapsedTime(MemorySegment start, MemorySegment end) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(JAVA_FLOAT);
            check("cuEventElapsedTime", (int) cuEventElapsedTime.invokeExact(ms, start, end));
            return ms.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void eventDestroy(MemorySegment event) {
        try {
            check("cuEventDestroy_v2", (int) cuEventDestroy.invokeExact(event));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Loads a NUL-terminated PTX image into the current context. */
    MemorySegment moduleLoadData(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check("cuModuleLoadData", (int) cuModuleLoadData.invokeExact(p, image));
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment moduleGetFunction(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            int r = (int) cuModuleGetFunction.invokeExact(p, module, arena.allocateFrom(name));
            if (r != 0) {
                throw new CudaException("cuModuleGetFunction", r, errorName(r), "kernel " + name);
            }
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Launches a kernel on {@code stream}; {@code params} is the {@code void*[]} of pointers to each
     * argument's value.
     */
    void launch(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                int sharedBytes, MemorySegment stream, MemorySegment params) {
        try {
            int r = (int) cuLaunchKernel.invokeExact(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes,
                    stream, params, MemorySegment.NULL);
            check("cuLaunchKernel", r);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
