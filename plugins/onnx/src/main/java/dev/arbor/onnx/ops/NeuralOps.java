package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.as;
import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.nn.functional.F;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** Activations with attributes, softmax family, MatMul/Gemm, normalisation layers and Dropout. */
final class NeuralOps {
    private NeuralOps() {}

    static void register(OnnxOps.Registrar r) {
        activation(r, "LeakyRelu", (ctx, x) -> F.leakyRelu(x, ctx.attributes().getFloat("alpha", 0.01f)));
        activation(r, "Elu", (ctx, x) -> F.elu(x, ctx.attributes().getFloat("alpha", 1f)));
        activation(r, "Celu", (ctx, x) -> F.celu(x, ctx.attributes().getFloat("alpha", 1f)));
        activation(r, "Selu", (ctx, x) -> {
            double alpha = ctx.attributes().getFloat("alpha", 1.67326319217681884765625f);
            double gamma = ctx.attributes().getFloat("gamma", 1.05070102214813232421875f);
            return Tensor.where(x.gt(0.0), x, x.exp().sub(1.0).mul(alpha)).mul(gamma);
        });
        activation(r, "HardSigmoid", (ctx, x) -> {
            double alpha = ctx.attributes().getFloat("alpha", 0.2f);
            double beta = ctx.attributes().getFloat("beta", 0.5f);
            return x.mul(alpha).add(beta).clamp(0.0, 1.0);
        });
        activation(r, "HardSwish", (ctx, x) -> x.mul(x.mul(1.0 / 6).add(0.5).clamp(0.0, 1.0)));
        activation(r, "Softplus", (ctx, x) -> x.exp().add(1.0).log());
        activation(r, "ThresholdedRelu", (ctx, x) -> {
            double alpha = ctx.attributes().getFloat("alpha", 1f);
            return Tensor.where(x.gt(alpha), x, Tensor.zeros(x.dtype(), x.device()));
        });
        activation(r, "Gelu", (ctx, x) -> x.gelu(ctx.attributes().getString("approximate", "none").equals("tanh")));
        activation(r, "Shrink", (ctx, x) -> {
            double lambd = ctx.attributes().getFloat("lambd", 0.5f);
            double bias = ctx.attributes().getFloat("bias", 0f);
            Tensor zero = Tensor.zeros(x.dtype(), x.device());
            return Tensor.where(x.lt(-lambd), x.add(bias), Tensor.where(x.gt(lambd), x.sub(bias), zero));
        });
        r.add("PRelu", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            Tensor slope = ctx.tensor(in, 1);
            if (slope.dim() == 1 && x.dim() > 2 && slope.size(0) == x.size(1) && slope.size(0) != x.size(-1)) {
                // older exporters give one slope per channel, meant to broadcast over the spatial dims
                long[] shape = new long[x.dim() - 1];
                Arrays.fill(shape, 1);
                shape[0] = slope.size(0);
                slope = slope.reshape(shape);
            }
            return one(as(Tensor.where(x.lt(0.0), x.mul(slope), x), x.dtype()));
        });
        r.add("Clip", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            if (ctx.opset() < 11) {
                // float attributes cast to the input's type, as ONNX Runtime does: a bound beyond a
                // float16 range (exporters write +-FLT_MAX for "none") becomes infinity, not an error
                float lo = ctx.attributes().getFloat("min", Float.NEGATIVE_INFINITY);
                float hi = ctx.attributes().getFloat("max", Float.POSITIVE_INFINITY);
                return one(as(x.clamp(Tensor.scalar(lo).to(x.dtype()), Tensor.scalar(hi).to(x.dtype())), x.dtype()));
            }
            Tensor lo = ctx.optionalTensor(in, 1);
            Tensor hi = ctx.optionalTensor(in, 2);
            if (lo == null && hi == null) {
                return one(x);
            }
            return one(as(x.clamp(lo, hi), x.dtype()));
        });
        softmax(r, "Softmax", x -> F.softmax(x, -1));
        softmax(r, "LogSoftmax", x -> F.logSoftmax(x, -1));
        softmax(r, "Hardmax", x -> F.oneHot(x.argmax(-1, false), x.size(-1)).to(x.dtype()));
        r.add("MatMul", 1, (ctx, in) -> one(ctx.tensor(in, 0).matmul(ctx.tensor(in, 1))));
        r.add("Gemm", 1, NeuralOps::gemm);
        r.add("Dropout", 1, NeuralOps::dropout);
        r.add("BatchNormalization", 1, NeuralOps::batchNorm);
        r.add("LayerNormalization", 17, NeuralOps::layerNorm);
        r.add("InstanceNormalization", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
            return one(F.instanceNorm(x, null, null, ctx.tensor(in, 1), ctx.tensor(in, 2), true, 0.1, eps));
        });
        r.add("LRN", 1, (ctx, in) -> {
            var a = ctx.attributes();
            return one(F.localResponseNorm(ctx.tensor(in, 0), (int) a.getInt("size"), a.getFloat("alpha", 1e-4f),
                    a.getFloat("beta", 0.75f), a.getFloat("bias", 1f)));
        });
        r.add("MeanVarianceNormalization", 9, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            long[] axes = ctx.attributes().getInts("axes", new long[] {0, 2, 3});
            int[] dims = Arrays.stream(axes).mapToInt(a -> axis(ctx, a, x.dim())).toArray();
            Tensor mean = x.mean(dims, true);
            Tensor centered = x.sub(mean);
            return one(centered.div(centered.mul(centered).mean(dims, true).sqrt().add(1e-9)));
        });
        r.add("LpNormalization", 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            int ax = axis(ctx, ctx.attributes().getInt("axis", -1), x.dim());
            long p = ctx.attributes().getInt("p", 2);
            Tensor norm = x.norm(p, new int[] {ax}, true);
            // a zero vector stays zero instead of becoming NaN
            return one(Tensor.where(norm.eq(0.0), Tensor.zeros(x.dtype(), x.device()), x.div(norm)));
        });
    }

    /** An activation whose result keeps the input's type. */
    @FunctionalInterface
    private interface Activation {
        Tensor apply(OpContext ctx, Tensor x);
    }

    private static void activation(OnnxOps.Registrar r, String name, Activation f) {
        r.add(name, 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            return one(as(f.apply(ctx, x), x.dtype()));
        });
    }

    /**
     * Softmax-like ops: from opset 13 along {@code axis} (default -1); before, the input is viewed as a
     * matrix split at {@code axis} (default 1) and the op runs along its rows.
     */
    private static void softmax(OnnxOps.Registrar r, String name, UnaryOperator<Tensor> alongLast) {
        r.add(name, 1, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            if (ctx.opset() >= 13) {
                int ax = axis(ctx, ctx.attributes().getInt("axis", -1), x.dim());
                return one(alongLast.apply(x.movedim(ax, -1)).movedim(-1, ax));
            }
            long a = ctx.attributes().getInt("axis", 1);
            int ax = a == x.dim() ? x.dim() : axis(ctx, a, x.dim());
            long rows = Shapes.numel(Arrays.copyOf(x.shape(), ax));
            long cols = x.numel() / Math.max(rows, 1);
            return one(alongLast.apply(x.reshape(rows, cols)).reshape(x.shape()));
        });
    }

    private static List<Object> gemm(OpContext ctx, List<Object> in) {
        var at = ctx.attributes();
        Tensor a = ctx.tensor(in, 0);
        Tensor b = ctx.tensor(in, 1);
        Tensor c = ctx.optionalTensor(in, 2);
        if (at.getInt("transA", 0) != 0) {
            a = a.t();
        }
        if (at.getInt("transB", 0) != 0) {
            b = b.t();
        }
        double alpha = at.getFloat("alpha", 1f);
        double beta = at.getFloat("beta", 1f);
        Tensor y = a.matmul(b);
        if (alpha != 1) {
            y = y.mul(alpha);
        }
        if (c != null && beta != 0) {
            y = y.add(beta == 1 ? c : c.mul(beta));
        }
        return one(as(y, a.dtype()));
    }

    private static List<Object> dropout(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        boolean training = ctx.opset() >= 12 ? in.size() > 2 && in.get(2) != null && ctx.hostTensor(in, 2).item() != 0
                : ctx.training();
        double ratio = ctx.opset() >= 12 ? (in.size() > 1 && in.get(1) != null ? ctx.hostTensor(in, 1).item() : 0.5)
                : ctx.attributes().getFloat("ratio", 0.5f);
        if (!training || ratio == 0) {
            return List.of(x, Tensor.onesLike(x).to(DType.BOOL));
        }
        if (ctx.attributes().has("seed")) {
            throw new UnsupportedOperationException(ctx.describe()
                    + ": a seeded training-mode Dropout cannot reproduce another runtime's random numbers");
        }
        Tensor y = F.dropout(x, ratio, true);
        return List.of(y, y.ne(0.0));
    }

    private static List<Object> batchNorm(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        Tensor scale = ctx.tensor(in, 1);
        Tensor bias = ctx.tensor(in, 2);
        Tensor mean = ctx.tensor(in, 3);
        Tensor var = ctx.tensor(in, 4);
        double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
        double momentum = ctx.attributes().getFloat("momentum", 0.9f);
        // before opset 14 the extra outputs (running and saved statistics) meant training
        boolean training = ctx.opset() >= 14 ? ctx.attributes().getInt("training_mode", 0) != 0
                : ctx.node().getOutputCount() > 1;
        if (!training) {
            return one(F.batchNorm(x, mean, var, scale, bias, false, 0, eps));
        }
        // training mode: normalise with the batch statistics and return updated running statistics
        int[] dims = java.util.stream.IntStream.range(0, x.dim()).filter(i -> i != 1).toArray();
        Tensor batchMean = x.mean(dims, false);
        Tensor batchVar = x.var(dims, 0, false);
        long[] bshape = new long[x.dim()];
        Arrays.fill(bshape, 1);
        bshape[1] = x.size(1);
        Tensor y = x.sub(batchMean.reshape(bshape)).div(batchVar.add(eps).sqrt().reshape(bshape))
                .mul(scale.reshape(bshape)).add(bias.reshape(bshape));
        Tensor runningMean = mean.mul(momentum).add(batchMean.mul(1 - momentum));
        Tensor runningVar = var.mul(momentum).add(batchVar.mul(1 - momentum));
        return List.of(y, runningMean, runningVar);
    }

    private static List<Object> layerNorm(OpContext ctx, List<Object> in) {
        Tensor x = ctx.tensor(in, 0);
        Tensor scale = ctx.tensor(in, 1);
        Tensor bias = ctx.optionalTensor(in, 2);
        int ax = axis(ctx, ctx.attributes().getInt("axis", -1), x.dim());
        double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
        int[] dims = java.util.stream.IntStream.range(ax, x.dim()).toArray();
        Tensor xf = x.to(DType.FLOAT32.byteSize() >= x.dtype().byteSize() ? DType.FLOAT32 : x.dtype());
        Tensor mean = xf.mean(dims, true);
        Tensor centered = xf.sub(mean);
        Tensor invStd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
        Tensor y = centered.mul(invStd).to(x.dtype()).mul(scale);
        if (bias != null) {
            y = y.add(bias);
        }
        return List.of(as(y, x.dtype()), mean, invStd);
    }
}
