package dev.arbor.nn.functional;

import static dev.arbor.nn.functional.TorchFixture.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.Clamp;
import dev.arbor.ops.LinearMaps;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearMapsTest {
    private static final Generator GEN = new Generator(51);

    @Test
    void linearAndBilinearMatchPyTorch() {
        check("linear", t -> F.linear(t.get("x"), t.get("w"), t.get("b")), "x", "w", "b");
        check("bilinear", t -> F.bilinear(t.get("a"), t.get("b"), t.get("w"), t.get("bias")), "a", "b", "w", "bias");
    }

    /**
     * Without gradients a linear layer is one product accumulated onto the bias rows; it equals the
     * product and the add (and a clamp after them) for batched inputs, without a bias, in both dtypes.
     */
    @Test
    void fusedLinearEqualsTheProductAndTheAdd() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor x = Tensor.randn(GEN, dtype, 3, 5, 7);
            Tensor w = Tensor.randn(GEN, dtype, 6, 7);
            Tensor b = Tensor.randn(GEN, dtype, 6);
            Tensor product = x.matmul(w.t());
            Tensor expected = product.add(b);
            try (var noGrad = GradMode.noGrad()) {
                assertClose(expected, F.linear(x, w, b));
                assertClose(product, F.linear(x, w));
                assertClose(expected.clamp(-0.5, 1.0), LinearMaps.linear(x, w, b, new Clamp(-0.5, 1.0)));
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double error = expected.to(DType.FLOAT64).sub(actual.to(DType.FLOAT64)).abs().max().item();
        assertTrue(error < 1e-5, "max error " + error);
    }

    @Test
    void gradcheck() {
        Tensor x = Tensor.randn(GEN, DType.FLOAT64, 2, 3).requiresGrad_(true);
        Tensor w = Tensor.randn(GEN, DType.FLOAT64, 4, 3).requiresGrad_(true);
        Tensor b = Tensor.randn(GEN, DType.FLOAT64, 4).requiresGrad_(true);
        Gradcheck.check(in -> F.linear(in.get(0), in.get(1), in.get(2)), x, w, b);
        Tensor x2 = Tensor.randn(GEN, DType.FLOAT64, 2, 2).requiresGrad_(true);
        Tensor w3 = Tensor.randn(GEN, DType.FLOAT64, 4, 3, 2).requiresGrad_(true);
        Gradcheck.check(in -> F.bilinear(in.get(0), in.get(1), in.get(2), in.get(3)), x, x2, w3, b);
    }

    @Test
    void badArgumentsHavePyTorchsMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.linear(Tensor.ones(2, 3), Tensor.ones(4, 5)));
        assertTrue(e.getMessage().startsWith("mat1 and mat2 shapes cannot be multiplied (2x3 and 5x4)"), e.getMessage());
        Tensor w = Tensor.ones(5, 3, 4);
        assertEquals("bilinear(): input batch dimensions do not match at dim 0: got 2 and 3",
                assertThrows(IllegalArgumentException.class,
                        () -> F.bilinear(Tensor.ones(2, 3), Tensor.ones(3, 4), w, null)).getMessage());
        assertEquals("bilinear(): input1 size does not match weight size: got 2 but expected 3",
                assertThrows(IllegalArgumentException.class,
                        () -> F.bilinear(Tensor.ones(2, 2), Tensor.ones(2, 4), w, null)).getMessage());
        assertEquals("bilinear(): input2 size does not match weight size: got 3 but expected 4",
                assertThrows(IllegalArgumentException.class,
                        () -> F.bilinear(Tensor.ones(2, 3), Tensor.ones(2, 3), w, null)).getMessage());
        assertEquals("bilinear(): bias size does not match weight size: got 4 but expected 5",
                assertThrows(IllegalArgumentException.class,
                        () -> F.bilinear(Tensor.ones(2, 3), Tensor.ones(2, 4), w, Tensor.ones(4))).getMessage());
    }
}
