package dev.arbor.cli;

import dev.arbor.backend.cpu.CpuParallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The model, its inputs and the thread count: what {@code run} and {@code bench} share. */
final class ModelRunOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (ONNX).")
    Path model;

    @Option(names = {"-i", "--input"}, paramLabel = "[NAME=]FILE", description = {
        "An input tensor: a NumPy .npy file or an ONNX TensorProto .pb file (the ONNX test-data format), "
                + "for the graph input NAME, or without a name for the next input in order. Repeat for each input."})
    List<String> inputs = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads for the kernels (default: the number of processors).")
    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Applies {@code --threads}; a count below 1 is a usage error. */
    void applyThreads() {
        if (threads != null) {
            if (threads < 1) {
                throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
            }
            CpuParallel.setThreads(threads);
        }
    }
}
