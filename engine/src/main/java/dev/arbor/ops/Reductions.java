package dev.arbor.ops;

import dev.arbor.backend.ReduceOp;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;

/** Reductions over dimensions (sum, mean, prod, max/min, var, logsumexp, norm) and scans, with backward. */
public final class Reductions {
    private Reductions() {}

    /** The shape after reducing {@code dims}: size 1 there with keepdim, removed without. */
    static long[] reducedShape(long[] shape, int[] dims, boolean keepdim) {
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) {
            reduced[d] = true;
        }
        long[] out = new long[keepdim ? shape.length : shape.length - dims.length];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!reduced[i]) {
                out[j++] = shape[i];
            } else if (keepdim) {
                out[j++] = 1;
            }
        }
        return out;
    }

    /** Re-inserts reduced dimensions as size 1, so a reduced result broadcasts against the input. */
    static Tensor keepDims(Tensor reduced, long[] inputShape, int[] dims, boolean keepdim) {
        return keepdim ? reduced : reduced.reshape(reducedShape(inputShape, dims, true));
    }

    /** A reduction over {@code dimsIn} (empty: all) with its backward; see {@link Tensor#sum(int[], boolean)}. */
    public static Tensor reduce(ReduceOp op, Tensor x, int[] dimsIn, boolean keepdim) {
        long trace = OpTraces.begin();
        Tensor out = computeReduce(op, x, dimsIn, keepdim);
        if (trace < 0) {
            return out;
        }
        String name = switch (op) {
            case MAX -> "amax";
            case MIN -> "amin";
            default -> op.name().toLowerCase();
        };
        return OpTraces.end(trace, name, out, x, dimsIn, keepdim);
    }

    private static Tensor computeReduce(ReduceOp op, Tensor x, int[] dimsIn, boolean keepdim) {
        int[] dims = Shapes.wrapDims(op.name().toLowerCase(), dimsIn, x.shape());
        long[] shape = x.shape();
        if ((op == ReduceOp.MAX || op == ReduceOp.MIN) && x.numel() == 0) {
            throw new IllegalArgumentException((op == ReduceOp.MAX ? "max" : "min") + "(): Expected reduction dim to be "
                    + "specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        }
        DType outType = switch (op) {
            case SUM, PROD -> x.dtype().isFloatingPoint() || x.dtype() == DType.UINT64 ? x.dtype() : DType.INT64;
            // uint8 keeps its type, as PyTorch's any and all do for backward compatibility
            case ANY, ALL -> x.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL;
            default -> x.dtype();
        };
        if (x.dim() == 0) {
            Tensor out = x.to(outType).clone();
            return op == ReduceOp.ANY || op == ReduceOp.ALL ? out.detach() : out;
        }
        Tensor out = Tensor.empty(outType, x.device(), reducedShape(shape, dims, true));
        Transfer.backend(x).reduce(op, x.detach(), dims, out);
        Tensor result = keepdim ? out : out.detach().reshape(reducedShape(shape, dims, false));
        if (!outType.isFloatingPoint() || op == ReduceOp.ANY || op == ReduceOp.ALL) {
            return result;
        }
        boolean all = dimsIn.length == 0;
        String name = switch (op) {
            case SUM -> all ? "SumBackward0" : "SumBackward1";
            case PROD -> all ? "ProdBackward0" : "ProdBackward1";
            case MAX -> "AmaxBackward0";
            default -> "AminBackward0";
        };
        return Autograd.record(name, result, new Tensor[] {x}, g -> {
            Tensor gk = keepDims(g, shape, dims, keepdim);
            Tensor r = keepDims(result, shape, dims, keepdim);
            return new Tensor[] {switch (op) {
                case SUM -> gk.expand(shape);
                // the product of the others: out / x where x != 0; zeros handled by a direct product
                case PROD -> prodGrad(x, gk, r, dims);
                default -> {
                    // the gradient is shared evenly among the elements equal to the extreme
                    Tensor mask = x.eq(r).to(x.dtype());
                    yield gk.mul(mask).div(mask.sum(dims, true));
                }
            }};
        }, x, result);
    }

    /** The product of the other elements: out / x without zeros; with zeros, counted per slice. */
    private static Tensor prodGrad(Tensor x, Tensor gk, Tensor r, int[] dims) {
        Tensor zero = x.eq(0.0);
        Tensor safe = Tensor.where(zero, Tensor.onesLike(x), x);
        Tensor zeroCount = zero.to(x.dtype()).sum(dims, true);
        // one zero in a slice: that element gets the product of the rest; two or more: all get 0
        Tensor onlyZero = zero.logicalAnd(zeroCount.eq(1.0));
        Tensor prodOfRest = reduce(ReduceOp.PROD, safe, dims, true);
        return Tensor.where(onlyZero, gk.mul(prodOfRest),
                Tensor.where(zeroCount.gt(0.0), Tensor.zerosLike(x), gk.mul(r).div(safe)));
    }

    /** The mean of a floating tensor; see {@link Tensor#mean(int[], boolean)}. */
    public static Tensor mean(Tensor x, int[] dimsIn, boolean keepdim) {
        long trace = OpTraces.begin();
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating "
                    + "point or complex dtype. Got: " + x.dtype());
        }
        int[] dims = Shapes.wrapDims("mean", dimsIn, x.shape());
        long[] shape = x.shape();
        long count = 1;
        for (int d : dims) {
            count *= shape[d];
        }
        double n = count;
        Tensor out = Autograd.record(dimsIn.length == 0 ? "MeanBackward0" : "MeanBackward1",
                reduce(ReduceOp.SUM, x.detach(), dims, keepdim).div(n), new Tensor[] {x},
                g -> new Tensor[] {keepDims(g, shape, dims, keepdim).expand(shape).div(n)});
        return trace < 0 ? out : OpTraces.end(trace, "mean", out, x, dimsIn, keepdim);
    }

    /** max ({@code max} true) or min along {@code dim} with indices; see {@link Tensor#max(int, boolean)}. */
    public static Tensor.ValuesIndices maxMin(boolean max, Tensor x, int dim, boolean keepdim) {
        long trace = OpTraces.begin();
        Tensor indices = argReduce(max, x, dim, true);
        int d = Shapes.wrapDim((max ? "max" : "min"), dim, x.dim(), x.shape());
        Tensor values = x.gather(d, indices);
        if (!keepdim && x.dim() > 0) {
            values = values.squeeze(d);
            indices = indices.squeeze(d);
        }
        Tensor.ValuesIndices out = new Tensor.ValuesIndices(values, indices);
        return trace < 0 ? out : OpTraces.end(trace, max ? "max" : "min", out, x, dim, keepdim);
    }

    /** argmax ({@code max} true) or argmin along {@code dim}; see {@link Tensor#argmax(int, boolean)}. */
    public static Tensor argReduce(boolean max, Tensor x, int dim, boolean keepdim) {
        long trace = OpTraces.begin();
        Tensor out = computeArgReduce(max, x, dim, keepdim);
        return trace < 0 ? out : OpTraces.end(trace, max ? "argmax" : "argmin", out, x, dim, keepdim);
    }

    private static Tensor computeArgReduce(boolean max, Tensor x, int dim, boolean keepdim) {
        if (x.dim() == 0) {
            return Tensor.zeros(DType.INT64, x.device());
        }
        int d = Shapes.wrapDim((max ? "argmax" : "argmin"), dim, x.dim(), x.shape());
        if (x.size(d) == 0) {
            throw new IllegalArgumentException((max ? "argmax" : "argmin") + "(): Expected reduction dim " + d
                    + " to have non-zero size.");
        }
        long[] shape = x.shape();
        Tensor out = Tensor.empty(DType.INT64, x.device(), reducedShape(shape, new int[] {d}, true));
        Transfer.backend(x).argReduce(max, x.detach(), d, out);
        return keepdim ? out : out.reshape(reducedShape(shape, new int[] {d}, false));
    }

    /** The variance with {@code correction}; see {@link Tensor#var}. */
    public static Tensor var(Tensor x, int[] dimsIn, double correction, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("std and var only support floating point and complex dtypes, got "
                    + x.dtype() + " (input of shape " + Shapes.str(x.shape()) + ")");
        }
        int[] dims = Shapes.wrapDims("var", dimsIn, x.shape());
        long count = 1;
        for (int d : dims) {
            count *= x.shape()[d];
        }
        Tensor centered = x.sub(x.mean(dims, true));
        return centered.mul(centered).sum(dims, keepdim).div(Math.max(0, count - correction));
    }

    /** A stable {@code log(sum(exp(x)))}; see {@link Tensor#logsumexp}. */
    public static Tensor logsumexp(Tensor x, int[] dimsIn, boolean keepdim) {
        long trace = OpTraces.begin();
        int[] dims = Shapes.wrapDims("logsumexp", dimsIn, x.shape());
        Tensor m = x.detach().amax(dims, true);
        // an all -inf slice keeps its maximum from turning into NaN
        m = Tensor.where(m.isinf(), Tensor.zerosLike(m), m);
        Tensor r = x.sub(m).exp().sum(dims, true).log().add(m);
        Tensor out = keepdim ? r : r.reshape(reducedShape(x.shape(), dims, false));
        return trace < 0 ? out : OpTraces.end(trace, "logsumexp", out, x, dimsIn, keepdim);
    }

    /** The vector p-norm, as {@code torch.linalg.vector_norm}; see {@link Tensor#norm(double, int[], boolean)}. */
    public static Tensor norm(Tensor x, double p, int[] dimsIn, boolean keepdim) {
        long trace = OpTraces.begin();
        Tensor out = computeNorm(x, p, dimsIn, keepdim);
        return trace < 0 ? out : OpTraces.end(trace, "norm", out, x, p, dimsIn, keepdim);
    }

    private static Tensor computeNorm(Tensor x, double p, int[] dimsIn, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("linalg.vector_norm: Expected a floating point or complex tensor as input. "
                    + "Got " + x.dtype());
        }
        int[] dims = Shapes.wrapDims("norm", dimsIn, x.shape());
        if (Double.isInfinite(p)) {
            return p > 0 ? x.abs().amax(dims, keepdim) : x.abs().amin(dims, keepdim);
        }
        if (p == 0) {
            return x.ne(0.0).to(x.dtype()).sum(dims, keepdim);
        }
        if (p == 1) {
            return x.abs().sum(dims, keepdim);
        }
        if (p == 2) {
            // sqrt of the sum of squares, with a zero gradient (not NaN) at the origin as PyTorch gives
            Tensor sq = x.mul(x).sum(dims, keepdim);
            Tensor r = sq.detach().sqrt();
            Tensor keptR = keepDims(r, x.shape(), dims, keepdim);
            long[] xs = x.shape();
            return Autograd.record("NormBackward1", r.clone().detach(), new Tensor[] {x}, g -> {
                Tensor gk = keepDims(g, xs, dims, keepdim);
                Tensor scale = Tensor.where(keptR.eq(0.0), Tensor.zerosLike(keptR), keptR.reciprocal());
                return new Tensor[] {gk.mul(x).mul(scale)};
            }, x);
        }
        return x.abs().pow(p).sum(dims, keepdim).pow(1.0 / p);
    }

    /** cumprod ({@code product} true) or cumsum along {@code dim}, with backward; see {@link Tensor#cumsum}. */
    public static Tensor cumulative(boolean product, Tensor x, int dim) {
        long trace = OpTraces.begin();
        Tensor out = computeCumulative(product, x, dim);
        return trace < 0 ? out : OpTraces.end(trace, product ? "cumprod" : "cumsum", out, x, dim);
    }

    private static Tensor computeCumulative(boolean product, Tensor x, int dim) {
        int d = Shapes.wrapDim((product ? "cumprod" : "cumsum"), dim, x.dim(), x.shape());

        if (x.dim() == 0) {
            return x.clone();
        }
        DType outType = x.dtype().isFloatingPoint() || x.dtype() == DType.UINT64 ? x.dtype() : DType.INT64;
        Tensor out = Tensor.empty(outType, x.device(), x.shape());
        Transfer.backend(x).cumulative(product, x.detach(), d, out);
        if (!outType.isFloatingPoint()) {
            return out;
        }
        if (!product) {
            // d cumsum: reversed cumsum of the gradient
            return Autograd.record("CumsumBackward0", out, new Tensor[] {x}, g -> new Tensor[] {reverseCumsum(g, d)});
        }
        return Autograd.record("CumprodBackward0", out, new Tensor[] {x}, g -> new Tensor[] {cumprodGrad(x, out, g, d)},
                x, out);
    }

    /**
     * The gradient of cumprod, {@code sum_{j>=i} g_j prod_{k<=j, k!=i} x_k}, also where x has zeros:
     * before a slice's first zero it is {@code sum_{j>=i} g_j out_j / x_i}; at the first zero, the
     * same sum over the products with that zero replaced by one; after it, zero.
     */
    private static Tensor cumprodGrad(Tensor x, Tensor out, Tensor g, int d) {
        Tensor isZero = x.eq(0.0);
        Tensor zerosSoFar = isZero.cumsum(d);
        Tensor beforeZero = zerosSoFar.eq(0.0);
        Tensor firstZero = isZero.logicalAnd(zerosSoFar.eq(1.0));
        Tensor one = Tensor.onesLike(x);
        Tensor before = reverseCumsum(g.mul(out), d).div(Tensor.where(isZero, one, x));
        Tensor atZero = reverseCumsum(g.mul(Tensor.where(firstZero, one, x).cumprod(d)), d);
        return Tensor.where(beforeZero, before, Tensor.where(firstZero, atZero, Tensor.zerosLike(x)));
    }

    private static Tensor reverseCumsum(Tensor g, int d) {
        Tensor total = g.sum(d, true);
        return total.sub(g.cumsum(d)).add(g);
    }
}
