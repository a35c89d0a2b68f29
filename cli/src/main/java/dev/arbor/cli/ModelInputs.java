package dev.arbor.cli;

import dev.arbor.io.Npy;
import dev.arbor.nn.Module;
import dev.arbor.onnx.GraphModule;
import dev.arbor.onnx.OnnxValueFiles;
import dev.arbor.onnx.proto.OnnxProto.TypeProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reads a model's inputs from {@code --input [NAME=]FILE} arguments, in the order the model takes them. */
final class ModelInputs {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private ModelInputs() {}

    /**
     * The inputs for {@code model}: each argument names a graph input ({@code NAME=FILE}) or fills the
     * next unfilled one ({@code FILE}). A name the model does not have, an input given twice, too many
     * or too few inputs are usage errors of {@code cli}; a file that cannot be read is an
     * {@link IOException}.
     */
    static Object[] read(Module model, List<String> args, CommandLine cli) throws IOException {
        List<String> names = model instanceof GraphModule g ? g.inputNames() : List.of();
        int count = model instanceof GraphModule ? names.size() : args.size();
        Path[] files = new Path[count];
        List<Path> positional = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? null : arg.substring(0, eq);
            if (name != null && names.contains(name)) {
                int i = names.indexOf(name);
                if (files[i] != null) {
                    throw new ParameterException(cli, "input '" + name + "' is given twice");
                }
                files[i] = Path.of(arg.substring(eq + 1));
            } else if (name != null && !name.isEmpty() && !names.isEmpty() && !Files.exists(Path.of(arg))) {
                throw new ParameterException(cli, "the model has no input named '" + name + "' (its inputs: "
                        + quoted(names) + ")");
            } else {
                positional.add(Path.of(arg));
            }
        }
        int next = 0;
        for (Path p : positional) {
            while (next < count && files[next] != null) {
                next++;
            }
            if (next == count) {
                throw new ParameterException(cli, "too many inputs: the model takes " + count
                        + (names.isEmpty() ? "" : " (" + quoted(names) + ")"));
            }
            files[next] = p;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (files[i] == null) {
                missing.add(names.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new ParameterException(cli, "no file given for the model's input" + (missing.size() == 1 ? " " : "s ")
                    + quoted(missing) + "; give one --input [NAME=]FILE for each of " + quoted(names));
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            TypeProto declared = model instanceof GraphModule g ? g.model().feedInputs().get(i).getType() : null;
            values[i] = readValue(files[i], declared);
        }
        return values;
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }

    /** A .npy file (by its magic bytes), or an ONNX value file (.pb) read as the graph declares the input. */
    private static Object readValue(Path file, TypeProto declared) throws IOException {
        ModelFiles.requireReadableFile(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(NPY_MAGIC.length);
        }
        if (Arrays.equals(head, NPY_MAGIC)) {
            return Npy.read(file);
        }
        boolean pb = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pb");
        if (pb && declared != null) {
            return OnnxValueFiles.read(file, declared);
        }
        throw new IOException(file + ": not an input tensor file (a NumPy .npy file"
                + (declared != null ? " or an ONNX TensorProto .pb file" : "") + ")");
    }
}
