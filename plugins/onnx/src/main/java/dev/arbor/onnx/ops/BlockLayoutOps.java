package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.AttentionMath.shape;
import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.longs;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.nn.functional.F;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that move blocks of pixels between layouts: CenterCropPad (18), Col2Im (18, any number of spatial
 * dimensions; {@link F#fold} for the 2-d symmetric-padding case) and MaxUnpool (9/11, with
 * {@code output_shape}).
 */
final class BlockLayoutOps {
    private BlockLayoutOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("CenterCropPad", 18, BlockLayoutOps::centerCropPad);
        r.add("Col2Im", 18, BlockLayoutOps::col2im);
        r.add("MaxUnpool", 9, BlockLayoutOps::maxUnpool);
    }

    /** Crops (or zero-pads) each listed axis to its target size around the centre, the odd pixel at the end. */
    private static List<Object> centerCropPad(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        long[] target = longs(ctx, in, 1);
        long[] axes = ctx.attributes().getInts("axes", null);
        if (axes == null) {
            axes = new long[x.dim()];
            Arrays.setAll(axes, i -> i);
        }
        if (axes.length != target.length) {
            throw ctx.error("shape has " + target.length + " entries for " + axes.length + " axes");
        }
        Tensor y = x;
        for (int i = 0; i < axes.length; i++) {
            int ax = axis(ctx, axes[i], x.dim());
            long dim = y.size(ax);
            long want = target[i];
            if (want < 0) {
                throw ctx.error("target size " + want + " is negative");
            }
            if (want < dim) {
                y = y.narrow(ax, (dim - want) / 2, want);
            } else if (want > dim) {
                long before = (want - dim) / 2;
                long[] beforeShape = y.shape();
                beforeShape[ax] = before;
                long[] afterShape = y.shape();
                afterShape[ax] = want - dim - before;
                y = Tensor.cat(List.of(Tensor.zeros(y.dtype(), y.device(), beforeShape), y,
                        Tensor.zeros(y.dtype(), y.device(), afterShape)), ax);
            }
        }
        return one(y);
    }

    /** Sums the columns {@code [N, C*prod(block), L]} of sliding blocks back into images {@code [N, C, image...]}. */
    private static List<Object> col2im(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        long[] image = longs(ctx, in, 1);
        long[] block = longs(ctx, in, 2);
        int k = image.length;
        var a = ctx.attributes();
        long[] dilations = a.getInts("dilations", filled(k, 1));
        long[] pads = a.getInts("pads", filled(2 * k, 0));
        long[] strides = a.getInts("strides", filled(k, 1));
        if (block.length != k || dilations.length != k || strides.length != k || pads.length != 2 * k) {
            throw ctx.error("image_shape, block_shape, dilations, strides (and half of pads) must have one length");
        }
        long kernel = Shapes.numel(block);
        if (x.dim() != 3 || kernel == 0 || x.size(1) % kernel != 0) {
            throw ctx.error("the input must be [N, C*" + kernel + ", L], got shape " + shape(x));
        }
        long[] blocks = new long[k];
        for (int i = 0; i < k; i++) {
            blocks[i] = (image[i] + pads[i] + pads[i + k] - dilations[i] * (block[i] - 1) - 1) / strides[i] + 1;
            if (blocks[i] < 1) {
                throw ctx.error("no sliding block fits dimension " + i + " of the image");
            }
        }
        if (x.size(2) != Shapes.numel(blocks)) {
            throw ctx.error("the input has " + x.size(2) + " blocks, the shapes give " + Shapes.numel(blocks));
        }
        if (k == 2 && pads[0] == pads[2] && pads[1] == pads[3]) {
            return one(F.fold(x, image, block, dilations, new long[] {pads[0], pads[1]}, strides));
        }
        long n = x.size(0);
        long c = x.size(1) / kernel;
        long[] imageStrides = IndexingOps.strides(image);
        long[] blockStrides = IndexingOps.strides(block);
        long[] colStrides = IndexingOps.strides(blocks);
        long cols = x.size(2);
        List<Long> sources = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        for (long off = 0; off < kernel; off++) {
            for (long col = 0; col < cols; col++) {
                long target = 0;
                boolean inside = true;
                for (int i = 0; i < k && inside; i++) {
                    long pos = (col / colStrides[i]) % blocks[i] * strides[i] - pads[i]
                            + (off / blockStrides[i]) % block[i] * dilations[i];
                    inside = pos >= 0 && pos < image[i];
                    target += pos * imageStrides[i];
                }
                if (inside) {
                    sources.add(off * cols + col);
                    targets.add(target);
                }
            }
        }
        Tensor picked = x.reshape(n, c, kernel * cols)
                .indexSelect(2, Tensor.of(sources.stream().mapToLong(Long::longValue).toArray()).to(x.device()));
        Tensor out = Tensor.zeros(x.dtype(), x.device(), n, c, Shapes.numel(image))
                .indexAdd(2, Tensor.of(targets.stream().mapToLong(Long::longValue).toArray()).to(x.device()), picked);
        return one(out.reshape(IndexingOps.concat(new long[] {n, c}, image)));
    }

    private static long[] filled(int n, long v) {
        long[] out = new long[n];
        Arrays.fill(out, v);
        return out;
    }

    /**
     * Places each value at its MaxPool index (flat over the whole tensor, as MaxPool's Indices output) in an
     * output of the size the pooling came from; an {@code output_shape} larger than that pads with zeros at the
     * end of each spatial axis, as the ONNX reference does.
     */
    private static List<Object> maxUnpool(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        Tensor indices = ctx.tensor(in, 1);
        var a = ctx.attributes();
        int k = x.dim() - 2;
        long[] kernel = a.getInts("kernel_shape", null);
        if (k < 1 || k > 3 || kernel == null || kernel.length != k) {
            throw ctx.error("a [N, C, 1 to 3 spatial dims] input and a matching kernel_shape are needed, got "
                    + shape(x));
        }
        if (!Arrays.equals(indices.shape(), x.shape())) {
            throw ctx.error("indices " + shape(indices) + " must have the input's shape " + shape(x));
        }
        long[] strides = a.getInts("strides", filled(k, 1));
        long[] pads = a.getInts("pads", filled(2 * k, 0));
        long[] natural = new long[k];
        for (int i = 0; i < k; i++) {
            natural[i] = (x.size(2 + i) - 1) * strides[i] - pads[i] - pads[i + k] + kernel[i];
        }
        long n = x.size(0);
        long c = x.size(1);
        long plane = Shapes.numel(natural);
        // MaxPool's indices count over batch and channel too; the unpooling works per plane
        Tensor planeBase = Tensor.arange(0, n * c, 1, DType.INT64).mul(Tensor.scalar(plane, DType.INT64))
                .reshape(IndexingOps.concat(new long[] {n, c}, filled(k, 1))).to(x.device());
        Tensor local = indices.to(DType.INT64).sub(planeBase);
        if (local.numel() > 0 && (local.min().itemLong() < 0 || local.max().itemLong() >= plane)) {
            throw ctx.error("an index falls outside its " + Shapes.str(natural) + " plane");
        }
        long[] zeros = filled(k, 0);
        Tensor y = switch (k) {
            case 1 -> F.maxUnpool1d(x, local, kernel, strides, zeros, natural);
            case 2 -> F.maxUnpool2d(x, local, kernel, strides, zeros, natural);
            default -> F.maxUnpool3d(x, local, kernel, strides, zeros, natural);
        };
        if (in.size() > 2 && in.get(2) != null) {
            long[] requested = longs(ctx, in, 2);
            if (requested.length != x.dim()) {
                throw ctx.error("output_shape must have " + x.dim() + " entries, got " + requested.length);
            }
            for (int i = 0; i < k; i++) {
                long extra = requested[2 + i] - natural[i];
                if (extra < 0) {
                    throw ctx.error("output_shape " + Shapes.str(requested) + " is smaller than the unpooled size "
                            + Shapes.str(natural));
                }
                if (extra > 0) {
                    long[] padShape = y.shape();
                    padShape[2 + i] = extra;
                    y = Tensor.cat(List.of(y, Tensor.zeros(y.dtype(), y.device(), padShape)), 2 + i);
                }
            }
        }
        return one(y);
    }
}
