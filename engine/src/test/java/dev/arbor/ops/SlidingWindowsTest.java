package dev.arbor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decompositions into primitives, which backends without fused kernels run, agree with the CPU
 * backend's fused kernels (themselves checked against PyTorch through the op tests).
 */
class SlidingWindowsTest {
    private static long[] l(long... v) {
        return v;
    }

    /** Windows with padding, dilation, strides, windows running past the input (ceil mode) and 1 to 3 dimensions. */
    private static final List<Window> WINDOWS = List.of(
            new Window(l(7), l(3), l(2), l(1), l(2), l(3)),
            new Window(l(5, 6), l(3, 2), l(2, 1), l(1, 1), l(1, 2), l(3, 6)),
            new Window(l(5, 4), l(2, 2), l(2, 2), l(0, 1), l(1, 1), l(3, 3)),
            new Window(l(3, 4, 3), l(2, 3, 2), l(1, 2, 2), l(1, 1, 0), l(1, 1, 1), l(4, 2, 2)));

    private static Tensor input(Window w, Generator gen) {
        long[] shape = SlidingWindows.imageShape(2, 3, w);
        return Tensor.randn(gen, DType.FLOAT64, shape);
    }

    @Test
    void im2colAndCol2im() {
        Generator gen = new Generator(1);
        for (Window w : WINDOWS) {
            Tensor x = input(w, gen);
            assertArrayEquals(SlidingWindows.im2col(x, w, -1.5).toDoubleArray(),
                    SlidingWindows.im2colDecomposed(x, w, -1.5).toDoubleArray(), w.toString());
            Tensor columns = Tensor.randn(gen, DType.FLOAT32, SlidingWindows.columnsShape(x, w));
            ConvFixture.assertClose(w.toString(), SlidingWindows.col2im(columns, w, 3),
                    SlidingWindows.col2imDecomposed(columns, w, 3), 1e-6, 1e-6);
        }
    }

    @Test
    void pooling() {
        Generator gen = new Generator(2);
        for (Window w : WINDOWS) {
            Tensor x = input(w, gen);
            if (w.dims() == 2) {
                // a window holding only -inf reports its first tap inside the input
                x.select(0, 0).select(0, 0).fill_(Double.NEGATIVE_INFINITY);
            }
            Tensor.ValuesIndices fused = SlidingWindows.maxPool(x, w);
            Tensor.ValuesIndices decomposed = SlidingWindows.maxPoolDecomposed(x, w);
            assertArrayEquals(fused.values().toDoubleArray(), decomposed.values().toDoubleArray(), w.toString());
            assertArrayEquals(fused.indices().toLongArray(), decomposed.indices().toLongArray(), w.toString());
            for (boolean countPadding : new boolean[] {true, false}) {
                for (long divisor : new long[] {0, 3}) {
                    String what = w + " countPadding " + countPadding + " divisor " + divisor;
                    ConvFixture.assertClose(what, SlidingWindows.avgPool(x, w, countPadding, divisor),
                            SlidingWindows.avgPoolDecomposed(x, w, countPadding, divisor), 1e-12, 1e-12);
                    Tensor g = Tensor.randn(gen, DType.FLOAT64, SlidingWindows.imageShape(2, 3, w.outputSize()));
                    ConvFixture.assertClose(what, SlidingWindows.avgPoolBackward(g, w, countPadding, divisor),
                            SlidingWindows.avgPoolBackwardDecomposed(g, w, countPadding, divisor), 1e-12, 1e-12);
                }
            }
        }
    }
}
