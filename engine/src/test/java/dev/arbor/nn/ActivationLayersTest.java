package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every activation layer against PyTorch (layers/act_*.npz), built with the generator script's arguments. */
class ActivationLayersTest {
    private static final Map<String, Supplier<Module>> ACTIVATIONS = new LinkedHashMap<>();

    static {
        ACTIVATIONS.put("relu", ReLU::new);
        ACTIVATIONS.put("relu6", ReLU6::new);
        ACTIVATIONS.put("leaky_relu", () -> new LeakyReLU(0.2));
        ACTIVATIONS.put("prelu", () -> new PReLU(4));
        ACTIVATIONS.put("elu", () -> new ELU(0.5));
        ACTIVATIONS.put("selu", SELU::new);
        ACTIVATIONS.put("celu", () -> new CELU(1.5));
        ACTIVATIONS.put("gelu", GELU::new);
        ACTIVATIONS.put("gelu_tanh", () -> new GELU("tanh"));
        ACTIVATIONS.put("silu", SiLU::new);
        ACTIVATIONS.put("mish", Mish::new);
        ACTIVATIONS.put("sigmoid", Sigmoid::new);
        ACTIVATIONS.put("tanh", Tanh::new);
        ACTIVATIONS.put("hardtanh", () -> new Hardtanh(-2.0, 1.5));
        ACTIVATIONS.put("hardswish", Hardswish::new);
        ACTIVATIONS.put("hardsigmoid", Hardsigmoid::new);
        ACTIVATIONS.put("softplus", () -> new Softplus(2, 5));
        ACTIVATIONS.put("softsign", Softsign::new);
        ACTIVATIONS.put("softmax", () -> new Softmax(1));
        ACTIVATIONS.put("log_softmax", () -> new LogSoftmax(-1));
        ACTIVATIONS.put("softmin", () -> new Softmin(2));
        ACTIVATIONS.put("threshold", () -> new Threshold(0.1, 20));
        ACTIVATIONS.put("glu", () -> new GLU(1));
        ACTIVATIONS.put("logsigmoid", LogSigmoid::new);
        ACTIVATIONS.put("tanhshrink", Tanhshrink::new);
        ACTIVATIONS.put("softshrink", () -> new Softshrink(0.7));
        ACTIVATIONS.put("hardshrink", Hardshrink::new);
    }

    @Test
    void everyActivationMatchesPyTorch() {
        ACTIVATIONS.forEach((name, make) -> {
            LayerFixture f = LayerFixture.of("act_" + name);
            Module m = f.load(make.get());
            f.verify(m, m.call(f.leaf("x")));
        });
    }

    @Test
    void softmaxWithoutDimUsesPyTorchsLegacyChoice() {
        Tensor x = Tensor.randn(new Generator(2), 2, 3, 4);
        Fixtures.assertClose(dev.arbor.nn.functional.F.softmax(x, 0), new Softmax().call(x), "3-d: dim 0");
        Tensor m = Tensor.randn(new Generator(3), 2, 3);
        Fixtures.assertClose(dev.arbor.nn.functional.F.softmax(m, 1), new Softmax().call(m), "2-d: dim 1");
    }

    @Test
    void argumentsAreChecked() {
        assertEquals("approximate argument must be either none or tanh.",
                assertThrows(IllegalArgumentException.class, () -> new GELU("fast")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Hardtanh(1, 1));
    }

    @Test
    void preluGradcheckInFloat64() {
        PReLU prelu = new PReLU(3, 0.25, DType.FLOAT64, dev.arbor.tensor.Device.CPU);
        Tensor x = Tensor.randn(new Generator(4), DType.FLOAT64, 2, 3, 2).requiresGrad_(true);
        Gradcheck.check(in -> prelu.call(in.getFirst()), x);
        Gradcheck.check(in -> prelu.call(x), prelu.weight());
    }
}
