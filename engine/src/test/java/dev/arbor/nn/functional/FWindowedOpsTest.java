package dev.arbor.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The facade's short overloads take PyTorch's defaults (values are checked against PyTorch in dev.arbor.ops). */
class FWindowedOpsTest {
    private static long[] l(long... v) {
        return v;
    }

    @Test
    void shortOverloadsUsePyTorchDefaults() {
        Generator gen = new Generator(1);
        Tensor x = Tensor.randn(gen, DType.FLOAT64, 2, 3, 8, 8);
        Tensor w = Tensor.randn(gen, DType.FLOAT64, 4, 3, 3, 3);
        Tensor b = Tensor.randn(gen, DType.FLOAT64, 4);
        assertArrayEquals(F.conv2d(x, w, b, l(1), l(0), l(1), 1).toDoubleArray(), F.conv2d(x, w, b).toDoubleArray());
        assertArrayEquals(F.conv2d(x, w, b, l(2), l(1), l(1), 1).toDoubleArray(),
                F.conv2d(x, w, b, 2, 1).toDoubleArray());
        assertArrayEquals(l(2, 4, 8, 8), F.conv2d(x, w, null, l(1), "same", l(1), 1).shape());
        Tensor wt = Tensor.randn(gen, DType.FLOAT64, 3, 2, 3, 3);
        assertArrayEquals(l(2, 2, 17, 17), F.convTranspose2d(x, wt, null, 2, 0).shape());

        assertArrayEquals(F.maxPool2d(x, l(2), l(2), l(0), l(1), false).toDoubleArray(),
                F.maxPool2d(x, 2).toDoubleArray());
        assertArrayEquals(l(2, 3, 4, 4), F.maxPool2d(x, 3, 2, 1).shape());
        assertArrayEquals(F.avgPool2d(x, l(2), l(2), l(0), false, true, null).toDoubleArray(),
                F.avgPool2d(x, 2).toDoubleArray());
        assertArrayEquals(l(2, 3, 1, 1), F.adaptiveAvgPool2d(x, 1).shape());
        assertArrayEquals(l(2, 3, 3, 5), F.adaptiveMaxPool2d(x, 3, 5).shape());

        assertArrayEquals(l(2, 3, 9, 11), F.pad(x, l(1, 2, 0, 1)).shape());
        assertArrayEquals(l(2, 3, 16, 16), F.interpolate(x, new double[] {2}, "nearest").shape());
        assertArrayEquals(F.interpolate(x, l(5, 7), null, "bilinear", true, false).toDoubleArray(),
                F.upsampleBilinear(x, l(5, 7), null).toDoubleArray());
        assertArrayEquals(l(2, 12, 4, 4), F.pixelUnshuffle(x, 2).shape());
        Tensor cols = F.unfold(x, l(3));
        assertArrayEquals(l(2, 27, 36), cols.shape());
        assertArrayEquals(l(2, 3, 8, 8), F.fold(cols, l(8, 8), l(3)).shape());
    }
}
