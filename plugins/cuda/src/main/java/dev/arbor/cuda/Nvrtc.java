package dev.arbor.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/** NVRTC, the CUDA C++ run-time compiler: CUDA C source to PTX. */
final class Nvrtc {
    final Native.Library library;
    private final MethodHandle nvrtcVersion;
    private final MethodHandle nvrtcGetErrorString;
    private final MethodHandle nvrtcCreateProgram;
    private final MethodHandle nvrtcCompileProgram;
    private final MethodHandle nvrtcGetPTXSize;
    private final MethodHandle nvrtcGetPTX;
    private final MethodHandle nvrtcGetProgramLogSize;
    private final MethodHandle nvrtcGetProgramLog;
    private final MethodHandle nvrtcDestroyProgram;
    private final MethodHandle nvrtcGetNumSupportedArchs;
    private final MethodHandle nvrtcGetSupportedArchs;

    Nvrtc(Native.Library lib) {
        this.library = lib;
        FunctionDescriptor progAndSize = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        nvrtcVersion = lib.function("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcGetErrorString = lib.function("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        nvrtcCreateProgram = lib.function("nvrtcCreateProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCompileProgram = lib.function("nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        nvrtcGetPTXSize = lib.function("nvrtcGetPTXSize", progAndSize);
        nvrtcGetPTX = lib.function("nvrtcGetPTX", progAndSize);
        nvrtcGetProgramLogSize = lib.function("nvrtcGetProgramLogSize", progAndSize);
        nvrtcGetProgramLog = lib.function("nvrtcGetProgramLog", progAndSize);
        nvrtcDestroyProgram = lib.function("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        boolean archs = lib.has("nvrtcGetSupportedArchs");
        nvrtcGetNumSupportedArchs = archs ? lib.function("nvrtcGetNumSupportedArchs", FunctionDescriptor.of(JAVA_INT, ADDRESS)) : null;
        nvrtcGetSupportedArchs = archs ? lib.function("nvrtcGetSupportedArchs", FunctionDescriptor.of(JAVA_INT, ADDRESS)) : null;
    }

    private void check(String call, int result, String detail) {
        if (result != 0) {
            String name;
            try {
                name = Native.cString((MemorySegment) nvrtcGetErrorString.invokeExact(result));
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
            throw new CudaException(call, result, name, detail);
        }
    }

    /** NVRTC's CUDA version, 1000 * major + 10 * minor, comparable with the driver's. */
    int version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check("nvrtcVersion", (int) nvrtcVersion.invokeExact(major, minor), "");
            return major.get(JAVA_INT, 0) * 1000 + minor.get(JAVA_INT, 0) * 10;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The compute capabilities this NVRTC can target (75, 80, 90, ...), or an empty array when it cannot say. */
    int[] supportedArchitectures() {
        if (nvrtcGetSupportedArchs == null) {
            return new int[0];
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(JAVA_INT);
            check("nvrtcGetNumSupportedArchs", (int) nvrtcGetNumSupportedArchs.invokeExact(n), "");
            MemorySegment archs = arena.allocate(JAVA_INT, Math.max(1, n.get(JAVA_INT, 0)));
            check("nvrtcGetSupportedArchs", (int) nvrtcGetSupportedArchs.invokeExact(archs), "");
            return archs.asSlice(0, n.get(JAVA_INT, 0) * 4L).toArray(JAVA_INT);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Compiles one translation unit to PTX; a {@link CudaException} carrying the compiler's log when
     * the source does not compile.
     *
     * @param name    the file name the compiler reports in messages
     * @param options such as {@code --gpu-architecture=compute_90}
     * @return the PTX text
     */
    String compile(String source, String name, List<String> options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment prog = arena.allocate(ADDRESS);
            check("nvrtcCreateProgram", (int) nvrtcCreateProgram.invokeExact(prog, arena.allocateFrom(source),
                    arena.allocateFrom(name), 0, MemorySegment.NULL, MemorySegment.NULL), name);
            MemorySegment handle = prog.get(ADDRESS, 0);
            try {
                MemorySegment opts = arena.allocate(ADDRESS, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    opts.setAtIndex(ADDRESS, i, arena.allocateFrom(options.get(i)));
                }
                int r = (int) nvrtcCompileProgram.invokeExact(handle, options.size(), opts);
                if (r != 0) {
                    check("nvrtcCompileProgram", r, "compiling " + name + " with " + options + ":\n" + log(handle, arena));
                }
                MemorySegment size = arena.allocate(JAVA_LONG);
                check("nvrtcGetPTXSize", (int) nvrtcGetPTXSize.invokeExact(handle, size), name);
                MemorySegment ptx = arena.allocate(size.get(JAVA_LONG, 0));
                check("nvrtcGetPTX", (int) nvrtcGetPTX.invokeExact(handle, ptx), name);
                return ptx.getString(0);
            } finally {
                int ignored = (int) nvrtcDestroyProgram.invokeExact(prog);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private String log(MemorySegment handle, Arena arena) throws Throwable {
        MemorySegment size = arena.allocate(JAVA_LONG);
        if ((int) nvrtcGetProgramLogSize.invokeExact(handle, size) != 0) {
            return "(no log)";
        }
        MemorySegment text = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        if ((int) nvrtcGetProgramLog.invokeExact(handle, text) != 0) {
            return "(no log)";
        }
        return text.getString(0);
    }
}
