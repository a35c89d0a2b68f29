package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.AttentionMath.shape;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GridSample (opset 16: 2-d with PyTorch's mode names; from 20: any number of spatial dimensions, modes
 * linear/nearest/cubic) and AffineGrid (20). Coordinates are un-normalised per {@code align_corners} and
 * rounded half to even for nearest (the backend suite's 3-d cases expect that too); each tap's pixel is read
 * with the padding mode. The ONNX reference also folds an out-of-border coordinate back by the padding mode
 * first, which changes nothing for nearest and linear but moves cubic's taps; cubic follows PyTorch and ONNX
 * Runtime instead (taps around the unfolded coordinate), so models exported from PyTorch keep their values.
 * All taps are one gather, weighted by Tensor ops, so gradients reach both the input and the grid.
 */
final class GridSampleOps {
    private GridSampleOps() {}

    /** Keys' cubic convolution constant. */
    private static final double CUBIC_A = -0.75;

    static void register(OnnxOps.Registrar r) {
        r.add("GridSample", 16, GridSampleOps::gridSample);
        r.add("AffineGrid", 20, GridSampleOps::affineGrid);
    }

    private enum Padding { ZEROS, BORDER, REFLECTION }

    /** One dimension's taps: integer positions (as floats) and their weights, each {@code [N, P]}. */
    private record Taps(List<Tensor> positions, List<Tensor> weights) {}

    private static List<Object> gridSample(OpContext ctx, List<Object> in) {
        var a = ctx.attributes();
        Tensor x = ctx.tensor(in, 0);
        Tensor grid = ctx.tensor(in, 1);
        int k = x.dim() - 2;
        if (k < 1 || grid.dim() != x.dim() || grid.size(-1) != k || grid.size(0) != x.size(0)) {
            throw ctx.error("X [N, C, D1..Dk] needs a grid [N, O1..Ok, k], got " + shape(x) + " and " + shape(grid));
        }
        if (ctx.opset() < 20 && k != 2) {
            throw ctx.error("before opset 20 GridSample takes 4-d inputs, got " + shape(x));
        }
        String mode = switch (a.getString("mode", ctx.opset() >= 20 ? "linear" : "bilinear")) {
            case "linear", "bilinear" -> "linear";
            case "cubic", "bicubic" -> "cubic";
            case "nearest" -> "nearest";
            default -> throw ctx.error("unknown mode '" + a.getString("mode", "") + "'");
        };
        Padding padding = switch (a.getString("padding_mode", "zeros")) {
            case "zeros" -> Padding.ZEROS;
            case "border" -> Padding.BORDER;
            case "reflection" -> Padding.REFLECTION;
            default -> throw ctx.error("unknown padding_mode '" + a.getString("padding_mode", "") + "'");
        };
        boolean alignCorners = a.getInt("align_corners", 0) != 0;
        long n = x.size(0);
        long c = x.size(1);
        long[] outSpatial = Arrays.copyOfRange(grid.shape(), 1, grid.dim() - 1);
        long points = Shapes.numel(outSpatial);
        DType work = AttentionMath.computeType(x.dtype());
        Tensor g = grid.to(work).reshape(n, points, k);
        long[] dims = Arrays.copyOfRange(x.shape(), 2, x.dim());
        long[] strides = IndexingOps.strides(dims);

        // per spatial dimension: taps of [N, P] positions and weights; the grid's last axis is (x, y, z...)
        List<Taps> perDim = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            long size = dims[i];
            double lo = alignCorners ? 0 : -0.5;
            double hi = alignCorners ? size - 1 : size - 0.5;
            Tensor coord = g.select(2, k - 1 - i);
            coord = alignCorners ? coord.add(1.0).mul((size - 1) / 2.0) : coord.add(1.0).mul(size).sub(1.0).div(2.0);
            if (mode.equals("nearest")) {
                coord = coord.round();
            }
            if (padding != Padding.ZEROS && !mode.equals("cubic")) {
                Tensor outside = coord.lt(lo).logicalOr(coord.gt(hi));
                Tensor folded = padding == Padding.BORDER ? coord.clamp(0.0, (double) (size - 1))
                        : reflect(coord, lo, hi);
                coord = Tensor.where(outside, folded, coord);
            }
            perDim.add(taps(mode, coord));
        }

        // every combination of one tap per dimension: a flat index into [D1..Dk] and a weight
        List<Tensor> indices = new ArrayList<>();
        List<Tensor> weights = new ArrayList<>();
        combine(perDim, 0, null, null, dims, strides, padding, alignCorners, indices, weights);
        int taps = indices.size();
        Tensor flatIndex = Tensor.cat(indices, 1);
        Tensor flatX = x.to(work).reshape(n, c, -1);
        Tensor gathered = flatX.gather(2, flatIndex.unsqueeze(1).expand(n, c, taps * points).contiguous());
        Tensor w = Tensor.cat(weights, 1).reshape(n, 1, taps, points);
        Tensor y = gathered.reshape(n, c, taps, points).mul(w).sum(2, false);
        return one(y.reshape(IndexingOps.concat(new long[] {n, c}, outSpatial)).to(x.dtype()));
    }

    /** The taps a mode reads around each coordinate. */
    private static Taps taps(String mode, Tensor coord) {
        List<Tensor> pos = new ArrayList<>();
        List<Tensor> w = new ArrayList<>();
        switch (mode) {
            case "nearest" -> {
                pos.add(coord.detach());
                w.add(Tensor.onesLike(coord));
            }
            case "linear" -> {
                Tensor x0 = coord.floor();
                Tensor t = coord.sub(x0);
                pos.add(x0);
                pos.add(x0.add(1.0));
                w.add(t.rsub(1.0));
                w.add(t);
            }
            default -> {
                Tensor x0 = coord.floor();
                Tensor t = coord.sub(x0);
                for (int j = -1; j <= 2; j++) {
                    pos.add(x0.add((double) j));
                    w.add(cubicWeight(t.sub((double) j).abs()));
                }
            }
        }
        return new Taps(pos, w);
    }

    /** Keys' cubic kernel at distance {@code d} (0 <= d < 2). */
    private static Tensor cubicWeight(Tensor d) {
        Tensor near = d.mul(CUBIC_A + 2).sub(CUBIC_A + 3).mul(d).mul(d).add(1.0);
        Tensor far = d.mul(CUBIC_A).sub(5 * CUBIC_A).mul(d).add(8 * CUBIC_A).mul(d).sub(4 * CUBIC_A);
        return Tensor.where(d.le(1.0), near, far);
    }

    /** Recursively forms every tap combination (one tap per dimension) as a flat index and a weight. */
    private static void combine(List<Taps> perDim, int dim, Tensor index, Tensor weight, long[] dims, long[] strides,
                                Padding padding, boolean alignCorners, List<Tensor> indices, List<Tensor> weights) {
        if (dim == perDim.size()) {
            indices.add(index);
            weights.add(weight);
            return;
        }
        Taps t = perDim.get(dim);
        long size = dims[dim];
        for (int j = 0; j < t.positions().size(); j++) {
            Tensor pos = t.positions().get(j).detach();
            Tensor w = t.weights().get(j);
            Tensor read;
            switch (padding) {
                case ZEROS -> {
                    Tensor inside = pos.ge(0.0).logicalAnd(pos.lt((double) size));
                    w = Tensor.where(inside, w, Tensor.zeros(w.dtype(), w.device()));
                    read = pos.clamp(0.0, (double) (size - 1));
                }
                case BORDER -> read = pos.clamp(0.0, (double) (size - 1));
                default -> read = reflect(pos, alignCorners ? 0 : -0.5, alignCorners ? size - 1 : size - 0.5)
                        .trunc().clamp(0.0, (double) (size - 1));
            }
            Tensor flat = read.to(DType.INT64).mul(Tensor.scalar(strides[dim], DType.INT64));
            combine(perDim, dim + 1, index == null ? flat : index.add(flat), weight == null ? w : weight.mul(w), dims,
                    strides, padding, alignCorners, indices, weights);
        }
    }

    /** Reflects coordinates into {@code [lo, hi]} by the nearer border, repeatedly (the ONNX reference's rule). */
    private static Tensor reflect(Tensor x, double lo, double hi) {
        double range = hi - lo;
        if (range <= 0) {
            return Tensor.fullLike(x, lo);
        }
        Tensor below = x.lt(lo);
        Tensor above = x.gt(hi);
        Tensor dx = Tensor.where(below, x.rsub(lo), x.sub(hi));
        Tensor flips = dx.div(range).trunc();
        Tensor r = dx.sub(flips.mul(range));
        Tensor even = flips.sub(flips.div(2.0).floor().mul(2.0)).eq(0.0);
        Tensor fromBelow = Tensor.where(even, r.add(lo), r.rsub(hi));
        Tensor fromAbove = Tensor.where(even, r.rsub(hi), r.add(lo));
        return Tensor.where(below, fromBelow, Tensor.where(above, fromAbove, x));
    }

    /**
     * AffineGrid: the sampling grid {@code theta} maps the output's normalised coordinates to,
     * {@code [N, H, W, 2]} for {@code theta [N, 2, 3]} and {@code [N, D, H, W, 3]} for {@code [N, 3, 4]}.
     */
    private static List<Object> affineGrid(OpContext ctx, List<Object> in) {
        Tensor theta = ctx.tensor(in, 0);
        long[] size = Values.longs(ctx, in, 1);
        boolean alignCorners = ctx.attributes().getInt("align_corners", 0) != 0;
        int k = size.length - 2;
        if ((k != 2 && k != 3) || theta.dim() != 3 || theta.size(1) != k || theta.size(2) != k + 1
                || theta.size(0) != size[0]) {
            throw ctx.error("theta [N, 2, 3] with size [N, C, H, W], or [N, 3, 4] with [N, C, D, H, W], expected; got "
                    + shape(theta) + " and " + Shapes.str(size));
        }
        long[] spatial = Arrays.copyOfRange(size, 2, size.length);
        long points = Shapes.numel(spatial);
        DType work = AttentionMath.computeType(theta.dtype());
        // homogeneous base coordinates (x, y[, z], 1) for every output point, x varying fastest
        double[] base = new double[(int) (points * (k + 1))];
        long[] strides = IndexingOps.strides(spatial);
        for (long p = 0; p < points; p++) {
            for (int i = 0; i < k; i++) {
                int dim = k - 1 - i;
                long idx = (p / strides[dim]) % spatial[dim];
                base[(int) (p * (k + 1) + i)] = normalised(idx, spatial[dim], alignCorners);
            }
            base[(int) (p * (k + 1) + k)] = 1;
        }
        Tensor baseT = Tensor.of(base, work, 1, points, k + 1).to(theta.device());
        Tensor grid = baseT.matmul(theta.to(work).transpose(1, 2));
        return one(grid.reshape(IndexingOps.concat(IndexingOps.concat(new long[] {size[0]}, spatial), new long[] {k}))
                .to(theta.dtype()));
    }

    /** Pixel {@code i} of {@code n} in [-1, 1]: corner centres when aligned, else pixel centres of the full extent. */
    private static double normalised(long i, long n, boolean alignCorners) {
        if (alignCorners) {
            return n == 1 ? -1 : -1 + 2.0 * i / (n - 1);
        }
        return (2.0 * i + 1) / n - 1;
    }
}
