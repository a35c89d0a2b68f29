package dev.arbor.nn;

import static dev.arbor.nn.Fixtures.assertClose;
import static dev.arbor.nn.Fixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear, Bilinear, Identity, Flatten, Unflatten against PyTorch, gradchecks, and Init's distributions. */
class LayersTest {
    private static final Map<String, Object> LAYERS = Fixtures.load("layers.json");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixture(String name) {
        return (Map<String, Object>) LAYERS.get(name);
    }

    @Test
    void linearMatchesPyTorch() {
        Map<String, Object> f = fixture("linear");
        Linear lin = new Linear(4, 3);
        lin.loadStateDict(Map.of("weight", tensor(f.get("weight")), "bias", tensor(f.get("bias"))));
        Tensor x = tensor(f.get("input")).requiresGrad_(true);
        Tensor y = lin.call(x);
        assertClose(tensor(f.get("output")), y, "output");
        y.mul(tensor(f.get("upstream"))).sum().backward();
        assertClose(tensor(f.get("grad_input")), x.grad(), "grad input");
        assertClose(tensor(f.get("grad_weight")), lin.weight().grad(), "grad weight");
        assertClose(tensor(f.get("grad_bias")), lin.bias().grad(), "grad bias");
        assertEquals("Linear(in_features=4, out_features=3, bias=True)", lin.toString());
    }

    @Test
    void bilinearMatchesPyTorch() {
        Map<String, Object> f = fixture("bilinear");
        Bilinear bil = new Bilinear(3, 4, 2);
        bil.loadStateDict(Map.of("weight", tensor(f.get("weight")), "bias", tensor(f.get("bias"))));
        Tensor x1 = tensor(f.get("input1")).requiresGrad_(true);
        Tensor x2 = tensor(f.get("input2")).requiresGrad_(true);
        Tensor y = bil.call(x1, x2);
        assertClose(tensor(f.get("output")), y, "output");
        y.mul(tensor(f.get("upstream"))).sum().backward();
        assertClose(tensor(f.get("grad_input1")), x1.grad(), "grad input1");
        assertClose(tensor(f.get("grad_input2")), x2.grad(), "grad input2");
        assertClose(tensor(f.get("grad_weight")), bil.weight().grad(), "grad weight");
        assertClose(tensor(f.get("grad_bias")), bil.bias().grad(), "grad bias");
        assertThrows(IllegalArgumentException.class, () -> bil.call(x1));
    }

    @Test
    void gradcheckInFloat64() {
        Linear lin = new Linear(3, 2, true, DType.FLOAT64, dev.arbor.tensor.Device.CPU);
        Tensor x = Tensor.randn(new Generator(5), DType.FLOAT64, 4, 3).requiresGrad_(true);
        Gradcheck.check(in -> lin.call(in.get(0)), x);
        Gradcheck.check(in -> lin.call(x), lin.weight(), lin.bias());

        Bilinear bil = new Bilinear(2, 3, 2, true, DType.FLOAT64, dev.arbor.tensor.Device.CPU);
        Tensor a = Tensor.randn(new Generator(6), DType.FLOAT64, 2, 2).requiresGrad_(true);
        Tensor b = Tensor.randn(new Generator(7), DType.FLOAT64, 2, 3).requiresGrad_(true);
        Gradcheck.check(in -> bil.call(in.get(0), in.get(1)), a, b);
        Gradcheck.check(in -> bil.call(a, b), bil.weight(), bil.bias());
    }

    @Test
    void linearInitialisationBounds() {
        Generator.defaultGenerator().manualSeed(11);
        Linear lin = new Linear(50, 40);
        double bound = 1 / Math.sqrt(50);
        assertTrue(lin.weight().abs().max().item() <= bound);
        assertTrue(lin.bias().abs().max().item() <= bound);
        // U(-b, b) has standard deviation b / sqrt(3)
        assertEquals(bound / Math.sqrt(3), lin.weight().std(new int[0], 1, false).item(), 0.05 * bound);
        Linear noBias = new Linear(2, 3, false);
        assertNull(noBias.bias());
        assertEquals("Linear(in_features=2, out_features=3, bias=False)", noBias.toString());
        assertEquals(List.of("weight"), List.copyOf(noBias.stateDict().keySet()));
    }

    @Test
    void shapeLayers() {
        Tensor x = Tensor.arange(0, 24, 1, DType.FLOAT32).reshape(2, 3, 4);
        assertSame(x, new Identity().call(x));
        assertArrayEquals(new long[] {2, 12}, new Flatten().call(x).shape());
        assertArrayEquals(new long[] {6, 4}, new Flatten(0, 1).call(x).shape());
        assertArrayEquals(new long[] {2, 3, 2, 2}, new Unflatten(2, 2, -1).call(x).shape());
        assertEquals("Flatten(start_dim=0, end_dim=1)", new Flatten(0, 1).toString());
        assertEquals("Unflatten(dim=2, unflattened_size=(2, -1))", new Unflatten(2, 2, -1).toString());
        assertEquals("Identity()", new Identity().toString());
    }

    @Test
    void gainsAndFansMatchPyTorch() {
        @SuppressWarnings("unchecked")
        Map<String, Object> gains = (Map<String, Object>) LAYERS.get("gains");
        for (Map.Entry<String, Object> e : gains.entrySet()) {
            double expected = ((Number) e.getValue()).doubleValue();
            double actual = e.getKey().equals("leaky_relu(0.2)") ? Init.calculateGain("leaky_relu", 0.2)
                    : Init.calculateGain(e.getKey());
            assertEquals(expected, actual, 1e-15, e.getKey());
        }
        assertEquals("Unsupported nonlinearity swish",
                assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish")).getMessage());
        for (Object row : (List<?>) LAYERS.get("fans")) {
            List<?> r = (List<?>) row;
            long[] shape = ((List<?>) r.get(0)).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
            List<?> fans = (List<?>) r.get(1);
            Init.Fans actual = Init.fans(Tensor.zeros(shape));
            assertEquals(((Number) fans.get(0)).longValue(), actual.fanIn());
            assertEquals(((Number) fans.get(1)).longValue(), actual.fanOut());
        }
        assertEquals("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
                assertThrows(IllegalArgumentException.class, () -> Init.fans(Tensor.zeros(3))).getMessage());
        assertEquals("Mode fan_avg not supported, please use one of fan_in, fan_out",
                assertThrows(IllegalArgumentException.class, () -> Init.kaimingUniform_(Tensor.zeros(3, 3), 0,
                        "fan_avg", "relu", new Generator(1))).getMessage());
    }

    /** Mean and standard deviation of a tensor's elements. */
    private static double[] moments(Tensor t) {
        return new double[] {t.mean().item(), t.std(new int[0], 1, false).item()};
    }

    @Test
    void initDistributions() {
        Generator gen = new Generator(3);
        Tensor w = Tensor.zeros(200, 100);
        Init.kaimingNormal_(w, 0, "fan_out", "relu", gen);
        assertEquals(Math.sqrt(2.0 / 200), moments(w)[1], 0.02 * Math.sqrt(2.0 / 200));
        Init.kaimingUniform_(w, 0, "fan_in", "relu", gen);
        double bound = Math.sqrt(3) * Math.sqrt(2.0 / 100);
        assertTrue(w.abs().max().item() <= bound);
        assertEquals(bound / Math.sqrt(3), moments(w)[1], 0.02 * bound);
        Init.xavierUniform_(w, 2, gen);
        double a = 2 * Math.sqrt(6.0 / 300);
        assertTrue(w.abs().max().item() <= a);
        Init.xavierNormal_(w, 1, gen);
        assertEquals(Math.sqrt(2.0 / 300), moments(w)[1], 0.02 * Math.sqrt(2.0 / 300));
        Init.normal_(w, 3, 0.5, gen);
        assertEquals(3, moments(w)[0], 0.01);
        assertEquals(0.5, moments(w)[1], 0.01);

        // a standard normal truncated to [-1, 2]: bounds respected and the known mean
        Init.truncNormal_(w, 0, 1, -1, 2, gen);
        assertTrue(w.min().item() >= -1 && w.max().item() <= 2);
        double pdf1 = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        double pdf2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
        double mass = 0.5 * (dev.arbor.backend.cpu.ScalarMath.erf(2 / Math.sqrt(2))
                - dev.arbor.backend.cpu.ScalarMath.erf(-1 / Math.sqrt(2)));
        assertEquals((pdf1 - pdf2) / mass, moments(w)[0], 0.01);

        Init.constant_(w, 0.25);
        assertEquals(0.25, w.max().item());
        Init.zeros_(w);
        assertEquals(0.0, w.abs().max().item());
        Init.ones_(w);
        assertEquals(1.0, w.min().item());
        Tensor e = Init.eye_(Tensor.zeros(2, 3));
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, e.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Init.eye_(Tensor.zeros(2, 2, 2)));
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        Generator gen = new Generator(9);
        Tensor tall = Init.orthogonal_(Tensor.zeros(DType.FLOAT64, 6, 3), 1, gen);
        assertClose(Tensor.eye(3, 3, DType.FLOAT64), tall.t().matmul(tall), 1e-12, 1e-12, "Q^T Q");
        Tensor wide = Init.orthogonal_(Tensor.zeros(DType.FLOAT64, 2, 2, 3), 2, gen);
        Tensor flat = wide.reshape(2, 6);
        assertClose(Tensor.eye(2, 2, DType.FLOAT64).mul(4), flat.matmul(flat.t()), 1e-12, 1e-12, "Q Q^T");
        assertEquals(0.5, Init.erfinv(dev.arbor.backend.cpu.ScalarMath.erf(0.5)), 1e-13);
    }

    @Test
    void initIsNotRecordedByAutograd() {
        Parameter p = new Parameter(Tensor.zeros(3, 3));
        Init.uniform_(p, -1, 1);
        Init.kaimingUniform_(p);
        Init.orthogonal_(p);
        assertTrue(p.isLeaf());
        assertTrue(p.requiresGrad());
    }
}
