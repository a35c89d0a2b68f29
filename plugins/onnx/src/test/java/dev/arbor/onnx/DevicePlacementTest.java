package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arbor.io.Npy;
import dev.arbor.nn.Parameter;
import dev.arbor.optim.SGD;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An imported model moved to another device runs, differentiates and trains there as on the CPU: the
 * graph's own constants (Constant nodes, the zeros an exporter makes for an LSTM's initial state, shape
 * arithmetic) are host values, and a node that computes on the device gets them there. Runs on
 * {@link StandInBackend}, which fails wherever devices mix as a GPU would (and wherever memory is used
 * after a memory scope released it), so no GPU is needed.
 */
class DevicePlacementTest {
    private static final Path MODELS = Path.of("src/test/resources/models");
    private static final Device OTHER = StandInBackend.DEVICE;

    @ParameterizedTest
    @MethodSource("dev.arbor.onnx.ImportedModelsTest#models")
    void aModelRunsAndTrainsOnAnotherDeviceAsOnTheCpu(String name) throws IOException {
        GraphModule cpu = ImportedModelsTest.inEval(name);
        GraphModule other = ImportedModelsTest.inEval(name);
        other.to(OTHER);
        Tensor x = Npy.read(MODELS.resolve(name).resolve("input.npy"));

        Tensor inferred = ImportedModelsTest.infer(other, x.to(OTHER));
        assertEquals(OTHER, inferred.device(), name + " output device");
        Tensor expected = ImportedModelsTest.infer(cpu, x);
        assertClose(expected, inferred, 1e-5, 1e-6, name + " inference");
        // the device copies of the graph's host values are reused, not released with the first run's temporaries
        assertClose(expected, ImportedModelsTest.infer(other, x.to(OTHER)), 1e-5, 1e-6, name + " second inference");

        Tensor probe = Npy.read(MODELS.resolve(name).resolve("probe.npy"));
        Tensor y = other.call(x.to(OTHER));
        assertClose(expected, y, 1e-5, 1e-6, name + " forward with gradients");
        cpu.call(x).mul(probe).sum().backward();
        y.mul(probe.to(OTHER)).sum().backward();
        Map<String, Parameter> params = other.namedParameters();
        for (Map.Entry<String, Parameter> e : cpu.namedParameters().entrySet()) {
            Tensor g = params.get(e.getKey()).grad();
            if (e.getValue().grad() == null) {
                assertEquals(null, g, name + " grad of " + e.getKey());
                continue;
            }
            assertNotNull(g, name + " grad of " + e.getKey());
            assertEquals(OTHER, g.device(), name + " grad of " + e.getKey());
            assertClose(e.getValue().grad(), g, 1e-4, 1e-5, name + " grad of " + e.getKey());
        }

        new SGD(cpu.parameters(), new SGD.Options(0.01)).step();
        new SGD(other.parameters(), new SGD.Options(0.01)).step();
        assertClose(ImportedModelsTest.infer(cpu, x), ImportedModelsTest.infer(other, x.to(OTHER)), 1e-4, 1e-5,
                name + " after a step");
    }
}
