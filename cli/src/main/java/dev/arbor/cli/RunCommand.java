package dev.arbor.cli;

import dev.arbor.backend.Backends;
import dev.arbor.io.AtomicFiles;
import dev.arbor.io.Npy;
import dev.arbor.nn.Module;
import dev.arbor.onnx.GraphModule;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code arbor run MODEL --input ...}: one forward pass, each output written as {@code .npy}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run one forward pass of a model (in eval mode, without gradients) and write each output as "
                    + "DIR/<output name>.npy; print each output's name, shape and dtype.",
            "Output names are used as file names with characters other than letters, digits, '.', '_' and '-' "
                    + "replaced by '_'. Each file is written whole or not at all."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelRunOptions options;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = ".",
            description = "The folder for the outputs, made if missing (default: the working folder).")
    Path outputDir;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu (the default) or cuda:0, cuda:1, ... (needs the CUDA plugin and a GPU).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Device target = parseDevice(device);
        options.applyThreads();
        Module model = ModelFiles.loadModel(options.model);
        Object[] inputs = ModelInputs.read(model, options.inputs, spec.commandLine());
        OutputFolder.check(outputDir);
        if (!target.isCpu()) {
            Backends.of(target); // fails with the reason when the device is not available
            model.to(target);
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] instanceof Tensor t) {
                    inputs[i] = t.to(target);
                }
            }
        }
        model.eval();
        Object result;
        try (var noGrad = GradMode.noGrad()) {
            result = model.call(inputs);
        }
        List<String> names = outputNames(model, result);
        List<Tensor> outputs = outputs(result, names);
        OutputFolder.create(outputDir);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"output", "shape", "dtype", "file"});
        Set<String> used = new HashSet<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor t = outputs.get(i).cpu();
            Path file = outputDir.resolve(fileName(names.get(i), used) + ".npy");
            AtomicFiles.write(file, tmp -> Npy.write(t, tmp));
            rows.add(new String[] {names.get(i), Arrays.toString(t.shape()), t.dtype().typeName(), file.toString()});
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(TextTable.render(rows));
        out.flush();
        return 0;
    }

    /** The device named by {@code --device}; a malformed name is a usage error. */
    private Device parseDevice(String name) {
        try {
            return Device.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--device: " + e.getMessage()
                    + " (expected cpu or cuda:N)");
        }
    }

    private static List<String> outputNames(Module model, Object result) {
        if (model instanceof GraphModule g) {
            return g.outputNames();
        }
        int n = result instanceof List<?> l ? l.size() : 1; // a module's several outputs come as a List
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(n == 1 ? "output" : "output_" + i);
        }
        return names;
    }

    /** The result as tensors, one per output; an output of another kind (a sequence) is an error naming it. */
    private static List<Tensor> outputs(Object result, List<String> names) {
        List<?> values = names.size() == 1 ? Collections.singletonList(result) : (List<?>) result;
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Tensor t)) {
                throw new UnsupportedOperationException("output '" + names.get(i) + "' is "
                        + (values.get(i) == null ? "empty" : "a " + values.get(i).getClass().getSimpleName())
                        + ", not a tensor; run writes tensors only");
            }
            out.add(t);
        }
        return out;
    }

    /** The output name made safe as a file name, unique among {@code used}. */
    static String fileName(String name, Set<String> used) {
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.", "_");
        if (base.isEmpty()) {
            base = "output";
        }
        String candidate = base;
        for (int i = 1; !used.add(candidate); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }
}
