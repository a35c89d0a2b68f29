package dev.arbor.cuda;

import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One GPU as Arbor uses it: its primary context, the one stream all of Arbor's work on it runs on (so
 * work is ordered and freed memory can be reused at once), its caching allocator, pinned staging
 * buffers for transfers, the kernels loaded into it, and a cuBLAS handle.
 */
final class CudaDevice {
    private static final ThreadLocal<CudaDevice> CURRENT = new ThreadLocal<>();

    final Device device;
    final CudaLibraries libs;
    final String name;
    final long totalMemory;
    /** Compute capability, 10 * major + minor (90 for an H100). */
    final int capability;
    final int multiprocessors;
    final CachingAllocator allocator;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final KernelCompiler compiler;
    private final Map<String, MemorySegment> functions = new ConcurrentHashMap<>();
    private final HostStaging staging;
    private volatile MemorySegment cublasHandle;
    private volatile boolean tf32;

    CudaDevice(CudaLibraries libs, KernelCompiler compiler, int index) {
        this.libs = libs;
        this.compiler = compiler;
        this.device = Device.cuda(index);
        Driver d = libs.driver;
        int handle = d.device(index);
        this.name = d.name(handle);
        this.totalMemory = d.totalMemory(handle);
        this.capability = d.attribute(handle, Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) * 10
                + d.attribute(handle, Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.multiprocessors = d.attribute(handle, Driver.ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.context = d.primaryContext(handle);
        activate();
        this.stream = d.streamCreate();
        this.allocator = new CachingAllocator(new CachingAllocator.DeviceMemory() {
            @Override
            public long allocate(long bytes) {
                activate();
                return d.memAlloc(bytes);
            }

            @Override
            public void free(long address) {
                activate();
                d.memFree(address);
            }

            @Override
            public String describe() {
                return "GPU " + index + "; " + CachingAllocator.mib(totalMemory) + " total capacity";
            }
        });
        this.staging = new HostStaging(this);
    }

    /** Makes this device's context current on the calling thread (once per thread and device). */
    void activate() {
        if (CURRENT.get() != this) {
            libs.driver.setCurrent(context);
            CURRENT.set(this);
        }
    }

    MemorySegment stream() {
        return stream;
    }

    Driver driver() {
        return libs.driver;
    }

    /** Waits for all work queued on this device. */
    void synchronize() {
        activate();
        libs.driver.streamSynchronize(stream);
    }

    /** New memory, zeroed as the Backend contract asks. */
    CudaStorage allocate(long bytes) {
        CudaStorage s = scratch(bytes);
        if (bytes > 0) {
            activate();
            libs.driver.memsetD8Async(s.address(), (byte) 0, bytes, stream);
        }
        return s;
    }

    /** New memory with whatever the cached block held: for buffers a kernel fills before reading. */
    CudaStorage scratch(long bytes) {
        return new CudaStorage(device, allocator, bytes);
    }

    /** Frees the cached blocks after the queued work that may still use them has finished. */
    void emptyCache() {
        synchronize();
        allocator.releaseCached();
    }

    HostStaging staging() {
        return staging;
    }

    /** Whether float32 matrix products may use TF32 tensor cores. */
    boolean tf32() {
        return tf32;
    }

    void setTf32(boolean allow) {
        this.tf32 = allow;
    }

    /** The cuBLAS handle of this device, made on first use, on this device's stream. */
    MemorySegment cublas() {
        MemorySegment h = cublasHandle;
        if (h == null) {
            synchronized (this) {
                h = cublasHandle;
                if (h == null) {
                    activate();
                    h = libs.cublas.create(stream);
                    cublasHandle = h;
                }
            }
        }
        activate();
        return h;
    }

    /**
     * Launches {@code spec} with {@code grid} x {@code gridY} blocks of {@code block} threads. Arguments
     * are, in the kernel's order: a {@link Tensor} (its data pointer at its offset), a
     * {@link CudaStorage} (its first byte), a {@code Long} (an {@code i64} or {@code u64}), a {@code Double}, or a
     * {@code long[]} (a struct of 8-byte fields). The tensors and storages stay reachable until the
     * launch is queued, so their memory cannot be recycled under it.
     */
    void launch(KernelSource.Spec spec, long grid, long gridY, int block, Object... args) {
        if (grid == 0 || gridY == 0) {
            return;
        }
        if (grid > Integer.MAX_VALUE || gridY > 65535) {
            throw new IllegalArgumentException("kernel " + spec.name() + ": grid " + grid + " x " + gridY + " is too large");
        }
        MemorySegment function = function(spec);
        activate();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(ValueLayout.ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment value = switch (args[i]) {
                    case Tensor t -> arena.allocateFrom(ValueLayout.JAVA_LONG, pointer(t));
                    case CudaStorage s -> arena.allocateFrom(ValueLayout.JAVA_LONG, s.address());
                    case Long v -> arena.allocateFrom(ValueLayout.JAVA_LONG, v);
                    case Double v -> arena.allocateFrom(ValueLayout.JAVA_DOUBLE, v);
                    case long[] words -> arena.allocateFrom(ValueLayout.JAVA_LONG, words);
                    default -> throw new IllegalArgumentException("kernel argument of type " + args[i].getClass());
                };
                params.setAtIndex(ValueLayout.ADDRESS, i, value);
            }
            libs.driver.launch(function, (int) grid, (int) gridY, 1, block, 1, 1, 0, stream, params);
        } finally {
            Reference.reachabilityFence(args);
        }
    }

    /**
     * Compiles {@code specs} in parallel into the kernel caches (not loaded into the context until used).
     * Every kernel is tried, so one run reports all that fail (the first thrown, the rest suppressed in it),
     * and no compilation is still running when the caller gets the exception.
     */
    int precompile(List<KernelSource.Spec> specs) {
        List<CudaException> failures = Collections.synchronizedList(new ArrayList<>());
        specs.parallelStream().forEach(spec -> {
            try {
                compiler.ptx(spec, capability);
            } catch (CudaException e) {
                failures.add(e);
            }
        });
        if (!failures.isEmpty()) {
            CudaException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return specs.size();
    }

    /** The device address of a CUDA tensor's first element. */
    static long pointer(Tensor t) {
        return ((CudaStorage) t.storage()).address() + t.offset() * t.dtype().byteSize();
    }

    private MemorySegment function(KernelSource.Spec spec) {
        MemorySegment f = functions.get(spec.name());
        if (f != null) {
            return f;
        }
        return functions.computeIfAbsent(spec.name(), n -> {
            String ptx = compiler.ptx(spec, capability);
            activate();
            try (Arena arena = Arena.ofConfined()) {
                byte[] bytes = ptx.getBytes(StandardCharsets.UTF_8);
                MemorySegment image = arena.allocate(bytes.length + 1L);
                MemorySegment.copy(bytes, 0, image, ValueLayout.JAVA_BYTE, 0, bytes.length);
                MemorySegment module = libs.driver.moduleLoadData(image);
                return libs.driver.moduleGetFunction(module, n);
            }
        });
    }

    @Override
    public String toString() {
        return device + " (" + name + ", compute capability " + capability / 10 + "." + capability % 10 + ", "
                + CachingAllocator.mib(totalMemory) + ")";
    }
}
