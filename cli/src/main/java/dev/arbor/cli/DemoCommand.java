package dev.arbor.cli;

import dev.arbor.cli.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arbor demo}: trains a small CNN on images it makes, saves and reloads it, charts the loss. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Arbor's main job on data it makes itself: build a small CNN, train it for a few seconds on a "
                    + "generated 16x16 image task (progress bar and loss), report the accuracy on held-out "
                    + "images, save the state dict as HDF5 and safetensors and load each into a fresh model "
                    + "(outputs must be identical), export the model to ONNX and import it again (outputs must "
                    + "agree), print the module tree, and draw the loss curve as a PNG."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = "arbor-demo",
            description = "The folder for the saved model and the chart, made if missing (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "The seed of the data and the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFolder.create(outputDir);
        Demo.run(outputDir, seed, spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
