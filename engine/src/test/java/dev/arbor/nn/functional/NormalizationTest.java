package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static final Generator GEN = new Generator(21);

    private static Tensor randn64(long... shape) {
        return Tensor.randn(GEN, DType.FLOAT64, shape).requiresGrad_(true);
    }

    @Test
    void layerNormMatchesPyTorch() {
        TorchFixture f = TorchFixture.load("layer_norm_affine");
        Tensor x = f.leaf("x");
        Tensor w = f.leaf("w");
        Tensor b = f.leaf("b");
        Tensor out = F.layerNorm(x, new long[] {4}, w, b, 1e-5);
        f.assertOut(out);
        f.backward(out);
        f.assertGrad("x", x);
        f.assertGrad("w", w);
        f.assertGrad("b", b);

        TorchFixture plain = TorchFixture.load("layer_norm_2d_plain");
        Tensor x2 = plain.leaf("x");
        Tensor out2 = F.layerNorm(x2, new long[] {3, 4});
        plain.assertOut(out2);
        plain.backward(out2);
        plain.assertGrad("x", x2);
    }

    @Test
    void batchNormTrainingUpdatesRunningStatistics() {
        TorchFixture f = TorchFixture.load("batch_norm_train");
        Tensor x = f.leaf("x");
        Tensor w = f.leaf("w");
        Tensor b = f.leaf("b");
        Tensor rm = f.get("rm").clone();
        Tensor rv = f.get("rv").clone();
        Tensor out = F.batchNorm(x, rm, rv, w, b, true, 0.1, 1e-5);
        f.assertOut(out);
        f.assertMatches("rm_out", rm, TorchFixture.RTOL, TorchFixture.ATOL);
        f.assertMatches("rv_out", rv, TorchFixture.RTOL, TorchFixture.ATOL);
        f.backward(out);
        f.assertGrad("x", x);
        f.assertGrad("w", w);
        f.assertGrad("b", b);

        TorchFixture f2 = TorchFixture.load("batch_norm_train_2d");
        Tensor x2 = f2.leaf("x");
        Tensor rm2 = f2.get("rm").clone();
        Tensor rv2 = f2.get("rv").clone();
        Tensor out2 = F.batchNorm(x2, rm2, rv2, null, null, true, 0.3, 1e-5);
        f2.assertOut(out2);
        f2.assertMatches("rm_out", rm2, TorchFixture.RTOL, TorchFixture.ATOL);
        f2.assertMatches("rv_out", rv2, TorchFixture.RTOL, TorchFixture.ATOL);
        f2.backward(out2);
        f2.assertGrad("x", x2);
    }

    @Test
    void batchNormEvalUsesRunningStatistics() {
        TorchFixture f = TorchFixture.load("batch_norm_eval");
        Tensor x = f.leaf("x");
        Tensor w = f.leaf("w");
        Tensor b = f.leaf("b");
        Tensor rm = f.get("rm");
        Tensor before = rm.clone();
        Tensor out = F.batchNorm(x, rm, f.get("rv"), w, b, false, 0.1, 1e-3);
        f.assertOut(out);
        TorchFixture.assertClose("running mean untouched", before, rm, 0, 0);
        f.backward(out);
        f.assertGrad("x", x);
        f.assertGrad("w", w);
        f.assertGrad("b", b);
    }

    @Test
    void groupAndInstanceNormMatchPyTorch() {
        TorchFixture g = TorchFixture.load("group_norm");
        Tensor x = g.leaf("x");
        Tensor w = g.leaf("w");
        Tensor b = g.leaf("b");
        Tensor out = F.groupNorm(x, 3, w, b, 1e-5);
        g.assertOut(out);
        g.backward(out);
        g.assertGrad("x", x);
        g.assertGrad("w", w);
        g.assertGrad("b", b);

        TorchFixture in = TorchFixture.load("instance_norm_train");
        Tensor xi = in.leaf("x");
        Tensor wi = in.leaf("w");
        Tensor bi = in.leaf("b");
        Tensor rm = in.get("rm").clone();
        Tensor rv = in.get("rv").clone();
        Tensor outI = F.instanceNorm(xi, rm, rv, wi, bi, true, 0.2, 1e-5);
        in.assertOut(outI);
        in.assertMatches("rm_out", rm, TorchFixture.RTOL, TorchFixture.ATOL);
        in.assertMatches("rv_out", rv, TorchFixture.RTOL, TorchFixture.ATOL);
        in.backward(outI);
        in.assertGrad("x", xi);
        in.assertGrad("w", wi);
        in.assertGrad("b", bi);

        TorchFixture ev = TorchFixture.load("instance_norm_eval");
        Tensor xe = ev.leaf("x");
        Tensor outE = F.instanceNorm(xe, ev.get("rm"), ev.get("rv"), null, null, false, 0.1, 1e-5);
        ev.assertOut(outE);
        ev.backward(outE);
        ev.assertGrad("x", xe);
    }

    @Test
    void localResponseNormAndNormalizeMatchPyTorch() {
        TorchFixture l3 = TorchFixture.load("local_response_norm_3d");
        Tensor x3 = l3.leaf("x");
        Tensor o3 = F.localResponseNorm(x3, 3);
        l3.assertOut(o3);
        l3.backward(o3);
        l3.assertGrad("x", x3);
        TorchFixture l4 = TorchFixture.load("local_response_norm_4d");
        Tensor x4 = l4.leaf("x");
        Tensor o4 = F.localResponseNorm(x4, 4, 0.01, 0.5, 2.0);
        l4.assertOut(o4);
        l4.backward(o4);
        l4.assertGrad("x", x4);

        TorchFixture n2 = TorchFixture.load("normalize_p2");
        Tensor a = n2.leaf("x");
        Tensor oa = F.normalize(a, 2, 1);
        n2.assertOut(oa);
        n2.backward(oa);
        n2.assertGrad("x", a);
        TorchFixture n1 = TorchFixture.load("normalize_p1_dim0");
        Tensor c = n1.leaf("x");
        Tensor oc = F.normalize(c, 1, 0);
        n1.assertOut(oc);
        n1.backward(oc);
        n1.assertGrad("x", c);
    }

    @Test
    void gradcheckEveryNorm() {
        Tensor x = randn64(3, 2, 4);
        Tensor w4 = randn64(4);
        Tensor b4 = randn64(4);
        Gradcheck.check(in -> F.layerNorm(in.get(0), new long[] {4}, in.get(1), in.get(2), 1e-5), x, w4, b4);
        Tensor w2 = randn64(2);
        Tensor b2 = randn64(2);
        Gradcheck.check(in -> F.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5), x, w2, b2);
        Tensor rm = Tensor.randn(GEN, DType.FLOAT64, 2);
        Tensor rv = Tensor.rand(GEN, DType.FLOAT64, 2).add(0.5);
        Gradcheck.check(in -> F.batchNorm(in.get(0), rm, rv, in.get(1), in.get(2), false, 0.1, 1e-5), x, w2, b2);
        Tensor x6 = randn64(2, 6, 3);
        Tensor w6 = randn64(6);
        Tensor b6 = randn64(6);
        Gradcheck.check(in -> F.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5), x6, w6, b6);
        Gradcheck.check(in -> F.instanceNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5), x6, w6, b6);
        Gradcheck.check(in -> F.localResponseNorm(in.get(0), 3, 0.1, 0.75, 1.0), x6);
        Gradcheck.check(in -> F.normalize(in.get(0), 2, 1), x6);
        Gradcheck.check(in -> F.normalize(in.get(0), 3, -1), x6);
    }

    @Test
    void secondOrderGradientsOfStandardization() {
        // the fused backward recomputes its statistics under create_graph, so double backward is exact
        Tensor v = Tensor.randn(GEN, DType.FLOAT64, 3, 4);
        Tensor x = randn64(3, 4);
        Gradcheck.check(in -> {
            try (var scope = GradMode.enableGrad()) {
                Tensor y = F.layerNorm(in.get(0), new long[] {4});
                return Autograd.grad(List.of(y), List.of(in.get(0)), List.of(v), true, true, false).getFirst();
            }
        }, x);
    }

    @Test
    void halfPrecisionIsComputedInFloat() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 4);
        Tensor full = F.layerNorm(x, new long[] {4});
        Tensor half = F.layerNorm(x.to(DType.BFLOAT16), new long[] {4});
        assertEquals(DType.BFLOAT16, half.dtype());
        TorchFixture.assertClose("bfloat16 layer_norm", full, half, 1e-2, 1e-2);
    }

    @Test
    void badArgumentsHavePyTorchsMessages() {
        Tensor x = Tensor.zeros(2, 3, 4);
        assertEquals("Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> F.layerNorm(x, new long[] {5})).getMessage());
        assertEquals("Given normalized_shape=[3, 5], expected input with shape [*, 3, 5], but got input of size"
                + "[2, 3, 4]", assertThrows(IllegalArgumentException.class,
                        () -> F.layerNorm(x, new long[] {3, 5})).getMessage());
        assertEquals("Expected weight to be of same shape as normalized_shape, but got weight of shape [5] and "
                + "normalized_shape = [4]", assertThrows(IllegalArgumentException.class,
                        () -> F.layerNorm(x, new long[] {4}, Tensor.ones(5), null)).getMessage());
        assertEquals("running_mean must be defined in evaluation mode", assertThrows(IllegalArgumentException.class,
                () -> F.batchNorm(x, null, null)).getMessage());
        assertEquals("running_mean should contain 3 elements not 4", assertThrows(IllegalArgumentException.class,
                () -> F.batchNorm(x, Tensor.zeros(4), Tensor.ones(4), null, null, true)).getMessage());
        var e = assertThrows(IllegalArgumentException.class,
                () -> F.batchNorm(Tensor.zeros(1, 3), null, null, null, null, true));
        assertTrue(e.getMessage().startsWith("Expected more than 1 value per channel when training, got input size "
                + "[1, 3]"), e.getMessage());
        assertEquals("Expected number of channels in input to be divisible by num_groups, but got input of shape "
                + "[2, 6, 4] and num_groups=4", assertThrows(IllegalArgumentException.class,
                        () -> F.groupNorm(Tensor.zeros(2, 6, 4), 4)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.instanceNorm(Tensor.zeros(2, 3, 1)))
                .getMessage().startsWith("Expected more than 1 spatial element when training"));
        assertEquals("Expected 3D or higher dimensionality input (got 2 dimensions)",
                assertThrows(IllegalArgumentException.class, () -> F.localResponseNorm(Tensor.zeros(2, 3), 2))
                        .getMessage());
    }
}
