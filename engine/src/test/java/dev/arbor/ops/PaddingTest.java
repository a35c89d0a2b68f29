package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PaddingTest {
    private static long[] l(long... v) {
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void matchesPyTorch(DType dtype) {
        // outputs are copies; gradients sum up to a few float32 values, compared with their float64 sum
        double tol = dtype == DType.FLOAT64 ? 0 : 1e-6;
        ConvFixture.load("pad_constant").check(dtype, tol, tol,
                in -> new Tensor[] {Padding.pad(in.get("x"), l(1, 2, 0, -1), "constant", 0.5)});
        for (String mode : new String[] {"reflect", "replicate", "circular"}) {
            ConvFixture.load("pad_" + mode + "_1d").check(dtype, tol, tol,
                    in -> new Tensor[] {Padding.pad(in.get("x"), l(2, 1), mode, null)});
            ConvFixture.load("pad_" + mode + "_2d").check(dtype, tol, tol,
                    in -> new Tensor[] {Padding.pad(in.get("x"), l(1, 2, 2, -1), mode, null)});
            ConvFixture.load("pad_" + mode + "_3d").check(dtype, tol, tol,
                    in -> new Tensor[] {Padding.pad(in.get("x"), l(1, 1, 2, 0, 1, 1), mode, null)});
        }
    }

    @Test
    void gradcheckEveryMode() {
        Tensor x = Tensor.randn(new Generator(3), DType.FLOAT64, 1, 2, 3, 4).requiresGrad_(true);
        Gradcheck.check(a -> Padding.pad(a.get(0), l(2, -1, 1, 1), "constant", 1.5), x);
        for (String mode : new String[] {"reflect", "replicate", "circular"}) {
            Gradcheck.check(a -> Padding.pad(a.get(0), l(3, -1, 2, 1), mode, null), x);
        }
    }

    @Test
    void anyDtypeAndRank() {
        Tensor ints = Tensor.of(new long[] {1, 2, 3}, 1, 3);
        assertArrayEquals(new long[] {3, 2, 1, 2, 3, 2}, Padding.pad(ints, l(2, 1), "reflect", null).toLongArray());
        assertArrayEquals(new long[] {7, 1, 2, 3, 7, 7}, Padding.pad(ints.view(3), l(1, 2), "constant", 7.0)
                .toLongArray());
        assertArrayEquals(l(0, 1, 7), Padding.pad(Tensor.zeros(0, 1, 5), l(1, 1), "reflect", null).shape());
    }

    private static void fails(String expected, Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badArguments() {
        Tensor x = Tensor.zeros(1, 1, 3, 3);
        fails("Padding length must be divisible by 2", () -> Padding.pad(x, l(1, 2, 3), "constant", null));
        fails("Padding length too large", () -> Padding.pad(Tensor.zeros(5), l(1, 1, 1, 1), "constant", null));
        fails("Padding size should be less than the corresponding input dimension, but got: reflect padding (3, 3) at "
                + "dimension 2 of input [1, 1, 3]", () -> Padding.pad(Tensor.zeros(1, 1, 3), l(3, 3), "reflect", null));
        fails("Padding value causes wrapping around more than once", () -> Padding.pad(x, l(4, 0, 0, 0), "circular", null));
        fails("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now",
                () -> Padding.pad(Tensor.zeros(3), l(1, 1), "reflect", null));
        fails("Unrecognised padding mode wrap", () -> Padding.pad(x, l(1, 1), "wrap", null));
        fails("Padding mode \"reflect\" doesn't take in value argument", () -> Padding.pad(x, l(1, 1), "reflect", 1.0));
        fails("The input size 3, plus negative padding -2 and -2 resulted in a negative output size",
                () -> Padding.pad(x, l(-2, -2), "constant", null));
        fails("input (size 0) is too small for replicate padding (1, 1)",
                () -> Padding.pad(Tensor.zeros(1, 1, 0), l(1, 1), "replicate", null));
    }
}
