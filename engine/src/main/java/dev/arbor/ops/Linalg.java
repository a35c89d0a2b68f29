package dev.arbor.ops;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/** Matrix products: {@code matmul} with NumPy's rules, {@code mm} and {@code bmm}. */
public final class Linalg {
    private Linalg() {}

    /** As {@code torch.mm}: 2-d operands; see {@link Tensor#mm}. */
    public static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: expected 2-D tensors, got shapes " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()));
        }
        return matmul(a, b);
    }

    /** As {@code torch.bmm}: 3-d operands with equal batch sizes; see {@link Tensor#bmm}. */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3 || a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("bmm: expected 3-D tensors with equal batch sizes, got shapes "
                    + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        }
        return matmul(a, b);
    }

    /** As {@code torch.matmul}: 1-d operands, batch broadcasting, and the backward; see {@link Tensor#matmul}. */
    public static Tensor matmul(Tensor a, Tensor b) {
        long trace = OpTraces.begin();
        Transfer.sameDevice("matmul", a, b);
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are "
                    + a.dim() + "D and " + b.dim() + "D");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("expected m1 and m2 to have the same dtype, but got: " + a.dtype()
                    + " != " + b.dtype());
        }
        Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = b.dim() == 1 ? b.unsqueeze(1) : b;
        long k = a2.size(-1);
        if (b2.size(-2) != k) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + rows(a2) + "x" + k + " and "
                    + b2.size(-2) + "x" + b2.size(-1) + ") (matmul of " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()) + ")");
        }
        Tensor out = a.dtype().isFloatingPoint() ? batched(a2, b2) : exactIntegerProduct(a2, b2);
        if (a.dim() == 1) {
            out = out.squeeze(-2);
        }
        if (b.dim() == 1) {
            out = out.squeeze(-1);
        }
        return trace < 0 ? out : OpTraces.end(trace, "matmul", out, a, b);
    }

    /**
     * Integer (and bool) products computed exactly, wrapping as int64 arithmetic does, from a broadcast
     * multiply and a sum over the shared dimension (a float GEMM would round above 2<sup>53</sup>).
     */
    private static Tensor exactIntegerProduct(Tensor a, Tensor b) {
        Elementwise.broadcast("matmul (batch dimensions of " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()) + ")",
                Arrays.copyOf(a.shape(), a.dim() - 2), Arrays.copyOf(b.shape(), b.dim() - 2));
        return a.unsqueeze(-1).mul(b.unsqueeze(-3)).sum(-2, false).to(a.dtype());
    }

    private static long rows(Tensor t) {
        return t.numel() / Math.max(1, t.size(-1));
    }

    /** The product of two tensors of rank 2 or more, batch dimensions broadcast, with backward. */
    private static Tensor batched(Tensor a, Tensor b) {
        long[] as = a.shape();
        long[] bs = b.shape();
        long[] batch = Elementwise.broadcast("matmul (batch dimensions of " + Shapes.str(as) + " and " + Shapes.str(bs) + ")",
                Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        long m = as[as.length - 2];
        long k = as[as.length - 1];
        long n = bs[bs.length - 1];
        long batchSize = Shapes.numel(batch);
        Tensor a3;
        Tensor b3;
        Tensor out;
        DType dtype = a.dtype();
        DType compute = dtype == DType.FLOAT64 ? DType.FLOAT64 : dtype.isFloatingPoint() ? DType.FLOAT32 : DType.FLOAT64;
        if (bs.length == 2 && batchSize > 1) {
            // one matrix for every batch element: one [batch * m, k] @ [k, n] product, as PyTorch folds the
            // batch into the rows, instead of batchSize small ones
            a3 = flattenBatch(a.detach(), 1, batchSize * m, k);
            b3 = b.detach().unsqueeze(0);
            out = Tensor.empty(compute, a.device(), 1, batchSize * m, n);
        } else {
            a3 = flattenBatch(a.detach().expand(concat(batch, m, k)), batchSize, m, k);
            b3 = flattenBatch(b.detach().expand(concat(batch, k, n)), batchSize, k, n);
            out = Tensor.empty(compute, a.device(), batchSize, m, n);
        }
        Transfer.backend(a).matmul(a3.to(compute), b3.to(compute), out);
        Tensor result = out.view(concat(batch, m, n)).to(dtype);
        if (!dtype.isFloatingPoint()) {
            return result;
        }
        return Autograd.record("MmBackward0", result.detach(), new Tensor[] {a, b}, g -> new Tensor[] {
            a.requiresGrad() ? Elementwise.sumToShape(g.matmul(b.transpose(-1, -2)), as) : null,
            b.requiresGrad() ? Elementwise.sumToShape(a.transpose(-1, -2).matmul(g), bs) : null}, a, b);
    }

    /** A [batch..., r, c] view as [B, r, c]: a view when the batch dimensions merge, a copy otherwise. */
    private static Tensor flattenBatch(Tensor t, long batchSize, long r, long c) {
        long[] strides = Views.viewStrides(t.shape(), t.strides(), new long[] {batchSize, r, c});
        if (strides != null) {
            return Tensor.wrap(t.storage(), t.dtype(), new long[] {batchSize, r, c}, strides, t.offset());
        }
        return t.contiguous().view(batchSize, r, c);
    }

    private static long[] concat(long[] batch, long r, long c) {
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = r;
        out[batch.length + 1] = c;
        return out;
    }
}
