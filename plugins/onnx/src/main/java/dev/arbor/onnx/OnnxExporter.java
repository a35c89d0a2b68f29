package dev.arbor.onnx;

import dev.arbor.io.AtomicFiles;
import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Writes module trees as ONNX models, each written whole or not at all ({@link AtomicFiles}).
 *
 * <p>An imported {@link GraphModule} is written back as it was imported (same graph, opset, IR version
 * and names) with the current values of its parameters and buffers as initializers, so an imported
 * model can be fine-tuned and saved again.
 *
 * <p>Any other module is exported by tracing one forward pass on example inputs in eval mode, as
 * {@code torch.onnx.export} does: initializers are named by their {@link Module#stateDict()} keys,
 * nodes by the module scope they ran in ({@code /layer1/layer1.0/conv1/Conv}), opset 17 unless
 * {@link Options} asks for another (13 to {@link #NEWEST_OPSET}).
 *
 * <p>The trace sees both the modules and the tensor ops: the layers it knows
 * (Linear, Conv1d/2d/3d and their transposes, BatchNorm1d/2d/3d, LayerNorm, the common activations,
 * Softmax, LogSoftmax, MaxPool, adaptive average pools, Flatten, Dropout and Identity) are written
 * whole from their arguments, and every tensor op a custom forward runs (a residual {@code add} or
 * {@code add_}, {@code view}/{@code reshape}/{@code flatten}, {@code cat}, {@code transpose},
 * {@code matmul}, {@code softmax}, reductions over dims, slicing, arithmetic with numbers, the
 * functional forms of {@code F}) becomes the ONNX nodes torch.onnx writes for it, named by the scope it
 * ran in. Shapes passed to {@code view} and {@code reshape} are written as given ({@code -1} kept);
 * with a dynamic batch, a first size equal to the input's is written as "keep" so
 * {@code x.view(x.size(0), -1)} follows the batch.
 *
 * <p>Limits of the tracing, as torch.onnx's: it records one run, so control flow that depends on
 * values is frozen to the branch taken, and sizes computed from the input in Java (other than a
 * reshape's first size with a dynamic batch) are written as the numbers they were. A tensor no traced
 * op made (made before forward, or with {@code Tensor.zeros} inside it) is a constant, and ops on
 * constants only are folded into constants. An op the outputs depend on that has no ONNX form here
 * ({@code roll}, {@code nonzero}, {@code sort}, random sources, dropout in training mode, ...), or an
 * in-place change the trace cannot follow (through another view of the same memory), refuses the
 * export with an {@link OnnxException} naming the op and the module it ran in, never a wrong graph.
 * Models over 2 GB (protobuf's limit, no external data written) are not exported.
 */
public final class OnnxExporter {
    /** The opset a traced export uses unless told otherwise, as {@code torch.onnx.export}'s default. */
    public static final int DEFAULT_OPSET = 17;
    /** The oldest opset a traced export writes. */
    public static final int MIN_OPSET = 13;
    /** The newest opset of the ONNX schema and operator set Arbor is built with. */
    public static final int NEWEST_OPSET = 28;

    private OnnxExporter() {}

    /**
     * How a traced export is written.
     *
     * @param opset        the default-domain opset, {@link #MIN_OPSET} to {@link #NEWEST_OPSET}
     * @param dynamicBatch whether dimension 0 of every input and output is a symbolic {@code batch_size}
     * @param inputNames   the graph's input names, or empty for {@code input} ({@code input_0}, ... for several)
     * @param outputNames  the graph's output names, or empty for {@code output} ({@code output_0}, ...)
     */
    public record Options(int opset, boolean dynamicBatch, List<String> inputNames, List<String> outputNames) {
        /**
         * Checks the opset and copies the name lists.
         *
         * @throws IllegalArgumentException when the opset is outside {@link #MIN_OPSET} to {@link #NEWEST_OPSET}
         */
        public Options {
            if (opset < MIN_OPSET || opset > NEWEST_OPSET) {
                throw new IllegalArgumentException("opset " + opset + " is outside the exportable range " + MIN_OPSET
                        + ".." + NEWEST_OPSET);
            }
            inputNames = List.copyOf(inputNames);
            outputNames = List.copyOf(outputNames);
        }

        /** {@return options for opset 17, fixed shapes and default names} */
        public static Options defaults() {
            return new Options(DEFAULT_OPSET, false, List.of(), List.of());
        }

        /**
         * {@return these options with another opset}
         *
         * @param opset the default-domain opset, {@link #MIN_OPSET} to {@link #NEWEST_OPSET}
         * @throws IllegalArgumentException when the opset is outside that range
         */
        public Options withOpset(int opset) {
            return new Options(opset, dynamicBatch, inputNames, outputNames);
        }

        /**
         * {@return these options with a symbolic batch dimension, or without one}
         *
         * @param dynamicBatch whether dimension 0 of every input and output is a symbolic {@code batch_size}
         */
        public Options withDynamicBatch(boolean dynamicBatch) {
            return new Options(opset, dynamicBatch, inputNames, outputNames);
        }

        /**
         * {@return these options with the graph's input names}
         *
         * @param names one name per example input, in order; none for the defaults
         */
        public Options withInputNames(String... names) {
            return new Options(opset, dynamicBatch, List.of(names), outputNames);
        }

        /**
         * {@return these options with the graph's output names}
         *
         * @param names one name per output of forward, in order; none for the defaults
         */
        public Options withOutputNames(String... names) {
            return new Options(opset, dynamicBatch, inputNames, List.of(names));
        }

        List<String> inputNames(int count) {
            return names(inputNames, "input", count);
        }

        List<String> outputNames(int count) {
            return names(outputNames, "output", count);
        }

        private static List<String> names(List<String> given, String stem, int count) {
            if (given.isEmpty()) {
                return count == 1 ? List.of(stem) : IntStream.range(0, count).mapToObj(i -> stem + "_" + i).toList();
            }
            if (given.size() != count) {
                throw new IllegalArgumentException(count + " " + stem + "(s) but " + given.size() + " names " + given);
            }
            return given;
        }
    }

    /**
     * Writes an imported model back with its current parameter and buffer values.
     *
     * @param module the imported model
     * @param file the {@code .onnx} file to write
     * @throws IOException when the file cannot be written (the old file, if any, is left whole)
     */
    public static void export(GraphModule module, Path file) throws IOException {
        write(toProto(module), file);
    }

    /**
     * Exports a module: an imported {@link GraphModule} as {@link #export(GraphModule, Path)} does (the
     * inputs and options are not used: it keeps its own graph), any other by tracing its forward on
     * {@code exampleInputs}.
     *
     * @param module the module to export
     * @param exampleInputs the inputs of the traced forward call, in order
     * @param file the {@code .onnx} file to write
     * @param options the opset, batch dimension and graph names of a traced export
     * @throws OnnxException when the module runs an op the outputs depend on that has no ONNX form, or
     *                       changes a tensor in a way the trace cannot follow (the message names the op and
     *                       the module it ran in)
     * @throws IOException   when the file cannot be written (the old file, if any, is left whole)
     */
    public static void export(Module module, List<Tensor> exampleInputs, Path file, Options options) throws IOException {
        write(module instanceof GraphModule g ? toProto(g) : toProto(module, exampleInputs, options), file);
    }

    /**
     * {@return the model an imported module is written as: its graph with the current initializer values}
     *
     * @param module the imported model
     */
    public static ModelProto toProto(GraphModule module) {
        GraphProto graph = module.runGraph();
        List<TensorProto> initializers = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : module.initializerValues().entrySet()) {
            initializers.add(OnnxTensors.toProto(e.getKey(), e.getValue()));
        }
        GraphProto updated = graph.toBuilder().clearInitializer().addAllInitializer(initializers).build();
        return module.model().proto().toBuilder().setGraph(updated).build();
    }

    /**
     * {@return the model a traced export writes, without writing a file}
     *
     * @param module the module to trace
     * @param exampleInputs the inputs of the traced forward call, in order
     * @param options the opset, batch dimension and graph names
     * @throws OnnxException when the module runs an op the outputs depend on that has no ONNX form, or
     *                       changes a tensor in a way the trace cannot follow
     */
    public static ModelProto toProto(Module module, List<Tensor> exampleInputs, Options options) {
        GraphProto graph = new ModuleTracer(module, options).trace(exampleInputs);
        return ModelProto.newBuilder().setIrVersion(irVersion(options.opset())).setProducerName("arbor")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
                .setGraph(graph).build();
    }

    /** The IR version of the ONNX release that introduced an opset (readers older than it cannot run it anyway). */
    static long irVersion(int opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        if (opset <= 20) {
            return 9;
        }
        if (opset <= 22) {
            return 10;
        }
        return opset == 23 ? 11 : 12;
    }

    private static void write(ModelProto proto, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                proto.writeTo(out);
            }
        });
    }
}
