package dev.arbor.onnx.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.List;

/**
 * Padding of one axis, as ONNX's Pad defines it: constant, reflect, edge and wrap modes, and negative
 * amounts that crop. Built from index_select and cat, so it is differentiable on every backend.
 */
final class Padding {
    private Padding() {}

    /** Pads (or, for negative amounts, crops) {@code axis} of {@code x} by {@code before} and {@code after}. */
    static Tensor pad(Tensor x, int axis, long before, long after, String mode, double value) {
        Tensor y = x;
        if (before < 0) {
            y = y.narrow(axis, -before, y.size(axis) + before);
            before = 0;
        }
        if (after < 0) {
            y = y.narrow(axis, 0, y.size(axis) + after);
            after = 0;
        }
        if (before == 0 && after == 0) {
            return y;
        }
        long n = y.size(axis);
        if (mode.equals("constant")) {
            long[] shape = y.shape();
            shape[axis] = before;
            Tensor head = Tensor.full(value, y.dtype(), y.device(), shape);
            shape[axis] = after;
            Tensor tail = Tensor.full(value, y.dtype(), y.device(), shape);
            return Tensor.cat(List.of(head, y, tail), axis);
        }
        if (n == 0) {
            throw new IllegalArgumentException(mode + " padding of an empty axis");
        }
        long[] idx = new long[(int) (before + n + after)];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = source(i - before, n, mode);
        }
        return y.indexSelect(axis, Tensor.of(idx).to(y.device()));
    }

    /** The input position an output position {@code p} (relative to the unpadded start) reads. */
    private static long source(long p, long n, String mode) {
        return switch (mode) {
            case "edge" -> Math.min(Math.max(p, 0), n - 1);
            case "wrap" -> Math.floorMod(p, n);
            case "reflect" -> {
                if (n == 1) {
                    yield 0;
                }
                long period = 2 * (n - 1);
                long q = Math.floorMod(p, period);
                yield q < n ? q : period - q;
            }
            default -> throw new UnsupportedOperationException("pad mode '" + mode + "' is not supported");
        };
    }

    /** The lowest value of a dtype, the padding max pooling ignores. */
    static double lowest(DType dtype) {
        return switch (dtype) {
            case FLOAT32, FLOAT64, FLOAT16, BFLOAT16 -> Double.NEGATIVE_INFINITY;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }
}
