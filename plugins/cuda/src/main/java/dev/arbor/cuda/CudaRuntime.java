package dev.arbor.cuda;

import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA libraries and devices of this JVM, loaded on first use: either usable, with a
 * {@link CudaDevice} per GPU made when first asked for, or unavailable with the reason.
 */
final class CudaRuntime {
    private static final class Holder {
        static final CudaRuntime INSTANCE = new CudaRuntime(CudaLibraries.load(LibrarySearch.Environment.current()));
    }

    private final CudaLibraries libs;
    private final String unavailableReason;
    private final CudaDevice[] devices;
    private final KernelCompiler compiler;

    private CudaRuntime(CudaLibraries.Loaded loaded) {
        CudaLibraries l = loaded.libraries();
        String reason = loaded.unavailableReason();
        KernelCompiler c = null;
        if (l != null) {
            try {
                c = new KernelCompiler(l.nvrtc, KernelCompiler.defaultCacheDir());
            } catch (RuntimeException e) {
                reason = "NVRTC does not work: " + e.getMessage();
                l = null;
            }
        }
        this.libs = l;
        this.unavailableReason = reason;
        this.compiler = c;
        this.devices = new CudaDevice[l == null ? 0 : l.deviceCount];
    }

    static CudaRuntime get() {
        return Holder.INSTANCE;
    }

    boolean available() {
        return libs != null && devices.length > 0;
    }

    String unavailableReason() {
        return unavailableReason;
    }

    int deviceCount() {
        return devices.length;
    }

    /** The device, made (context, stream) on first use; a clear error when CUDA is unavailable or the index is out of range. */
    CudaDevice device(int index) {
        if (!available()) {
            throw new IllegalStateException("CUDA is not available: " + unavailableReason);
        }
        if (index < 0 || index >= devices.length) {
            throw new IllegalArgumentException("device cuda:" + index + " does not exist: this machine has "
                    + devices.length + " CUDA device(s)");
        }
        CudaDevice d = devices[index];
        if (d == null) {
            synchronized (this) {
                d = devices[index];
                if (d == null) {
                    d = new CudaDevice(libs, compiler, index);
                    devices[index] = d;
                }
            }
        }
        return d;
    }

    CudaDevice device(Device device) {
        if (!device.type().equals("cuda")) {
            throw new IllegalArgumentException("expected a cuda device, got " + device);
        }
        return device(device.index());
    }

    /** The device a CUDA tensor lives on. */
    CudaDevice device(Tensor t) {
        return device(t.device());
    }

    /** The devices made so far (those this JVM has used). */
    synchronized List<CudaDevice> started() {
        List<CudaDevice> out = new ArrayList<>();
        for (CudaDevice d : devices) {
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }
}
