package dev.arbor.ops;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Padding, as {@code torch.nn.functional.pad}: {@code pad} lists (before, after) amounts starting from
 * the last dimension ({@code (left, right, top, bottom, ...)}); negative amounts crop.
 *
 * <p>{@code constant} pads any dimensions of any dtype with a value. {@code reflect} (mirror without
 * repeating the edge), {@code replicate} (repeat the edge) and {@code circular} (wrap around) pad the
 * last one, two or three dimensions of an input with one or two more dimensions than that, as in
 * PyTorch 1.13; they gather the source index of every output position, so their backward is the
 * matching index_add.
 */
public final class Padding {
    private Padding() {}

    /**
     * Pads {@code x}.
     *
     * @param mode  {@code constant}, {@code reflect}, {@code replicate} or {@code circular}
     * @param value the fill value of {@code constant} mode; null (or 0) for the other modes
     */
    public static Tensor pad(Tensor x, long[] pad, String mode, Double value) {
        long trace = OpTraces.begin();
        Tensor out = computePad(x, pad, mode, value);
        return trace < 0 ? out : OpTraces.end(trace, "pad", out, x, pad, mode, value);
    }

    private static Tensor computePad(Tensor x, long[] pad, String mode, Double value) {
        if (pad.length % 2 != 0) {
            throw new IllegalArgumentException("Padding length must be divisible by 2 (pad " + Arrays.toString(pad) + ")");
        }
        if (pad.length / 2 > x.dim()) {
            throw new IllegalArgumentException("Padding length too large (pad " + Arrays.toString(pad) + " for input of "
                    + "shape " + Shapes.str(x.shape()) + ")");
        }
        String m = mode.toLowerCase(Locale.ROOT);
        if (m.equals("constant")) {
            return constant(x, pad, value == null ? 0 : value);
        }
        if (!m.equals("reflect") && !m.equals("replicate") && !m.equals("circular")) {
            throw new IllegalArgumentException("Unrecognised padding mode " + mode
                    + " (expected constant, reflect, replicate or circular)");
        }
        if (value != null && value != 0) {
            throw new IllegalArgumentException("Padding mode \"" + m + "\" doesn't take in value argument");
        }
        int padded = pad.length / 2;
        if (padded < 1 || padded > 3 || (x.dim() != padded + 1 && x.dim() != padded + 2)) {
            throw new UnsupportedOperationException("Only 2D, 3D, 4D, 5D padding with non-constant padding are "
                    + "supported for now (" + m + " padding " + Arrays.toString(pad) + " of an input of shape "
                    + Shapes.str(x.shape()) + ")");
        }
        long[][] sources = new long[padded][];
        long[] shape = x.shape();
        for (int i = 0; i < padded; i++) {
            int dim = x.dim() - 1 - i;
            sources[i] = sources(m, x, dim, pad[2 * i], pad[2 * i + 1]);
            shape[dim] = sources[i].length;
        }
        if (x.numel() == 0) {
            return Tensor.zeros(x.dtype(), x.device(), shape);
        }
        Tensor out = x;
        for (int i = 0; i < padded; i++) {
            out = out.indexSelect(x.dim() - 1 - i, Tensor.of(sources[i]).to(x.device()));
        }
        return out;
    }

    /** The source position of every output position along {@code dim}, checked as PyTorch checks. */
    private static long[] sources(String mode, Tensor x, int dim, long before, long after) {
        long size = x.size(dim);
        long length = size + before + after;
        String what = mode + " padding (" + before + ", " + after + ") at dimension " + dim + " of input "
                + Shapes.str(x.shape());
        if (size == 0 || length < 0) {
            throw new IllegalArgumentException("input (size " + size + ") is too small for " + what
                    + ": the output size would be " + length);
        }
        if (mode.equals("reflect") && (before >= size || after >= size)) {
            throw new IllegalArgumentException("Padding size should be less than the corresponding input dimension, "
                    + "but got: " + what);
        }
        // circular padding wraps what is left after cropping, as PyTorch's does
        long cropBefore = Math.max(-before, 0);
        long kept = size - cropBefore - Math.max(-after, 0);
        if (mode.equals("circular") && length > 0 && (before > kept || after > kept)) {
            throw new IllegalArgumentException("Padding value causes wrapping around more than once (" + what + ")");
        }
        long[] src = new long[Math.toIntExact(length)];
        for (int i = 0; i < src.length; i++) {
            long p = i - before;
            src[i] = switch (mode) {
                case "reflect" -> p < 0 ? -p : p >= size ? 2 * (size - 1) - p : p;
                case "replicate" -> Math.min(Math.max(p, 0), size - 1);
                default -> cropBefore + Math.floorMod(i - Math.max(before, 0), kept);
            };
        }
        return src;
    }

    /** Constant padding; its backward is constant padding of the gradient by the negated amounts. */
    private static Tensor constant(Tensor x, long[] pad, double value) {
        long[] shape = x.shape();
        Tensor src = x.detach();
        int[] dims = new int[pad.length / 2];
        long[] destinationStart = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int dim = x.dim() - 1 - i;
            long before = pad[2 * i];
            long after = pad[2 * i + 1];
            long size = shape[dim] + before + after;
            if (size < 0) {
                throw new IllegalArgumentException("The input size " + shape[dim] + ", plus negative padding " + before
                        + " and " + after + " resulted in a negative output size, which is invalid. Check dimension "
                        + dim + " of your input (shape " + Shapes.str(x.shape()) + ").");
            }
            // crop first, then place the kept part after the positive leading padding
            long cropBefore = Math.min(Math.max(-before, 0), shape[dim]);
            long kept = Math.max(0, shape[dim] - cropBefore - Math.max(-after, 0));
            src = src.narrow(dim, cropBefore, kept);
            dims[i] = dim;
            destinationStart[i] = Math.max(before, 0);
            shape[dim] = size;
        }
        Tensor out = Tensor.full(value, x.dtype(), x.device(), shape);
        Tensor region = out;
        for (int i = 0; i < dims.length; i++) {
            region = region.narrow(dims[i], destinationStart[i], src.size(dims[i]));
        }
        Transfer.backend(out).copy(src, region);
        long[] negated = new long[pad.length];
        for (int i = 0; i < pad.length; i++) {
            negated[i] = -pad[i];
        }
        return Autograd.record("ConstantPadNdBackward0", out, new Tensor[] {x},
                g -> new Tensor[] {constant(g, negated, 0)});
    }
}
