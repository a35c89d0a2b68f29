package dev.arbor.cuda;

import dev.arbor.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles kernels with NVRTC for a device architecture, once: the PTX is kept in memory and on disk
 * ({@code ~/.cache/arbor/cuda/<sha-256 of source, options and NVRTC version>.ptx}, or the folder of
 * the {@code arbor.cuda.cacheDir} property), so a later run loads it without compiling. A cache that
 * cannot be written only costs the compile time.
 */
final class KernelCompiler {
    private static final System.Logger LOG = System.getLogger(KernelCompiler.class.getName());

    private final Nvrtc nvrtc;
    private final int nvrtcVersion;
    private final int[] supported;
    private final Path cacheDir;
    private final Map<String, String> memory = new ConcurrentHashMap<>();
    private volatile boolean cacheWarned;

    KernelCompiler(Nvrtc nvrtc, Path cacheDir) {
        this.nvrtc = nvrtc;
        this.nvrtcVersion = nvrtc.version();
        this.supported = nvrtc.supportedArchitectures();
        this.cacheDir = cacheDir;
    }

    /** The cache folder this JVM uses: the property, {@code $XDG_CACHE_HOME/arbor/cuda}, or {@code ~/.cache/arbor/cuda}. */
    static Path defaultCacheDir() {
        String configured = System.getProperty("arbor.cuda.cacheDir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("arbor").resolve("cuda");
    }

    /**
     * The virtual architecture to compile for: the device's compute capability, or the newest this
     * NVRTC supports when the device is newer (its PTX is then JIT-compiled by the driver).
     */
    static int architecture(int capability, int[] supported) {
        if (supported.length == 0) {
            return capability;
        }
        int best = -1;
        for (int a : supported) {
            if (a <= capability && a > best) {
                best = a;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("this NVRTC cannot compile for compute capability " + capability / 10 + "."
                    + capability % 10 + " (it supports " + Arrays.toString(supported) + ")");
        }
        return best;
    }

    /** NVRTC's options for an architecture. */
    static List<String> options(int architecture) {
        return List.of("--gpu-architecture=compute_" + architecture, "--std=c++17");
    }

    /** The cache key of a compilation: SHA-256 over everything that changes the PTX. */
    static String cacheKey(String source, List<String> options, int compilerVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.join(" ", options).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Integer.toString(compilerVersion).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PTX of {@code spec} for a device of this compute capability. */
    String ptx(KernelSource.Spec spec, int capability) {
        String source = spec.source();
        List<String> options = options(architecture(capability, supported));
        String key = cacheKey(source, options, nvrtcVersion);
        return memory.computeIfAbsent(key, k -> {
            Path file = cacheDir == null ? null : cacheDir.resolve(k + ".ptx");
            if (file != null && Files.isRegularFile(file)) {
                try {
                    String cached = Files.readString(file, StandardCharsets.UTF_8);
                    if (cached.contains(".entry " + spec.name())) {
                        return cached;
                    }
                } catch (IOException e) {
                    // recompile below
                }
            }
            String ptx = nvrtc.compile(source, spec.name() + ".cu", options);
            if (file != null) {
                store(file, ptx);
            }
            return ptx;
        });
    }

    private void store(Path file, String ptx) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, tmp -> Files.writeString(tmp, ptx, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            if (!cacheWarned) {
                cacheWarned = true;
                LOG.log(System.Logger.Level.WARNING, "cannot write the CUDA kernel cache in " + cacheDir
                        + " (kernels will be compiled again next run): " + e);
            }
        }
    }
}
