package dev.arbor.cuda;

import dev.arbor.io.Models;
import dev.arbor.io.Npy;
import dev.arbor.io.Npz;
import dev.arbor.nn.Module;
import dev.arbor.nn.Parameter;
import dev.arbor.optim.SGD;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every conformance model it finds forward and through one training step on cuda:0 and on the
 * CPU, and compares: the outputs, every parameter's gradient of {@code sum(output * probe)}, and the
 * outputs after one SGD step; and, where the folder has PyTorch's results ({@code output.npy},
 * {@code grads.npz}), the GPU's against those too.
 *
 * <p>A model is a {@code model.onnx} (or any {@code *.onnx}) loaded with {@link Models#load}, so every
 * format plugin on the class path can take part; its folder holds {@code input.npy} and optionally
 * {@code output.npy}, {@code probe.npy} and {@code grads.npz} (the layout of the ONNX plugin's
 * fixtures). Models without an input are reported, not skipped silently.
 */
final class GpuConformance {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;
    static final double GRAD_RTOL = 1e-3;
    static final double GRAD_ATOL = 1e-4;

    private GpuConformance() {}

    /** One model's results; {@code error} is set when a step threw. */
    record Result(String name, double forward, double forwardTorch, double grads, double gradsTorch, double afterStep,
                  String error) {
        boolean passed() {
            return error == null && forward <= 1 && forwardTorch <= 1 && grads <= 1 && gradsTorch <= 1 && afterStep <= 1;
        }
    }

    /**
     * How far {@code actual} is from {@code expected} in units of the tolerance: the largest
     * {@code |a - e| / (atol + rtol |e|)}; at most 1 means within tolerance. NaN where shapes differ.
     */
    static double closeness(Tensor expected, Tensor actual, double rtol, double atol) {
        if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
            return Double.NaN;
        }
        double[] e = expected.detach().to(Device.CPU).toDoubleArray();
        double[] a = actual.detach().to(Device.CPU).toDoubleArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) {
                continue;
            }
            worst = Math.max(worst, Math.abs(a[i] - e[i]) / (atol + rtol * Math.abs(e[i])));
            if (Double.isNaN(worst)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return worst;
    }

    /** Model files under the roots, in path order. */
    static List<Path> findModels(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(p)
                        && Files.isRegularFile(p.resolveSibling("input.npy"))).sorted().forEach(out::add);
            }
        }
        return out;
    }

    static Result run(Path model, Device cuda) {
        Path dir = model.getParent();
        String name = dir.getFileName() + (model.getFileName().toString().equals("model.onnx") ? "" : "/" + model.getFileName());
        double forward = Double.NaN;
        double forwardTorch = 0;
        double grads = Double.NaN;
        double gradsTorch = 0;
        double afterStep = Double.NaN;
        try {
            Module cpu = Models.load(model).eval();
            Module gpu = Models.load(model).eval().to(cuda);
            Tensor x = Npy.read(dir.resolve("input.npy"));
            Tensor cpuOut = cpu.call(x);
            Tensor gpuOut = gpu.call(x.to(cuda));
            forward = closeness(cpuOut, gpuOut, RTOL, ATOL);
            if (Files.isRegularFile(dir.resolve("output.npy"))) {
                forwardTorch = closeness(Npy.read(dir.resolve("output.npy")), gpuOut, RTOL, ATOL);
            }
            Tensor probe = Files.isRegularFile(dir.resolve("probe.npy")) ? Npy.read(dir.resolve("probe.npy"))
                    : Tensor.onesLike(cpuOut.detach());
            cpuOut.mul(probe).sum().backward();
            gpuOut.mul(probe.to(cuda)).sum().backward();
            Map<String, Tensor> torchGrads = Files.isRegularFile(dir.resolve("grads.npz"))
                    ? Npz.read(dir.resolve("grads.npz")) : Map.of();
            grads = 0;
            for (var e : cpu.namedParameters().entrySet()) {
                Parameter gp = gpu.getParameter(e.getKey());
                Tensor cg = e.getValue().grad();
                Tensor gg = gp.grad();
                if (cg == null || gg == null) {
                    grads = Math.max(grads, cg == gg ? 0 : Double.POSITIVE_INFINITY);
                    continue;
                }
                grads = Math.max(grads, closeness(cg, gg, GRAD_RTOL, GRAD_ATOL));
                Tensor tg = torchGrads.get(e.getKey());
                if (tg != null) {
                    gradsTorch = Math.max(gradsTorch, closeness(tg, gg, GRAD_RTOL, GRAD_ATOL));
                }
            }
            new SGD(cpu.parameters(), new SGD.Options(0.01)).step();
            new SGD(gpu.parameters(), new SGD.Options(0.01)).step();
            afterStep = closeness(cpu.call(x), gpu.call(x.to(cuda)), RTOL * 10, ATOL * 10);
            return new Result(name, forward, forwardTorch, grads, gradsTorch, afterStep, null);
        } catch (IOException | RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            String[] lines = trace.toString().split("\n");
            String where = lines.length > 1 ? lines[1].trim() : "";
            return new Result(name, forward, forwardTorch, grads, gradsTorch, afterStep, e + " " + where);
        }
    }

    /** The table of results, with the tolerances that define "within 1". */
    static String report(List<Result> results, String device) {
        StringBuilder sb = new StringBuilder();
        sb.append("Conformance models on ").append(device).append(" against the CPU (and PyTorch where the fixtures have it)\n");
        sb.append(String.format(Locale.ROOT, "values are max |a-b|/(atol+rtol|b|): forward rtol %.0e atol %.0e, "
                + "gradients rtol %.0e atol %.0e; <= 1 passes%n", RTOL, ATOL, GRAD_RTOL, GRAD_ATOL));
        sb.append(String.format(Locale.ROOT, "%-22s %10s %10s %10s %10s %10s  %s%n", "model", "fwd-cpu", "fwd-torch",
                "grad-cpu", "grad-torch", "step-cpu", "result"));
        int passed = 0;
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-22s %10.3g %10.3g %10.3g %10.3g %10.3g  %s%n", r.name(), r.forward(),
                    r.forwardTorch(), r.grads(), r.gradsTorch(), r.afterStep(),
                    r.passed() ? "PASS" : r.error() != null ? "ERROR " + r.error() : "FAIL"));
            passed += r.passed() ? 1 : 0;
        }
        sb.append(passed).append(" of ").append(results.size()).append(" models pass\n");
        return sb.toString();
    }

    /** {@code report-file root...}: runs every model under the roots; exit status 1 unless all pass. */
    static int main(Path reportFile, List<Path> roots) throws IOException {
        Device cuda = Device.cuda(0);
        List<Path> models = findModels(roots);
        List<Result> results = new ArrayList<>();
        for (Path m : models) {
            Result r = run(m, cuda);
            System.out.println(r.name() + ": " + (r.passed() ? "PASS" : r.error() != null ? "ERROR " + r.error() : "FAIL"));
            results.add(r);
        }
        String report = models.isEmpty() ? "no models (a folder with *.onnx and input.npy) under " + roots + "\n"
                : report(results, Cuda.isAvailable() ? Cuda.describe(0) : "no GPU (" + Cuda.unavailableReason() + ")");
        System.out.print(report);
        Files.writeString(reportFile, report);
        return !models.isEmpty() && results.stream().allMatch(Result::passed) ? 0 : 1;
    }
}
