package dev.arbor.ops;

import dev.arbor.backend.Clamp;
import dev.arbor.backend.FusedKernels;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/** linear ({@code x W^T + b}) and bilinear ({@code x1^T W_o x2 + b_o}) maps over the last dimension. */
public final class LinearMaps {
    private LinearMaps() {}

    /** {@code x @ weight^T + bias}: x {@code [*, in]}, weight {@code [out, in]} (or {@code [in]}), bias {@code [out]}. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return linear(x, weight, bias, Clamp.NONE);
    }

    /**
     * {@code clamp(x @ weight^T + bias)}: a linear layer and the ReLU after it, one fused kernel where no
     * gradient is recorded, no tracer listens and the backend has it (float32 or float64, a 2-d weight,
     * a 1-d bias of one dtype and device), the separate ops otherwise.
     *
     * @param clamp the bounds of the output, {@link Clamp#NONE} for none
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias, Clamp clamp) {
        if (weight.dim() > 2) {
            throw new IllegalArgumentException("linear: weight must be 1-D or 2-D, got shape "
                    + Shapes.str(weight.shape()));
        }
        if (fuses(x, weight, bias)) {
            long[] shape = x.shape();
            long rows = Shapes.numel(shape) / shape[shape.length - 1];
            shape[shape.length - 1] = weight.size(0);
            Tensor out = Tensor.empty(x.dtype(), x.device(), shape);
            Transfer.backend(x).linear(x.contiguous().view(rows, weight.size(1)), weight.contiguous(),
                    bias == null ? null : bias.contiguous(), clamp, out.view(rows, weight.size(0)));
            return out;
        }
        long trace = OpTraces.begin();
        Tensor product = x.matmul(weight.t());
        Tensor out = bias == null ? product : product.add(bias);
        out = trace < 0 ? out : OpTraces.end(trace, "linear", out, x, weight, bias);
        return clamp.apply(out);
    }

    /** Whether {@link #linear} runs as the backend's fused kernel. */
    private static boolean fuses(Tensor x, Tensor weight, Tensor bias) {
        DType dtype = x.dtype();
        return !OpTraces.active() && !Autograd.needsGrad(x, weight, bias)
                && (dtype == DType.FLOAT32 || dtype == DType.FLOAT64) && x.dim() >= 1 && weight.dim() == 2
                && weight.dtype() == dtype && x.size(-1) == weight.size(1) && x.numel() > 0
                && (bias == null || bias.dim() == 1 && bias.dtype() == dtype && bias.size(0) == weight.size(0)
                        && bias.device().equals(x.device()))
                && weight.device().equals(x.device()) && Transfer.backend(x).kernels().has(FusedKernels.Kernel.LINEAR);
    }

    /**
     * {@code y[..., o] = sum_ij x1[..., i] W[o, i, j] x2[..., j] + b[o]}: x1 {@code [*, I1]}, x2
     * {@code [*, I2]} with equal batch dimensions, weight {@code [O, I1, I2]}, bias {@code [O]}.
     */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3) {
            throw new IllegalArgumentException("bilinear(): weight must be 3-D [out, in1, in2], got shape "
                    + Shapes.str(weight.shape()));
        }
        if (x1.dim() != x2.dim() || x1.dim() == 0) {
            throw new IllegalArgumentException("bilinear(): input dimensions do not match: got " + x1.dim() + " and "
                    + x2.dim());
        }
        for (int i = 0; i < x1.dim() - 1; i++) {
            if (x1.size(i) != x2.size(i)) {
                throw new IllegalArgumentException("bilinear(): input batch dimensions do not match at dim " + i
                        + ": got " + x1.size(i) + " and " + x2.size(i));
            }
        }
        long in1 = weight.size(1);
        long in2 = weight.size(2);
        long out = weight.size(0);
        if (x1.size(-1) != in1) {
            throw new IllegalArgumentException("bilinear(): input1 size does not match weight size: got " + x1.size(-1)
                    + " but expected " + in1);
        }
        if (x2.size(-1) != in2) {
            throw new IllegalArgumentException("bilinear(): input2 size does not match weight size: got " + x2.size(-1)
                    + " but expected " + in2);
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException("bilinear(): bias size does not match weight size: got "
                    + (bias.dim() == 0 ? 1 : bias.size(-1)) + " but expected " + out);
        }
        // x1 W as one matrix product [B, I1] x [I1, O * I2], then the inner product with x2
        Tensor a = x1.reshape(-1, in1);
        Tensor b = x2.reshape(-1, in2);
        Tensor left = a.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).view(-1, out, in2);
        Tensor y = left.mul(b.unsqueeze(1)).sum(-1, false);
        if (bias != null) {
            y = y.add(bias);
        }
        long[] shape = Arrays.copyOf(x1.shape(), x1.dim());
        shape[x1.dim() - 1] = out;
        return y.reshape(shape);
    }
}
