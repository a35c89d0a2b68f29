package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationsTest {
    /** The same functions and arguments as ACTIVATIONS in make_functional_fixtures.py. */
    static final Map<String, UnaryOperator<Tensor>> ACTIVATIONS = new LinkedHashMap<>();

    static {
        ACTIVATIONS.put("relu", F::relu);
        ACTIVATIONS.put("relu6", F::relu6);
        ACTIVATIONS.put("leaky_relu", x -> F.leakyRelu(x, 0.1));
        ACTIVATIONS.put("elu", F::elu);
        ACTIVATIONS.put("elu_alpha", x -> F.elu(x, 0.5));
        ACTIVATIONS.put("selu", F::selu);
        ACTIVATIONS.put("celu", x -> F.celu(x, 1.5));
        ACTIVATIONS.put("gelu", F::gelu);
        ACTIVATIONS.put("gelu_tanh", x -> F.gelu(x, "tanh"));
        ACTIVATIONS.put("silu", F::silu);
        ACTIVATIONS.put("mish", F::mish);
        ACTIVATIONS.put("sigmoid", F::sigmoid);
        ACTIVATIONS.put("tanh", F::tanh);
        ACTIVATIONS.put("hardtanh", x -> F.hardtanh(x, -2, 1.5));
        ACTIVATIONS.put("hardswish", F::hardswish);
        ACTIVATIONS.put("hardsigmoid", F::hardsigmoid);
        ACTIVATIONS.put("softplus", F::softplus);
        ACTIVATIONS.put("softplus_beta", x -> F.softplus(x, 2, 5));
        ACTIVATIONS.put("softsign", F::softsign);
        ACTIVATIONS.put("threshold", x -> F.threshold(x, 0.5, -2));
        ACTIVATIONS.put("logsigmoid", F::logsigmoid);
        ACTIVATIONS.put("tanhshrink", F::tanhshrink);
        ACTIVATIONS.put("softshrink", x -> F.softshrink(x, 0.5));
        ACTIVATIONS.put("hardshrink", x -> F.hardshrink(x, 0.5));
        ACTIVATIONS.put("glu", x -> F.glu(x, 1));
    }

    static Iterable<String> names() {
        return ACTIVATIONS.keySet();
    }

    @ParameterizedTest
    @MethodSource("names")
    void matchesPyTorchIncludingKinks(String name) {
        TorchFixture.check("act_" + name, t -> ACTIVATIONS.get(name).apply(t.get("x")), "x");
    }

    @ParameterizedTest
    @MethodSource("names")
    void gradcheck(String name) {
        Tensor x = Tensor.randn(new Generator(name.hashCode()), DType.FLOAT64, 3, 4).mul(3).requiresGrad_(true);
        Gradcheck.check(in -> ACTIVATIONS.get(name).apply(in.get(0)), x);
    }

    @Test
    void preluPerChannelAndSingleWeight() {
        for (String c : new String[] {"act_prelu_channels", "act_prelu_single"}) {
            TorchFixture.check(c, t -> F.prelu(t.get("x"), t.get("w")), "x", "w");
        }
        Tensor x = Tensor.randn(new Generator(1), DType.FLOAT64, 2, 3, 2).requiresGrad_(true);
        Tensor w = Tensor.of(new double[] {0.2, -1, 3}).requiresGrad_(true);
        Gradcheck.check(in -> F.prelu(in.get(0), in.get(1)), x, w);
    }

    @Test
    void largeInputsStayFinite() {
        Tensor x = Tensor.of(new float[] {-1000, -90, 90, 1000}).requiresGrad_(true);
        for (var e : ACTIVATIONS.entrySet()) {
            if (e.getKey().equals("glu")) {
                continue;
            }
            x.setGrad(null);
            Tensor y = e.getValue().apply(x);
            y.sum().backward();
            assertEquals(0.0, y.isnan().to(DType.FLOAT32).sum().item(), e.getKey() + " gave NaN: " + y);
            assertEquals(0.0, x.grad().isnan().to(DType.FLOAT32).sum().item(), e.getKey() + " gradient NaN: " + x.grad());
        }
    }

    @Test
    void badArgumentsHavePyTorchsMessages() {
        Tensor x = Tensor.zeros(2, 5);
        assertEquals("Halving dimension must be even, but dimension 1 is size 5",
                assertThrows(IllegalArgumentException.class, () -> F.glu(x, 1)).getMessage());
        assertEquals("ZeroDivisionError: alpha cannot be 0 for CELU",
                assertThrows(IllegalArgumentException.class, () -> F.celu(x, 0)).getMessage());
        assertEquals("approximate argument must be either none or tanh.",
                assertThrows(IllegalArgumentException.class, () -> F.gelu(x, "fast")).getMessage());
        assertEquals("Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel "
                + "size = 5.", assertThrows(IllegalArgumentException.class, () -> F.prelu(x, Tensor.ones(3))).getMessage());
        assertEquals("lambda must be greater or equal to 0, but found to be -1.0.",
                assertThrows(IllegalArgumentException.class, () -> F.softshrink(x, -1)).getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> F.leakyRelu(Tensor.arange(3)));
        assertTrue(e.getMessage().startsWith("\"leaky_relu\" not implemented for 'Long'"), e.getMessage());
    }

    @Test
    void integerInputsWherePyTorchAllowsThem() {
        assertEquals("[0, 1, 2]", java.util.Arrays.toString(F.relu(Tensor.of(new long[] {-1, 1, 2})).toLongArray()));
        assertEquals("[5, 5, 2]", java.util.Arrays.toString(F.threshold(Tensor.arange(3), 1, 5).toLongArray()));
    }
}
