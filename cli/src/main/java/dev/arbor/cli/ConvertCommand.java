package dev.arbor.cli;

import dev.arbor.io.StateDictFormat;
import dev.arbor.io.StateDictMapping;
import dev.arbor.io.StateDicts;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arbor convert SRC DST}: a state dict from one format to another. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {
            "Convert a state dict between formats: SRC's format is recognised by its content, then its "
                    + "extension; DST's is named by its extension. Keys, shapes, dtypes and bits stay the same "
                    + "unless --rename or --dtype asks otherwise. DST is written whole or not at all.",
            "Formats: .pt/.pth (PyTorch), .safetensors, .h5/.hdf5 (HDF5), and .onnx as a source only (its "
                    + "initializers under their names)."})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "The state dict to read.")
    Path source;

    @Parameters(index = "1", paramLabel = "DST", description = "The file to write.")
    Path destination;

    @Option(names = "--rename", paramLabel = "REGEX=REPLACEMENT", description = {
        "Rename keys: replace every match of the Java regular expression REGEX with REPLACEMENT ($1 for a "
                + "group). The first '=' not preceded by a backslash ends REGEX (write \\= for '=' in it). "
                + "Repeatable; applied in order. Two keys renamed to one are an error."})
    List<String> renames = new ArrayList<>();

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "Convert the floating-point tensors to DTYPE (float32, float64, float16, bfloat16); "
                    + "integer and bool tensors keep their dtype.")
    String dtype;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StateDictMapping mapping = mapping();
        StateDictFormat writer = StateDicts.formatForWriting(destination);
        ModelFiles.requireReadableFile(source);
        StateDictFormat reader = StateDicts.formatForReading(source);
        SequencedMap<String, Tensor> converted;
        try (Progress progress = Progress.start("convert", 3, spec.commandLine().getErr())) {
            progress.update(0, "reading " + source);
            SequencedMap<String, Tensor> stateDict = reader.read(source);
            progress.update(1, "converting " + stateDict.size() + " tensors");
            converted = mapping.apply(stateDict);
            progress.update(2, "writing " + destination);
            writer.write(converted, destination);
            progress.update(3, "done");
        }
        long bytes = converted.values().stream().mapToLong(t -> t.numel() * t.dtype().byteSize()).sum();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s (%s) -> %s (%s): %d tensors, %s%n", source, reader.name(), destination, writer.name(),
                converted.size(), Units.bytes(bytes));
        out.flush();
        return 0;
    }

    /** The renames and dtype asked for; a malformed one is a usage error. */
    private StateDictMapping mapping() {
        StateDictMapping.Builder b = StateDictMapping.builder();
        for (String r : renames) {
            int eq = separator(r);
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--rename '" + r + "': expected REGEX=REPLACEMENT");
            }
            String regex = r.substring(0, eq);
            String replacement = r.substring(eq + 1);
            try {
                b.rename(regex, replacement);
                // a match of the empty alternative makes replaceAll check REPLACEMENT's group references
                Pattern.compile("(?:" + regex + ")|").matcher("").replaceAll(replacement);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new ParameterException(spec.commandLine(), "--rename '" + r + "': "
                        + ErrorReport.oneLine(e.getMessage()));
            }
        }
        if (dtype != null) {
            DType d;
            try {
                d = DType.parse(dtype);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--dtype: " + e.getMessage());
            }
            if (!d.isFloatingPoint()) {
                throw new ParameterException(spec.commandLine(), "--dtype: " + d
                        + " is not a floating-point dtype (float32, float64, float16 or bfloat16)");
            }
            b.floatingDType(d);
        }
        return b.build();
    }

    /** The index of the first '=' not escaped by a backslash, or -1. */
    static int separator(String rename) {
        for (int i = 0; i < rename.length(); i++) {
            if (rename.charAt(i) == '\\') {
                i++;
            } else if (rename.charAt(i) == '=') {
                return i;
            }
        }
        return -1;
    }
}
