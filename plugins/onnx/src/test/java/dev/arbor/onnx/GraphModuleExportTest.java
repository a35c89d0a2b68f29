package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.io.Npy;
import dev.arbor.nn.Parameter;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imported models written back by {@link OnnxExporter}: ONNX Runtime runs the written file and gives
 * Arbor's outputs, with the current (changed) parameter values, and an unchanged round trip gives the
 * original file's outputs in ONNX Runtime.
 */
class GraphModuleExportTest {
    private static final Path MODELS = Path.of("src/test/resources/models");

    static Stream<String> models() throws IOException {
        return ImportedModelsTest.models();
    }

    private static GraphModule load(String name) throws IOException {
        try {
            return GraphModule.load(MODELS.resolve(name).resolve("model.onnx"));
        } catch (UnsupportedOnnxException e) {
            Assumptions.abort(name + " uses ops Arbor does not support yet: " + e.getMessage());
            throw e;
        }
    }

    private static List<Tensor> arborOutputs(GraphModule m, Tensor x) {
        Object out = m.call((Object) x);
        return out instanceof Tensor t ? List.of(t) : ((List<?>) out).stream().map(Tensor.class::cast).toList();
    }

    @ParameterizedTest
    @MethodSource("models")
    void fineTunedExportRunsInOnnxRuntimeWithArborsOutputs(String name, @TempDir Path dir) throws Exception {
        GraphModule m = load(name);
        m.eval();
        Parameter first = m.parameters().getFirst();
        try (var noGrad = GradMode.noGrad()) {
            first.add_(0.05);
        }
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        Path file = dir.resolve("exported.onnx");
        OnnxExporter.export(m, file);
        List<Tensor> expected = arborOutputs(m, x);
        List<Tensor> actual = OnnxRuntimeOracle.run(file, m.inputNames(), List.of(x));
        assertEquals(expected.size(), actual.size(), name + " output count");
        for (int i = 0; i < expected.size(); i++) {
            assertClose(expected.get(i), actual.get(i), 1e-4, 1e-5, name + " output " + i);
        }
        // and the changed value really is in the file
        Tensor reread = GraphModule.load(file).parameters().getFirst();
        assertClose(first, reread, 0, 0, name + " changed parameter");
    }

    @ParameterizedTest
    @MethodSource("models")
    void roundTripGivesTheOriginalsOutputsInOnnxRuntime(String name, @TempDir Path dir) throws Exception {
        GraphModule m = load(name);
        Path original = MODELS.resolve(name).resolve("model.onnx");
        Path file = dir.resolve("exported.onnx");
        OnnxExporter.export(m, file);
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));
        List<Tensor> expected = OnnxRuntimeOracle.run(original, m.inputNames(), List.of(x));
        List<Tensor> actual = OnnxRuntimeOracle.run(file, m.inputNames(), List.of(x));
        assertEquals(expected.size(), actual.size(), name + " output count");
        for (int i = 0; i < expected.size(); i++) {
            assertClose(expected.get(i), actual.get(i), 1e-5, 1e-6, name + " output " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void aFailedWriteLeavesNothingBehind(String name, @TempDir Path dir) throws Exception {
        GraphModule m = load(name);
        Path file = dir.resolve("missing-folder").resolve("exported.onnx");
        try {
            OnnxExporter.export(m, file);
            throw new AssertionError("wrote into a missing folder");
        } catch (IOException expected) {
            assertEquals(0, Files.list(dir).count(), "nothing left behind");
        }
    }
}
