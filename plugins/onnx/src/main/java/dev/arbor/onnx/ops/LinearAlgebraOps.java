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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Einsum (any equation: implicit or explicit output, ellipses, repeated labels for diagonals), contracted
 * pairwise left to right with one batched matmul per pair after summing out labels nobody needs, and Det
 * (Gaussian elimination with partial pivoting, batched, in float64). Both are Tensor ops,
 * so they are differentiable.
 */
final class LinearAlgebraOps {
    private LinearAlgebraOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("Einsum", 12, LinearAlgebraOps::einsum);
        r.add("Det", 11, (ctx, in) -> one(det(ctx, ctx.tensor(in, 0))));
    }

    /** A tensor with one label per dimension. */
    private record Operand(Tensor t, List<Integer> labels) {
        long size(int label) {
            return t.size(labels.indexOf(label));
        }
    }

    private static List<Object> einsum(OpContext ctx, List<Object> in) {
        String equation = ctx.attributes().getString("equation", null);
        if (equation == null) {
            throw ctx.error("lacks the required attribute 'equation'");
        }
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            xs.add(ctx.tensor(in, i));
        }
        EinsumEquation eq;
        try {
            eq = EinsumEquation.parse(equation, xs.stream().mapToInt(Tensor::dim).toArray());
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
        List<Operand> ops = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            ops.add(diagonals(ctx, new Operand(xs.get(i), eq.inputs().get(i))));
        }
        Operand acc = null;
        for (int i = 0; i < ops.size(); i++) {
            Set<Integer> needed = new HashSet<>(eq.output());
            for (int j = i + 1; j < ops.size(); j++) {
                needed.addAll(ops.get(j).labels());
            }
            if (acc == null) {
                acc = ops.get(i);
                continue;
            }
            acc = contract(ctx, acc, ops.get(i), needed);
        }
        acc = sumOut(acc, new HashSet<>(eq.output()));
        int[] perm = eq.output().stream().mapToInt(acc.labels()::indexOf).toArray();
        return one(Values.as(acc.t().permute(perm), xs.getFirst().dtype()));
    }

    /** Keeps only the diagonal of every label that appears more than once in an operand. */
    private static Operand diagonals(OpContext ctx, Operand op) {
        Tensor t = op.t();
        List<Integer> labels = new ArrayList<>(op.labels());
        for (int i = 0; i < labels.size(); i++) {
            for (int j = labels.size() - 1; j > i; j--) {
                if (!labels.get(i).equals(labels.get(j))) {
                    continue;
                }
                long n = t.size(i);
                if (t.size(j) != n) {
                    throw ctx.error("a repeated label spans dimensions of sizes " + n + " and " + t.size(j));
                }
                long[] maskShape = new long[t.dim()];
                Arrays.fill(maskShape, 1);
                maskShape[i] = n;
                maskShape[j] = n;
                Tensor eye = Tensor.eye(n, n, t.dtype()).to(t.device());
                t = t.mul(eye.reshape(maskShape)).sum(j, false);
                labels.remove(j);
            }
        }
        return new Operand(t, labels);
    }

    /** Sums the dimensions whose labels are not in {@code keep}. */
    private static Operand sumOut(Operand op, Set<Integer> keep) {
        List<Integer> labels = op.labels();
        int[] dims = IntStream.range(0, labels.size()).filter(d -> !keep.contains(labels.get(d)))
                .toArray();
        if (dims.length == 0) {
            return op;
        }
        List<Integer> left = labels.stream().filter(keep::contains).toList();
        return new Operand(op.t().sum(dims, false), left);
    }

    /** Contracts two operands with one matmul, keeping the labels in {@code needed}. */
    private static Operand contract(OpContext ctx, Operand left, Operand right, Set<Integer> needed) {
        Set<Integer> keepA = new HashSet<>(needed);
        keepA.addAll(right.labels());
        Set<Integer> keepB = new HashSet<>(needed);
        keepB.addAll(left.labels());
        Operand a = sumOut(left, keepA);
        Operand b = sumOut(right, keepB);
        List<Integer> batch = new ArrayList<>();
        List<Integer> summed = new ArrayList<>();
        List<Integer> onlyA = new ArrayList<>();
        for (int label : a.labels()) {
            if (b.labels().contains(label)) {
                (needed.contains(label) ? batch : summed).add(label);
            } else {
                onlyA.add(label);
            }
        }
        List<Integer> onlyB = b.labels().stream().filter(l -> !a.labels().contains(l)).toList();
        long[] batchSizes = sharedSizes(ctx, a, b, batch);
        long[] summedSizes = sharedSizes(ctx, a, b, summed);
        long[] aSizes = onlyA.stream().mapToLong(a::size).toArray();
        long[] bSizes = onlyB.stream().mapToLong(b::size).toArray();
        Tensor at = arrange(a, batch, onlyA, summed, batchSizes, aSizes, summedSizes);
        Tensor bt = arrange(b, batch, summed, onlyB, batchSizes, summedSizes, bSizes);
        long nb = Shapes.numel(batchSizes);
        Tensor product = at.reshape(nb, Shapes.numel(aSizes), Shapes.numel(summedSizes))
                .matmul(bt.reshape(nb, Shapes.numel(summedSizes), Shapes.numel(bSizes)));
        List<Integer> labels = new ArrayList<>(batch);
        labels.addAll(onlyA);
        labels.addAll(onlyB);
        return new Operand(product.reshape(IndexingOps.concat(IndexingOps.concat(batchSizes, aSizes), bSizes)), labels);
    }

    /** The common size of labels both operands have (a size of 1 broadcasts). */
    private static long[] sharedSizes(OpContext ctx, Operand a, Operand b, List<Integer> labels) {
        long[] out = new long[labels.size()];
        for (int i = 0; i < out.length; i++) {
            long sa = a.size(labels.get(i));
            long sb = b.size(labels.get(i));
            if (sa != sb && sa != 1 && sb != 1) {
                throw ctx.error("a label spans dimensions of sizes " + sa + " and " + sb);
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** Permutes an operand's dimensions into three label groups and broadcasts them to the given sizes. */
    private static Tensor arrange(Operand op, List<Integer> g1, List<Integer> g2, List<Integer> g3, long[] s1,
                                  long[] s2, long[] s3) {
        List<Integer> order = new ArrayList<>(g1);
        order.addAll(g2);
        order.addAll(g3);
        int[] perm = order.stream().mapToInt(op.labels()::indexOf).toArray();
        return op.t().permute(perm).expand(IndexingOps.concat(IndexingOps.concat(s1, s2), s3));
    }

    /**
     * Determinants of the trailing square matrices by LU with partial pivoting: pivots are chosen on the
     * host, rows are swapped with gathers, and the Schur complement shrinks one step at a time.
     */
    private static Tensor det(OpContext ctx, Tensor x) {
        if (x.dim() < 2 || x.size(-1) != x.size(-2)) {
            throw ctx.error("the input must be [..., M, M], got shape " + shape(x));
        }
        if (!x.dtype().isFloatingPoint()) {
            throw ctx.error("the input must be a floating-point tensor, got " + x.dtype());
        }
        long n = x.size(-1);
        long[] batchShape = Arrays.copyOf(x.shape(), x.dim() - 2);
        long nb = Shapes.numel(batchShape);
        DType work = DType.FLOAT64;
        Tensor a = x.to(work).reshape(nb, n, n);
        Tensor det = Tensor.ones(work, nb).to(x.device());
        for (long k = 0; k < n; k++) {
            long m = n - k;
            Tensor column = a.select(2, 0).abs();
            long[] pivots = column.argmax(1, false).toLongArray();
            double[] signs = new double[(int) nb];
            long[] perm = new long[(int) (nb * m)];
            for (int b = 0; b < nb; b++) {
                signs[b] = pivots[b] == 0 ? 1 : -1;
                for (int row = 0; row < m; row++) {
                    perm[(int) (b * m + row)] = row == 0 ? pivots[b] : row == pivots[b] ? 0 : row;
                }
            }
            Tensor index = Tensor.of(perm, nb, m, 1).to(x.device()).expand(nb, m, m).contiguous();
            a = a.gather(1, index);
            Tensor pivot = a.select(1, 0).select(1, 0);
            det = det.mul(pivot).mul(Tensor.of(signs, work, nb).to(x.device()));
            if (m == 1) {
                break;
            }
            Tensor safePivot = Tensor.where(pivot.eq(0.0), Tensor.ones(work).to(x.device()), pivot);
            Tensor factors = a.narrow(1, 1, m - 1).select(2, 0).div(safePivot.unsqueeze(1));
            Tensor topRow = a.select(1, 0).narrow(1, 1, m - 1);
            a = a.narrow(1, 1, m - 1).narrow(2, 1, m - 1).sub(factors.unsqueeze(2).mul(topRow.unsqueeze(1)));
        }
        return det.reshape(batchShape).to(x.dtype());
    }
}
