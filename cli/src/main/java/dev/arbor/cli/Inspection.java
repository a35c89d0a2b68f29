package dev.arbor.cli;

import dev.arbor.io.ModelFormat;
import dev.arbor.io.StateDictFormat;
import dev.arbor.nn.Module;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code arbor inspect} reports about a file: its format, its module tree, and its state-dict
 * entries with their kind.
 *
 * @param format  the name of the plugin format that read the file ({@code onnx}, {@code pytorch}, ...)
 * @param isModel true for a model file (structure and weights), false for a state dict (weights only)
 * @param tree    the model's module tree, or for a state dict the tree its keys imply ({@link KeyTree})
 * @param entries the state dict in order
 */
record Inspection(String format, boolean isModel, Module tree, List<Entry> entries) {
    /** Leaf names of buffers in PyTorch's layers, for telling buffers from parameters in a state-dict file. */
    private static final Set<String> BUFFER_NAMES = Set.of("running_mean", "running_var", "num_batches_tracked");

    /**
     * One state-dict entry.
     *
     * @param parameter true for a parameter, false for a buffer
     */
    record Entry(String key, Tensor tensor, boolean parameter) {}

    /**
     * Reads a model or a state dict. A model's entries are its {@code stateDict()}, parameters as it
     * registers them; in a state-dict file, which records no kinds, the floating-point tensors are
     * parameters except BatchNorm's running statistics, and the rest buffers.
     */
    static Inspection of(Path path) throws IOException {
        Optional<ModelFormat> modelFormat = ModelFiles.modelFormat(path);
        if (modelFormat.isPresent()) {
            Module model = modelFormat.get().load(path);
            Set<String> parameterKeys = model.namedParameters("", true, false).keySet();
            List<Entry> entries = new ArrayList<>();
            model.stateDict().forEach((k, t) -> entries.add(new Entry(k, t, parameterKeys.contains(k))));
            return new Inspection(modelFormat.get().name(), true, model, entries);
        }
        StateDictFormat format = ModelFiles.stateDictFormat(path).orElseThrow(() -> ModelFiles.unknownKind(path));
        Map<String, Tensor> stateDict = format.read(path);
        List<Entry> entries = new ArrayList<>();
        stateDict.forEach((k, t) -> entries.add(new Entry(k, t, t.dtype().isFloatingPoint()
                && !BUFFER_NAMES.contains(k.substring(k.lastIndexOf('.') + 1)))));
        return new Inspection(format.name(), false, KeyTree.of(stateDict.keySet()), entries);
    }

    /** Elements of all parameters, counting tensors that share their memory (tied weights) once. */
    long parameterCount() {
        return count(true);
    }

    /** Elements of all buffers, counting tensors that share their memory once. */
    long bufferCount() {
        return count(false);
    }

    /** Bytes of the entries of one kind, counting shared memory once. */
    long bytes(boolean parameters) {
        return distinct(parameters).stream().mapToLong(t -> t.numel() * t.dtype().byteSize()).sum();
    }

    /** Number of entries of one kind. */
    long tensors(boolean parameters) {
        return entries.stream().filter(e -> e.parameter() == parameters).count();
    }

    private long count(boolean parameters) {
        return distinct(parameters).stream().mapToLong(Tensor::numel).sum();
    }

    private List<Tensor> distinct(boolean parameters) {
        Map<Object, List<Tensor>> byStorage = new IdentityHashMap<>();
        List<Tensor> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.parameter() != parameters) {
                continue;
            }
            Tensor t = e.tensor();
            List<Tensor> same = byStorage.computeIfAbsent(t.storage(), s -> new ArrayList<>());
            if (same.stream().noneMatch(o -> sameView(o, t))) {
                same.add(t);
                out.add(t);
            }
        }
        return out;
    }

    private static boolean sameView(Tensor a, Tensor b) {
        return a.offset() == b.offset() && a.dtype() == b.dtype() && Arrays.equals(a.shape(), b.shape())
                && Arrays.equals(a.strides(), b.strides());
    }
}
