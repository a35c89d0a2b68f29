package dev.arbor.cli;

import dev.arbor.backend.cpu.CpuParallel;
import dev.arbor.nn.Module;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code arbor bench MODEL --input ...}: forward latency. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the forward pass of a model on the CPU (eval mode, without gradients, each run's "
                + "outputs released when it ends): run it --warmup times untimed, then --iters times, and print the "
                + "median, min and max latency in ms.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelRunOptions options;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5",
            description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iters", paramLabel = "N", defaultValue = "20",
            description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int iters;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || iters < 1) {
            throw new ParameterException(spec.commandLine(), "--warmup must be at least 0 and --iters at least 1, got "
                    + warmup + " and " + iters);
        }
        options.applyThreads();
        Module model = ModelFiles.loadModel(options.model);
        Object[] inputs = ModelInputs.read(model, options.inputs, spec.commandLine());
        model.eval();
        double[] ms = new double[iters];
        try (var noGrad = GradMode.noGrad();
             Progress progress = Progress.start("bench", (long) warmup + iters, spec.commandLine().getErr())) {
            for (int i = 0; i < warmup; i++) {
                run(model, inputs);
                progress.update(i + 1, "warm-up");
            }
            for (int i = 0; i < iters; i++) {
                long t0 = System.nanoTime();
                run(model, inputs);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                progress.update(warmup + i + 1, Units.millis(ms[i]));
            }
        }
        Arrays.sort(ms);
        double median = iters % 2 == 1 ? ms[iters / 2] : (ms[iters / 2 - 1] + ms[iters / 2]) / 2;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %d runs after %d warm-up, %d CPU thread%s%n", options.model, iters, warmup,
                CpuParallel.threads(), CpuParallel.threads() == 1 ? "" : "s");
        out.printf("median %s  min %s  max %s%n", Units.millis(median), Units.millis(ms[0]),
                Units.millis(ms[iters - 1]));
        out.flush();
        return 0;
    }

    /**
     * One forward pass whose outputs' memory goes back to the cache at once, as a service that is done
     * with them would do (fresh memory for each run's outputs would be timed too).
     */
    private static void run(Module model, Object[] inputs) {
        try (MemoryScope memory = MemoryScope.open()) {
            release(memory, model.call(inputs));
        }
    }

    private static void release(MemoryScope memory, Object value) {
        if (value instanceof Tensor t) {
            memory.release(t.storage());
        } else if (value instanceof List<?> list) {
            list.forEach(v -> release(memory, v));
        }
    }
}
