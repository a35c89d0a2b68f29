package dev.arbor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arbor inspect MODEL [--json]}: a model's module tree and state dict. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
            "Print a model's module tree as PyTorch prints it, then its state dict (key, shape, dtype, "
                    + "parameter or buffer) and the totals.",
            "MODEL is an ONNX model or a state-dict file (.pt, .pth, .safetensors, .h5, .hdf5, or an ONNX "
                    + "file's initializers), recognised by its content, then its extension. A state dict records "
                    + "no layer types: its tree is the one its dotted keys imply, and its floating-point tensors "
                    + "count as parameters except BatchNorm's running statistics."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "The model or state-dict file.")
    Path model;

    @Option(names = "--json", description = {
        "Print one JSON object instead: {\"format\": ..., \"modules\": [{\"name\": ..., \"type\": ...}], "
                + "\"stateDict\": [{\"key\": ..., \"shape\": [...], \"dtype\": ..., \"kind\": ...}], "
                + "\"parameterCount\": ..., \"bufferCount\": ...}, modules in namedModules() order, entries in "
                + "stateDict() order; the counts are numbers of values (elements), tied tensors counted once."})
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inspection inspection = Inspection.of(model);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(inspection) : text(inspection));
        out.flush();
        return 0;
    }

    private String text(Inspection in) {
        StringBuilder sb = new StringBuilder();
        sb.append(model).append(": ").append(in.format()).append(in.isModel() ? " model" : " state dict (weights "
                + "only; the tree is the one its keys imply)").append("\n\n");
        sb.append(in.tree()).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"key", "shape", "dtype", "kind"});
        for (Inspection.Entry e : in.entries()) {
            rows.add(new String[] {e.key(), Arrays.toString(e.tensor().shape()), e.tensor().dtype().typeName(),
                e.parameter() ? "parameter" : "buffer"});
        }
        sb.append(TextTable.render(rows)).append('\n');
        sb.append(total("parameters", in.tensors(true), in.parameterCount(), in.bytes(true)));
        sb.append(total("buffers", in.tensors(false), in.bufferCount(), in.bytes(false)));
        return sb.toString();
    }

    private static String total(String kind, long tensors, long values, long bytes) {
        return String.format(Locale.ROOT, "%s: %d tensor%s, %,d values, %s%n", kind, tensors, tensors == 1 ? "" : "s",
                values, Units.bytes(bytes));
    }

    private static String json(Inspection in) {
        String modules = in.tree().namedModules().entrySet().stream()
                .map(e -> "{\"name\": " + Json.quote(e.getKey()) + ", \"type\": " + Json.quote(e.getValue().typeName())
                        + "}")
                .collect(Collectors.joining(",\n    "));
        String entries = in.entries().stream()
                .map(e -> "{\"key\": " + Json.quote(e.key()) + ", \"shape\": " + Arrays.toString(e.tensor().shape())
                        + ", \"dtype\": " + Json.quote(e.tensor().dtype().typeName()) + ", \"kind\": "
                        + Json.quote(e.parameter() ? "parameter" : "buffer") + "}")
                .collect(Collectors.joining(",\n    "));
        return "{\n"
                + "  \"format\": " + Json.quote(in.format()) + ",\n"
                + "  \"modules\": [" + (modules.isEmpty() ? "" : "\n    " + modules + "\n  ") + "],\n"
                + "  \"stateDict\": [" + (entries.isEmpty() ? "" : "\n    " + entries + "\n  ") + "],\n"
                + "  \"parameterCount\": " + in.parameterCount() + ",\n"
                + "  \"bufferCount\": " + in.bufferCount() + "\n"
                + "}\n";
    }
}
