package dev.arbor.cuda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The CUDA driver, NVRTC and cuBLAS, loaded and bound, or the reason they could not be: every
 * missing or unusable piece is reported at once with what was searched where.
 *
 * <p>The driver comes from the dynamic linker's {@code libcuda.so.1} (it belongs to the installed
 * NVIDIA driver, never to a toolkit), falling back to the searched folders. NVRTC and cuBLAS come from
 * {@link LibrarySearch}; a copy newer than the driver supports (NVRTC's PTX or cuBLAS's major version
 * above the driver's CUDA version) is skipped for the next one found.
 */
final class CudaLibraries {
    final Driver driver;
    final Nvrtc nvrtc;
    final Cublas cublas;
    /** The driver's CUDA version, 1000 * major + 10 * minor. */
    final int driverVersion;
    final int deviceCount;

    private CudaLibraries(Driver driver, Nvrtc nvrtc, Cublas cublas, int driverVersion, int deviceCount) {
        this.driver = driver;
        this.nvrtc = nvrtc;
        this.cublas = cublas;
        this.driverVersion = driverVersion;
        this.deviceCount = deviceCount;
    }

    /** The libraries, or why not. */
    record Loaded(CudaLibraries libraries, String unavailableReason) {}

    /** Searches, loads and initializes; never throws. */
    static Loaded load(LibrarySearch.Environment env) {
        List<String> problems = new ArrayList<>();
        List<Path> dirs = LibrarySearch.directories(env);
        Driver driver = null;
        int driverVersion = Integer.MAX_VALUE;
        int devices = 0;
        try {
            driver = new Driver(openDriver(dirs));
            int r = driver.init();
            if (r != 0) {
                problems.add("cuInit failed: " + driver.errorName(r) + " (" + r + "): the NVIDIA driver is installed but "
                        + "reports no usable GPU");
            } else {
                driverVersion = driver.version();
                devices = driver.deviceCount();
                if (devices == 0) {
                    problems.add("the NVIDIA driver reports no CUDA device");
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // a library the linker refuses, a missing symbol, native access denied, a failing call
            problems.add(e.getMessage());
        }
        Nvrtc nvrtc = null;
        Cublas cublas = null;
        try {
            nvrtc = loadNvrtc(dirs, driverVersion);
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        try {
            cublas = loadCublas(dirs, driverVersion);
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            boolean missing = problems.stream().anyMatch(p -> p.contains(" not found"));
            return new Loaded(null, String.join("; ", problems) + (missing ? "; " + LibrarySearch.searched(dirs, env) : ""));
        }
        return new Loaded(new CudaLibraries(driver, nvrtc, cublas, driverVersion, devices), "");
    }

    private static Native.Library openDriver(List<Path> dirs) {
        try {
            return Native.Library.openSystem("libcuda.so.1");
        } catch (IllegalArgumentException first) {
            List<String> refused = new ArrayList<>();
            for (LibrarySearch.Candidate c : LibrarySearch.find("cuda", dirs)) {
                if (c.major() == 1 || c.major() == -1) {
                    try {
                        return Native.Library.open(c.path());
                    } catch (IllegalArgumentException e) {
                        refused.add(c.path() + " (" + e.getMessage() + ")");
                    }
                }
            }
            throw new IllegalArgumentException("libcuda.so.1 (the NVIDIA driver) not found: neither the dynamic linker nor "
                    + "the searched folders have it" + (refused.isEmpty() ? "" : " (refused: " + refused + ")")
                    + "; this machine has no NVIDIA driver, or it is not visible here");
        }
    }

    private static Nvrtc loadNvrtc(List<Path> dirs, int driverVersion) {
        return loadFirst("NVRTC", "nvrtc", "nvrtc-builtins", dirs, driverVersion, Nvrtc::new, Nvrtc::version);
    }

    private static Cublas loadCublas(List<Path> dirs, int driverVersion) {
        return loadFirst("cuBLAS", "cublas", "cublasLt", dirs, driverVersion, Cublas::new, c -> c.majorVersion() * 1000);
    }

    /**
     * The first of the library's files that loads, binds and is not newer than the driver (its CUDA
     * version, as {@code cudaVersion} reads it, at most the driver's), or an error listing why each
     * one was passed over.
     */
    private static <T> T loadFirst(String what, String name, String companion, List<Path> dirs, int driverVersion,
                                   Function<Native.Library, T> bind, ToIntFunction<T> cudaVersion) {
        List<LibrarySearch.Candidate> found = LibrarySearch.find(name, dirs);
        if (found.isEmpty()) {
            throw new IllegalStateException(LibrarySearch.notFound(name, what));
        }
        List<String> skipped = new ArrayList<>();
        for (LibrarySearch.Candidate c : found) {
            try {
                preloadCompanion(companion, c);
                T lib = bind.apply(Native.Library.open(c.path()));
                int v = cudaVersion.applyAsInt(lib);
                if (v > driverVersion) {
                    skipped.add(c.path() + " (" + what + " of CUDA " + versionText(v) + " is newer than the driver's CUDA "
                            + versionText(driverVersion) + ")");
                    continue;
                }
                return lib;
            } catch (RuntimeException | LinkageError e) {
                skipped.add(c.path() + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalStateException("no usable " + what + ": " + String.join(", ", skipped));
    }

    /**
     * Loads the library {@code name} of the same major version from the folder of {@code main}, so that
     * the dynamic linker finds it when {@code main} needs it (libcublasLt for libcublas, the builtins
     * for NVRTC) even where the folder is not on its search path. Best effort: a miss is left for the
     * main library's own loading to report.
     */
    private static void preloadCompanion(String name, LibrarySearch.Candidate main) {
        for (LibrarySearch.Candidate c : LibrarySearch.find(name, List.of(main.path().getParent()))) {
            if (c.major() == main.major() || main.major() < 0) {
                try {
                    Native.Library.open(c.path());
                    return;
                } catch (IllegalArgumentException ignored) {
                    // try the next one
                }
            }
        }
    }

    static String versionText(int v) {
        return v == Integer.MAX_VALUE ? "unknown" : (v / 1000) + "." + (v % 1000) / 10;
    }
}
