package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code inplace=True} of the activation and dropout layers, as PyTorch 1.13 behaves (checked there with
 * {@code y = nn.ReLU(True)(x)}: {@code y is x} and {@code x._version} up by 1, for every layer below;
 * {@code nn.ReLU(True)(torch.randn(3, requires_grad=True))} raises "a leaf Variable that requires grad is
 * being used in an in-place operation."). The values are the out-of-place layer's, which the fixture
 * tests compare with PyTorch.
 */
class InPlaceLayersTest {
    private static final String LEAF_ERROR = "a leaf Variable that requires grad is being used in an in-place "
            + "operation.";

    /** Each layer by its flag; inputs keep away from the kinks so that gradcheck's differences are smooth. */
    private static Map<String, Function<Boolean, Module>> activations() {
        Map<String, Function<Boolean, Module>> m = new LinkedHashMap<>();
        m.put("ReLU", ReLU::new);
        m.put("ReLU6", ReLU6::new);
        m.put("LeakyReLU", inplace -> new LeakyReLU(0.1, inplace));
        m.put("ELU", inplace -> new ELU(0.5, inplace));
        m.put("SELU", SELU::new);
        m.put("CELU", inplace -> new CELU(1.5, inplace));
        m.put("Hardtanh", inplace -> new Hardtanh(-2.0, 1.5, inplace));
        m.put("Hardswish", Hardswish::new);
        m.put("Hardsigmoid", Hardsigmoid::new);
        m.put("SiLU", SiLU::new);
        m.put("Mish", Mish::new);
        m.put("Threshold", inplace -> new Threshold(0.1, 20.0, inplace));
        return m;
    }

    private static Tensor input(DType dtype, long seed) {
        return Tensor.randn(new Generator(seed), dtype, 3, 4).mul(4);
    }

    @Test
    void activationsWriteIntoTheInputAndReturnIt() {
        activations().forEach((name, make) -> {
            Tensor x = input(DType.FLOAT32, 1);
            Tensor expected = make.apply(false).forward(x);
            int version = x.version();
            Tensor y = make.apply(true).forward(x);
            assertSame(x, y, name + ": the input itself");
            assertEquals(version + 1, x.version(), name + ": the version goes up by one");
            assertArrayEquals(expected.toFloatArray(), x.toFloatArray(), name);
        });
    }

    @Test
    void gradientsEqualTheOutOfPlaceForms() {
        activations().forEach((name, make) -> {
            Tensor a = input(DType.FLOAT64, 2).requiresGrad_(true);
            Tensor g = Tensor.randn(new Generator(3), DType.FLOAT64, 3, 4);
            make.apply(false).forward(a.mul(2)).backward(g);
            Tensor expected = a.grad();
            a.setGrad(null);
            Tensor h = a.mul(2);
            Tensor y = make.apply(true).forward(h);
            assertSame(h, y, name);
            y.backward(g);
            assertArrayEquals(expected.toDoubleArray(), a.grad().toDoubleArray(), 1e-12, name);
            Module layer = make.apply(true);
            Gradcheck.check(in -> layer.forward(in.getFirst().mul(1.0)), input(DType.FLOAT64, 4).requiresGrad_(true));
        });
    }

    @Test
    void aViewOfANonLeafIsWrittenThroughItsBase() {
        // h = a * 2; nn.ReLU(True)(h[1:]); h.backward(g): the gradient of the first row passes, the rest is relu's
        Module relu = new ReLU(true);
        Gradcheck.check(in -> {
            Tensor h = in.getFirst().mul(2);
            relu.forward(h.narrow(0, 1, 2));
            return h;
        }, input(DType.FLOAT64, 5).requiresGrad_(true));
    }

    @Test
    void aLeafThatRequiresGradIsRefusedAsInPyTorch() {
        activations().forEach((name, make) -> {
            Tensor leaf = input(DType.FLOAT32, 6).requiresGrad_(true);
            int version = leaf.version();
            assertEquals(LEAF_ERROR, assertThrows(IllegalStateException.class,
                    () -> make.apply(true).forward(leaf), name).getMessage(), name);
            assertEquals(version, leaf.version(), name + ": left as it was");
        });
        Tensor leaf = input(DType.FLOAT32, 6).requiresGrad_(true);
        assertEquals(LEAF_ERROR, assertThrows(IllegalStateException.class,
                () -> new Dropout(0.5, true).forward(leaf)).getMessage());
        // without grad mode PyTorch allows it (torch.no_grad(): nn.ReLU(True)(leaf) is leaf)
        try (var scope = GradMode.noGrad()) {
            assertSame(leaf, new ReLU(true).forward(leaf));
        }
    }

    @Test
    void dropoutWritesInTrainingOnlyWhenSomethingDrops() {
        Map<String, Function<Boolean, DropoutNd>> layers = new LinkedHashMap<>();
        layers.put("Dropout", inplace -> new Dropout(0.5, inplace));
        layers.put("Dropout1d", inplace -> new Dropout1d(0.5, inplace));
        layers.put("Dropout2d", inplace -> new Dropout2d(0.5, inplace));
        layers.put("Dropout3d", inplace -> new Dropout3d(0.5, inplace));
        long[] shape = {2, 3, 4, 2, 2};
        layers.forEach((name, make) -> {
            long[] s = name.equals("Dropout1d") ? new long[] {2, 3, 4} : shape;
            Tensor x = Tensor.randn(new Generator(7), s);
            Generator.defaultGenerator().manualSeed(11);
            Tensor expected = make.apply(false).forward(x);
            Generator.defaultGenerator().manualSeed(11);
            int version = x.version();
            assertSame(x, make.apply(true).forward(x), name);
            assertEquals(version + 1, x.version(), name);
            assertArrayEquals(expected.toFloatArray(), x.toFloatArray(), name);
            // dropout_ returns its input untouched in evaluation (x._version unchanged)
            DropoutNd eval = make.apply(true);
            eval.eval();
            assertSame(x, eval.forward(x), name);
            assertEquals(version + 1, x.version(), name + " in evaluation");
        });
        // nn.Dropout(0.0, True)(x): x, version unchanged; nn.Dropout(1.0, True)(x): x, all zeros, version + 1
        Tensor x = Tensor.randn(new Generator(8), 5);
        int version = x.version();
        assertSame(x, new Dropout(0.0, true).forward(x));
        assertEquals(version, x.version());
        assertSame(x, new Dropout(1.0, true).forward(x));
        assertEquals(version + 1, x.version());
        assertArrayEquals(new float[5], x.toFloatArray(), 0f); // x * 0: -0.0 for a negative x, as in PyTorch
        // nn.AlphaDropout(0.5, True)(x) is not x in PyTorch 1.13: its forward does not pass inplace on
        Tensor y = Tensor.randn(new Generator(9), 5);
        assertNotSame(y, new AlphaDropout(0.5, true).forward(y));
        assertNotSame(y, new FeatureAlphaDropout(0.5, true).forward(y.view(1, 5, 1)));
        assertEquals(0, y.version());
    }

    @Test
    void dropoutGradientsEqualTheOutOfPlaceForm() {
        Tensor a = Tensor.randn(new Generator(10), DType.FLOAT64, 4, 5).requiresGrad_(true);
        Tensor g = Tensor.randn(new Generator(12), DType.FLOAT64, 4, 5);
        Generator.defaultGenerator().manualSeed(13);
        new Dropout(0.4, false).forward(a.mul(2)).backward(g);
        Tensor expected = a.grad();
        a.setGrad(null);
        Generator.defaultGenerator().manualSeed(13);
        new Dropout(0.4, true).forward(a.mul(2)).backward(g);
        assertArrayEquals(expected.toDoubleArray(), a.grad().toDoubleArray(), 1e-12);
    }
}
