package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class FoldingTest {
    private static long[] l(long... v) {
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void matchesPyTorch(DType dtype) {
        boolean f64 = dtype == DType.FLOAT64;
        ConvFixture.load("unfold").check(dtype, 0, 0, in -> new Tensor[] {
            Folding.unfold(in.get("x"), l(2, 3), l(1, 2), l(1, 0), l(2, 1))});
        // fold sums overlapping blocks
        ConvFixture.load("fold").check(dtype, f64 ? 1e-12 : 1e-5, f64 ? 1e-12 : 1e-6, in -> new Tensor[] {
            Folding.fold(in.get("x"), l(5, 6), l(2, 3), l(1, 2), l(1, 0), l(2, 1))});
    }

    @Test
    void gradcheckAndUnbatched() {
        Generator gen = new Generator(4);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 2, 4, 3).requiresGrad_(true);
        Gradcheck.check(a -> Folding.unfold(a.get(0), l(2), l(1), l(1), l(2)), x);
        Tensor cols = Tensor.randn(gen, DType.FLOAT64, 8, 4).requiresGrad_(true);
        Gradcheck.check(a -> Folding.fold(a.get(0), l(3, 3), l(2), l(1), l(0), l(1)), cols);
        assertArrayEquals(l(8, 6), Folding.unfold(x, l(2), l(1), l(0), l(1)).shape());
        Tensor half = Folding.unfold(x.detach().to(DType.FLOAT16).unsqueeze(0), l(2), l(1), l(0), l(1));
        assertEquals(DType.FLOAT16, half.dtype());
    }

    private static void fails(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badArguments() {
        fails("Given input with spatial size (2, 2), kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), calculated "
                + "shape of the array of sliding blocks as (0, 0), but its components must be at least one.",
                () -> Folding.unfold(Tensor.zeros(1, 1, 2, 2), l(3), l(1), l(0), l(1)));
        fails("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, "
                + "but got: [1, 0, 5, 5]", () -> Folding.unfold(Tensor.zeros(1, 0, 5, 5), l(2), l(1), l(0), l(1)));
        fails("stride should be greater than zero, but got stride_height: 0 stride_width: 0",
                () -> Folding.unfold(Tensor.zeros(1, 1, 5, 5), l(2), l(1), l(0), l(0)));
        fails("padding should be non-negative, but got pad_height: -1 pad_width: -1",
                () -> Folding.unfold(Tensor.zeros(1, 1, 5, 5), l(2), l(1), l(-1), l(1)));
        fails("\"unfold\" not implemented for 'Long'",
                () -> Folding.unfold(Tensor.zeros(DType.INT64, 1, 1, 5, 5), l(2), l(1), l(0), l(1)));
        fails("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got "
                + "input.size(1)=5 and kernel_size=(2, 2).", () -> Folding.fold(Tensor.zeros(1, 5, 9), l(4, 4), l(2), l(1),
                l(0), l(1)));
        fails("Given output_size=(4, 4), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size "
                + "of input's dimension 2 to match the calculated number of sliding blocks 3 * 3 = 9, but got "
                + "input.size(2)=8.", () -> Folding.fold(Tensor.zeros(1, 4, 8), l(4, 4), l(2), l(1), l(0), l(1)));
        fails("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for "
                + "input, but got: [5]", () -> Folding.fold(Tensor.zeros(5), l(4, 4), l(2), l(1), l(0), l(1)));
    }
}
