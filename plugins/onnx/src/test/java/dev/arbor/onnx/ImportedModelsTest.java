package dev.arbor.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.Npy;
import dev.arbor.io.Npz;
import dev.arbor.nn.Module;
import dev.arbor.nn.Parameter;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance models exported by PyTorch ({@code src/test/python/make_fixtures.py}): imported as
 * module trees, they give PyTorch's outputs, state-dict keys and parameter gradients, and the layers
 * the importer recognises print as PyTorch prints them. The models named {@code *_folded} were exported
 * with torch's default constant folding, which writes some parameters transformed under names of their
 * own.
 */
class ImportedModelsTest {
    private static final Path MODELS = Path.of("src/test/resources/models");
    /** The layer types the importer recognises in what torch.onnx.export writes (docs/CONFORMANCE.md lists them). */
    private static final Set<String> RECOGNISED = Set.of("Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d",
            "ConvTranspose2d", "ConvTranspose3d", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm",
            "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "GroupNorm", "LSTM", "GRU", "RNN", "Embedding",
            "ReLU", "Sigmoid", "Tanh", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
            "AdaptiveAvgPool3d");

    static Stream<String> models() throws IOException {
        try (Stream<Path> dirs = Files.list(MODELS)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static GraphModule load(String name) throws IOException {
        try {
            return GraphModule.load(MODELS.resolve(name).resolve("model.onnx"));
        } catch (UnsupportedOnnxException e) {
            Assumptions.abort(name + " uses ops Arbor does not support yet: " + e.getMessage());
            throw e;
        }
    }

    /** {@return the fixture model {@code name}, imported and in eval mode} */
    static GraphModule inEval(String name) throws IOException {
        GraphModule m = load(name);
        m.eval();
        return m;
    }

    /** {@return the model's output on {@code x}, without gradients} */
    static Tensor infer(GraphModule m, Tensor x) {
        try (var scope = GradMode.noGrad()) {
            return m.call(x);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void forwardMatchesPytorch(String name) throws IOException {
        GraphModule m = inEval(name);
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        Tensor expected = Npy.read(MODELS.resolve(name).resolve("output.npy"));
        Tensor y = m.call(x);
        assertClose(expected, y, 1e-4, 1e-5, name + " output");
    }

    /**
     * Inference without gradients releases each intermediate's memory at its last use and folds
     * BatchNorm into the convolution before it: runs in a row, which reuse that memory, still give
     * PyTorch's output.
     */
    @ParameterizedTest
    @MethodSource("models")
    void inferenceRunsInARowMatchPytorch(String name) throws IOException {
        GraphModule m = inEval(name);
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        Tensor expected = Npy.read(MODELS.resolve(name).resolve("output.npy"));
        List<Tensor> outputs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            outputs.add(infer(m, x));
        }
        for (int run = 0; run < outputs.size(); run++) {
            assertClose(expected, outputs.get(run), 1e-4, 1e-5, name + " output of inference run " + run);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void stateDictKeysAndShapesMatchPytorch(String name) throws IOException {
        GraphModule m = load(name);
        Map<String, Tensor> torch = Npz.read(MODELS.resolve(name).resolve("state_dict.npz"));
        // the exporter drops num_batches_tracked; the recognised BatchNorm layers bring it back
        List<String> expected = new ArrayList<>(torch.keySet());
        List<String> actual = new ArrayList<>(m.stateDict().keySet());
        assertEquals(expected, actual, name + " state-dict keys");
        for (String k : expected) {
            assertEquals(List.of(box(torch.get(k).shape())), List.of(box(m.stateDict().get(k).shape())), k);
        }
    }

    /**
     * Every leaf module of a type Arbor recognises (modules.tsv, PyTorch's paths and reprs) is at its path
     * with PyTorch's repr, and those modules come in PyTorch's order.
     */
    @ParameterizedTest
    @MethodSource("models")
    void recognisedLayersPrintAsInPytorch(String name) throws IOException {
        GraphModule m = load(name);
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(MODELS.resolve(name).resolve("modules.tsv"))) {
            String[] pathAndRepr = line.split("\t", 2);
            String type = pathAndRepr[1].substring(0, pathAndRepr[1].indexOf('('));
            if (RECOGNISED.contains(type)) {
                expected.put(pathAndRepr[0], pathAndRepr[1]);
            }
        }
        assertTrue(!expected.isEmpty(), name + " has no layer to check");
        Map<String, Module> modules = m.namedModules();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertNotNull(modules.get(e.getKey()), name + ": no module at " + e.getKey() + " in\n" + m);
            assertEquals(e.getValue(), modules.get(e.getKey()).toString(), name + ": " + e.getKey());
        }
        List<String> order = modules.keySet().stream().filter(expected::containsKey).toList();
        assertEquals(List.copyOf(expected.keySet()), order, name + ": module order");
    }

    @ParameterizedTest
    @MethodSource("models")
    void loadsThePytorchStateDictStrictly(String name) throws IOException {
        GraphModule m = inEval(name);
        m.loadStateDict(Npz.read(MODELS.resolve(name).resolve("state_dict.npz")), true);
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        assertClose(Npy.read(MODELS.resolve(name).resolve("output.npy")), m.call(x), 1e-4, 1e-5, name + " output");
    }

    /**
     * The state dict of another initialisation gives PyTorch's output for it: the graph computes with
     * the loaded parameters, also where the exporter folded them into tensors of its own.
     */
    @ParameterizedTest
    @MethodSource("models")
    void anotherPytorchStateDictGivesItsOutput(String name) throws IOException {
        Path dir = MODELS.resolve(name);
        Assumptions.assumeTrue(Files.exists(dir.resolve("other_state_dict.npz")), name + " has no other state dict");
        GraphModule m = inEval(name);
        m.loadStateDict(Npz.read(dir.resolve("other_state_dict.npz")), true);
        Tensor x = Npy.read(dir.resolve("input.npy"));
        assertClose(Npy.read(dir.resolve("other_output.npy")), m.call(x), 1e-4, 1e-5, name + " output");
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientsMatchPytorch(String name) throws IOException {
        GraphModule m = inEval(name);
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        Tensor probe = Npy.read(MODELS.resolve(name).resolve("probe.npy"));
        m.call(x).mul(probe).sum().backward();
        Map<String, Tensor> grads = Npz.read(MODELS.resolve(name).resolve("grads.npz"));
        Map<String, Parameter> params = m.namedParameters();
        assertTrue(params.keySet().containsAll(grads.keySet()), "parameters " + params.keySet());
        for (Map.Entry<String, Tensor> e : grads.entrySet()) {
            Tensor g = params.get(e.getKey()).grad();
            assertNotNull(g, "no gradient for " + e.getKey());
            assertClose(e.getValue(), g, 1e-4, 1e-5, name + " grad of " + e.getKey());
        }
    }

    private static Long[] box(long[] a) {
        return java.util.Arrays.stream(a).boxed().toArray(Long[]::new);
    }

    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(List.of(box(expected.shape())), List.of(box(actual.shape())), what + " shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double tol = atol + rtol * Math.abs(e[i]);
            if (!(Math.abs(e[i] - a[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }
}
