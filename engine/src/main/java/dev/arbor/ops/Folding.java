package dev.arbor.ops;

import dev.arbor.backend.Window;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code unfold} (im2col: the sliding blocks of an image as columns) and its adjoint {@code fold}
 * (col2im: columns summed back into an image), as {@code torch.nn.functional.unfold} and {@code fold},
 * over two spatial dimensions as in PyTorch. Each is the other's backward.
 */
public final class Folding {
    private static final int DIMS = 2;

    private Folding() {}

    /**
     * The sliding blocks of {@code x} {@code [N, C, H, W]} (or {@code [C, H, W]}) as columns
     * {@code [N, C * kH * kW, L]} (or {@code [C * kH * kW, L]}), {@code L} the number of block positions.
     */
    public static Tensor unfold(Tensor x, long[] kernel, long[] dilation, long[] padding, long[] stride) {
        long trace = OpTraces.begin();
        Tensor out = computeUnfold(x, kernel, dilation, padding, stride);
        return trace < 0 ? out : OpTraces.end(trace, "im2col", out, x, kernel, dilation, padding, stride);
    }

    private static Tensor computeUnfold(Tensor x, long[] kernel, long[] dilation, long[] padding, long[] stride) {
        if (!WindowArgs.nonEmpty(x, 3)) {
            throw new IllegalArgumentException("unfold: Expected 3D or 4D (batch mode) tensor with possibly 0 batch size "
                    + "and other non-zero dimensions for input, but got: " + Shapes.str(x.shape()));
        }
        Tensor input = WindowArgs.batched("unfold", x, DIMS);
        Params p = Params.of("unfold", kernel, dilation, padding, stride);
        long[] in = WindowArgs.spatial(input.shape(), DIMS);
        long[] blocks = p.blocks(in);
        if (blocks[0] < 1 || blocks[1] < 1) {
            throw new IllegalArgumentException("Given input with spatial size " + WindowArgs.sizes(in, ", ")
                    + ", kernel_size=" + WindowArgs.sizes(p.kernel, ", ") + ", dilation=" + WindowArgs.sizes(p.dilation, ", ")
                    + ", padding=" + WindowArgs.sizes(p.padding, ", ") + ", calculated shape of the array of sliding "
                    + "blocks as " + WindowArgs.sizes(blocks, ", ") + ", but its components must be at least one.");
        }
        Window w = new Window(in, p.kernel, p.stride, p.padding, p.dilation, blocks);
        DType dtype = x.dtype();
        Tensor out = unfoldOp(input.to(WindowArgs.computeType("unfold", x)), w).to(dtype);
        return x.dim() == 3 ? out.squeeze(0) : out;
    }

    /**
     * Sums columns {@code [N, C * kH * kW, L]} (or {@code [C * kH * kW, L]}) into an image
     * {@code [N, C, *outputSize]}: the adjoint of {@link #unfold}.
     */
    public static Tensor fold(Tensor x, long[] outputSize, long[] kernel, long[] dilation, long[] padding,
                              long[] stride) {
        long trace = OpTraces.begin();
        Tensor out = computeFold(x, outputSize, kernel, dilation, padding, stride);
        return trace < 0 ? out : OpTraces.end(trace, "col2im", out, x, outputSize, kernel, dilation, padding, stride);
    }

    private static Tensor computeFold(Tensor x, long[] outputSize, long[] kernel, long[] dilation, long[] padding,
                                      long[] stride) {
        if (!WindowArgs.nonEmpty(x, 2)) {
            throw new IllegalArgumentException("fold: Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                    + "batch size and non-zero dimensions for input, but got: " + Shapes.str(x.shape()));
        }
        Tensor input = x.dim() == 2 ? x.unsqueeze(0) : x;
        Params p = Params.of("fold", kernel, dilation, padding, stride);
        long[] out = WindowArgs.expand("fold", "output_size", outputSize, DIMS);
        WindowArgs.atLeast("fold", "output_size", out, 1, "greater than zero");
        long taps = p.kernel[0] * p.kernel[1];
        if (input.size(1) % taps != 0) {
            throw new IllegalArgumentException("Expected size of input's dimension 1 to be divisible by the product of "
                    + "kernel_size, but got input.size(1)=" + input.size(1) + " and kernel_size="
                    + WindowArgs.sizes(p.kernel, ", ") + ".");
        }
        long[] blocks = p.blocks(out);
        long count = Math.max(0, blocks[0]) * Math.max(0, blocks[1]);
        if (blocks[0] < 1 || blocks[1] < 1 || input.size(2) != count) {
            throw new IllegalArgumentException("Given output_size=" + WindowArgs.sizes(out, ", ") + ", kernel_size="
                    + WindowArgs.sizes(p.kernel, ", ") + ", dilation=" + WindowArgs.sizes(p.dilation, ", ") + ", padding="
                    + WindowArgs.sizes(p.padding, ", ") + ", stride=" + WindowArgs.sizes(p.stride, ", ")
                    + ", expected size of input's dimension 2 to match the calculated number of sliding blocks "
                    + blocks[0] + " * " + blocks[1] + " = " + blocks[0] * blocks[1] + ", but got input.size(2)="
                    + input.size(2) + ".");
        }
        Window w = new Window(out, p.kernel, p.stride, p.padding, p.dilation, blocks);
        DType dtype = x.dtype();
        Tensor result = foldOp(input.to(WindowArgs.computeType("fold", x)), w, input.size(1) / taps).to(dtype);
        return x.dim() == 2 ? result.squeeze(0) : result;
    }

    private static Tensor unfoldOp(Tensor x, Window w) {
        Tensor out = SlidingWindows.im2col(x.detach(), w, 0);
        long channels = x.size(1);
        return Autograd.record("Im2ColBackward0", out, new Tensor[] {x}, g -> new Tensor[] {foldOp(g, w, channels)});
    }

    private static Tensor foldOp(Tensor columns, Window w, long channels) {
        Tensor out = SlidingWindows.col2im(columns.detach(), w, channels);
        return Autograd.record("Col2ImBackward0", out, new Tensor[] {columns}, g -> new Tensor[] {unfoldOp(g, w)});
    }

    /** Kernel, dilation, padding and stride, checked with PyTorch's messages. */
    private record Params(long[] kernel, long[] dilation, long[] padding, long[] stride) {
        static Params of(String op, long[] kernel, long[] dilation, long[] padding, long[] stride) {
            Params p = new Params(WindowArgs.expand(op, "kernel_size", kernel, DIMS),
                    WindowArgs.expand(op, "dilation", dilation, DIMS), WindowArgs.expand(op, "padding", padding, DIMS),
                    WindowArgs.expand(op, "stride", stride, DIMS));
            check(op, "kernel size should be greater than zero", "kernel", p.kernel, 1);
            check(op, "stride should be greater than zero", "stride", p.stride, 1);
            check(op, "dilation should be greater than zero", "dilation", p.dilation, 1);
            check(op, "padding should be non-negative", "pad", p.padding, 0);
            return p;
        }

        private static void check(String op, String rule, String name, long[] values, long min) {
            if (Arrays.stream(values).anyMatch(v -> v < min)) {
                throw new IllegalArgumentException(op + ": " + rule + ", but got " + name + "_height: " + values[0] + " "
                        + name + "_width: " + values[1]);
            }
        }

        /** The number of block positions along each dimension of an image of spatial size {@code in}. */
        long[] blocks(long[] in) {
            long[] out = new long[DIMS];
            for (int d = 0; d < DIMS; d++) {
                long span = in[d] + 2 * padding[d] - dilation[d] * (kernel[d] - 1) - 1;
                out[d] = span < 0 ? 0 : span / stride[d] + 1;
            }
            return out;
        }
    }
}
