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

    /** Milliseconds per call of {@code body}, averaged over {@code iterations} after {@code warmup} calls. */
    static double time(Device device, int warmup, int iterations, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        Cuda.synchronize(device);
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            body.run();
        }
        Cuda.synchronize(device);
        return (System.nanoTime() - start) / 1e6 / iterations;
    }

    static double sgemmGflops(Device cuda, int n) {
        Generator g = new Generator(n);
        Tensor a = Tensor.randn(g, DType.FLOAT32, n, n).to(cuda);
        Tensor b = Tensor.randn(g, DType.FLOAT32, n, n).to(cuda);
        double ms = time(cuda, 3, n >= 8192 ? 5 : 10, () -> a.matmul(b));
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

    static double modelForwardMs(Device cuda, Path dir) throws IOException {
        Module m = Models.load(dir.resolve("model.onnx")).eval().to(cuda);
        Tensor x = batchOf(Npy.read(dir.resolve("input.npy"))).to(cuda);
        try (var ignored = GradMode.noGrad()) {
            return time(cuda, 5, 30, () -> m.call(x));
        }
    }

    /** {@code json-file models-root}: measures and writes; a figure that fails is reported as an error entry. */
    static int main(Path json, Path modelsRoot) throws IOException {
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
                out.put(model + "_b" + BATCH + "_ms", modelForwardMs(cuda, modelsRoot.resolve(model)));
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
