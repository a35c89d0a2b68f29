package dev.arbor.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.Npy;
import dev.arbor.io.Npz;
import dev.arbor.nn.Parameter;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance models exported by PyTorch ({@code src/test/python/make_fixtures.py}): imported as
 * module trees, they give PyTorch's outputs, state-dict keys and parameter gradients.
 */
class ImportedModelsTest {
    private static final Path MODELS = Path.of("src/test/resources/models");

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

    @ParameterizedTest
    @MethodSource("models")
    void forwardMatchesPytorch(String name) throws IOException {
        GraphModule m = load(name);
        m.eval();
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        Tensor expected = Npy.read(MODELS.resolve(name).resolve("output.npy"));
        Tensor y = m.call(x);
        assertClose(expected, y, 1e-4, 1e-5, name + " output");
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

    @ParameterizedTest
    @MethodSource("models")
    void loadsThePytorchStateDictStrictly(String name) throws IOException {
        GraphModule m = load(name);
        m.eval();
        m.loadStateDict(Npz.read(MODELS.resolve(name).resolve("state_dict.npz")), true);
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        assertClose(Npy.read(MODELS.resolve(name).resolve("output.npy")), m.call(x), 1e-4, 1e-5, name + " output");
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientsMatchPytorch(String name) throws IOException {
        GraphModule m = load(name);
        m.eval();
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
