package dev.arbor.cuda;

import dev.arbor.io.Models;
import dev.arbor.io.Npy;
import dev.arbor.nn.Module;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The GPU figures of issue 6, measured the way {@code bench_torch.py} measures PyTorch's: float32
 * SGEMM (TF32 off) at 4096 and 8192 in GFLOP/s, and the forward pass of the ResNet-style and
 * Transformer conformance models at batch 32 in milliseconds (inference, after warm-up, the device
 * synchronized around the timed loop). Writes them as a flat JSON object.
 */
final class GpuBenchmark {
    static final int BATCH = 32;

    private GpuBenchmark() {}

    /**
     * Milliseconds per call of {@code body}: the median over {@code rounds} rounds of {@code iterations}
     * calls each, after {@code warmup} calls (enough for the JIT to compile the host side), the device
     * synchronized around each round.
     */
    static double time(Device device, int warmup, int rounds, int iterations, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Cuda.synchronize(device);
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                body.run();
            }
            Cuda.synchronize(device);
            ms[r] = (System.nanoTime() - start) / 1e6 / iterations;
        }
        java.util.Arrays.sort(ms);
        return ms[rounds / 2];
    }

    static double sgemmGflops(Device cuda, int n) {
        Generator g = new Generator(n);
        Tensor a = Tensor.randn(g, DType.FLOAT32, n, n).to(cuda);
        Tensor b = Tensor.randn(g, DType.FLOAT32, n, n).to(cuda);
        double ms = time(cuda, 3, 5, n >= 8192 ? 3 : 10, () -> a.matmul(b));
        return 2.0 * n * n * n / (ms / 1e3) / 1e9;
    }

    /** The model's stored input repeated along the batch dimension to {@link #BATCH} samples. */
    static Tensor batchOf(Tensor sample) {
        long[] shape = sample.shape();
        long[] tiled = shape.clone();
        tiled[0] = BATCH;
        long per = shape[0];
        long[] repeats = new long[shape.length];
        java.util.Arrays.fill(repeats, 1);
        repeats[0] = Math.ceilDiv(BATCH, per);
        return sample.repeat(repeats).narrow(0, 0, BATCH).contiguous();
    }

    /** The benchmark export of a model (dynamic batch) on the device, in eval mode. */
    static Module model(Device cuda, Path onnx) throws IOException {
        return Models.load(onnx).eval().to(cuda);
    }

    /** The fixture's input, batched, on the device. */
    static Tensor input(Device cuda, Path fixture) throws IOException {
        return batchOf(Npy.read(fixture.resolve("input.npy"))).to(cuda);
    }

    /** Milliseconds per forward pass without gradients. */
    static double modelForwardMs(Device cuda, Module m, Tensor x) {
        try (var ignored = GradMode.noGrad()) {
            return time(cuda, 300, 7, 30, () -> m.call(x));
        }
    }

    /**
     * Milliseconds the host takes to queue one forward pass (the median of 31, the device idle at the
     * start of each): near the whole forward time, the run is bound by the host, not the GPU.
     */
    static double hostQueueMs(Device cuda, Module m, Tensor x) {
        double[] ms = new double[31];
        try (var ignored = GradMode.noGrad()) {
            for (int i = 0; i < ms.length; i++) {
                Cuda.synchronize(cuda);
                long start = System.nanoTime();
                m.call(x);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Cuda.synchronize(cuda);
        java.util.Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /**
     * {@code model fixtures-root onnx-models-root seconds}: runs one model's forward pass at batch 32 in a
     * loop for a profiler (a flight recording of the JVM), then prints the figures.
     */
    static int profile(String name, Path fixturesRoot, Path onnxModelsRoot, double seconds) throws IOException {
        Device cuda = Device.cuda(0);
        Module m = model(cuda, onnxModelsRoot.resolve(name + ".onnx"));
        Tensor x = input(cuda, fixturesRoot.resolve(name));
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long calls = 0;
        try (var ignored = GradMode.noGrad()) {
            while (System.nanoTime() < end) {
                m.call(x);
                calls++;
            }
        }
        Cuda.synchronize(cuda);
        System.out.printf(Locale.ROOT, "%s b%d: %d calls in %.1f s; forward %.4f ms, host queueing %.4f ms%n", name,
                BATCH, calls, seconds, modelForwardMs(cuda, m, x), hostQueueMs(cuda, m, x));
        return 0;
    }

    /**
     * {@code json-file fixtures-root onnx-models-root}: measures and writes; a figure that fails is reported
     * as an error entry. The models are the benchmarks' exports ({@code <name>.onnx}, batch dimension
     * dynamic; the fixtures have their example batch fixed in the graph), the inputs the fixtures'.
     */
    static int main(Path json, Path fixturesRoot, Path onnxModelsRoot) throws IOException {
        Device cuda = Device.cuda(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", Cuda.deviceName(0));
        for (int n : new int[] {4096, 8192}) {
            try {
                out.put("sgemm_" + n + "_gflops", sgemmGflops(cuda, n));
            } catch (RuntimeException e) {
                out.put("sgemm_" + n + "_error", e.toString());
            }
        }
        for (String model : new String[] {"resnet", "transformer"}) {
            try {
                Module m = model(cuda, onnxModelsRoot.resolve(model + ".onnx"));
                Tensor x = input(cuda, fixturesRoot.resolve(model));
                out.put(model + "_b" + BATCH + "_ms", modelForwardMs(cuda, m, x));
                out.put(model + "_b" + BATCH + "_host_ms", hostQueueMs(cuda, m, x));
            } catch (IOException | RuntimeException e) {
                out.put(model + "_b" + BATCH + "_error", e.toString());
            }
        }
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (var e : out.entrySet()) {
            Object v = e.getValue();
            String value = v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d)
                    : '"' + v.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + '"';
            sb.append("  \"").append(e.getKey()).append("\": ").append(value).append(++i < out.size() ? ",\n" : "\n");
        }
        String text = sb.append("}\n").toString();
        System.out.print(text);
        Files.writeString(json, text);
        return out.keySet().stream().anyMatch(k -> k.endsWith("_error")) ? 1 : 0;
    }
}
