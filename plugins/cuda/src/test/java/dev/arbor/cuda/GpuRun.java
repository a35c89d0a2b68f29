package dev.arbor.cuda;

import dev.arbor.tensor.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java side of {@code plugins/cuda/gpu/run-on-gpu.sh}: {@code info} (what CUDA Arbor found, or why
 * not), {@code precompile} (every kernel, timed), {@code conformance REPORT ROOT...} and
 * {@code bench JSON MODELS-ROOT}. Exit status 0 on success, 1 on a failed check, 2 on bad arguments.
 */
public final class GpuRun {
    private GpuRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: GpuRun info | precompile | conformance REPORT ROOT... | bench JSON FIXTURES-ROOT ONNX-MODELS-ROOT | profile MODEL FIXTURES-ROOT ONNX-MODELS-ROOT SECONDS");
            System.exit(2);
        }
        int status = switch (args[0]) {
            case "info" -> info();
            case "precompile" -> precompile();
            case "conformance" -> {
                List<Path> roots = new ArrayList<>();
                for (int i = 2; i < args.length; i++) {
                    roots.add(Path.of(args[i]));
                }
                yield GpuConformance.main(Path.of(args[1]), roots);
            }
            case "bench" -> GpuBenchmark.main(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            case "profile" -> GpuBenchmark.profile(args[1], Path.of(args[2]), Path.of(args[3]), Double.parseDouble(args[4]));
            default -> {
                System.err.println("unknown command " + args[0]);
                yield 2;
            }
        };
        System.exit(status);
    }

    private static int info() {
        if (!Cuda.isAvailable()) {
            System.out.println("CUDA unavailable: " + Cuda.unavailableReason());
            return 1;
        }
        for (int i = 0; i < Cuda.deviceCount(); i++) {
            System.out.println(Cuda.describe(i));
        }
        CudaLibraries libs = CudaRuntime.get().device(0).libs;
        System.out.println("driver: " + libs.driver.library.name() + " (CUDA " + CudaLibraries.versionText(libs.driverVersion)
                + ")");
        System.out.println("nvrtc:  " + libs.nvrtc.library.name() + " (CUDA " + CudaLibraries.versionText(libs.nvrtc.version())
                + ")");
        System.out.println("cublas: " + libs.cublas.library.name() + " (major version " + libs.cublas.majorVersion() + ")");
        return 0;
    }

    private static int precompile() {
        long start = System.nanoTime();
        int n = Cuda.precompile(Device.cuda(0));
        System.out.printf("compiled %d kernels in %.1f s on %d processors%n", n, (System.nanoTime() - start) / 1e9,
                Runtime.getRuntime().availableProcessors());
        return 0;
    }
}
