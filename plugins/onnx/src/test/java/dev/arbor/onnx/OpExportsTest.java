package dev.arbor.onnx;

import static dev.arbor.onnx.TracedExportTest.checkInOnnxRuntime;

import dev.arbor.nn.Module;
import dev.arbor.nn.Parameter;
import dev.arbor.nn.functional.F;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX forms of the traced ops, family by family: each module runs many ops on its input and
 * returns their results flattened side by side, so one ONNX Runtime run checks them all against
 * Arbor, at the traced batch size and another one, at opsets 13, 18 (reductions take their axes as an
 * input), the newest ONNX Runtime runs and, through Arbor's importer, the newest the exporter writes.
 */
class OpExportsTest {
    private static final int[] OPSETS = {13, 18, OnnxRuntimeOracle.NEWEST_OPSET, OnnxExporter.NEWEST_OPSET};
    private static final Generator GEN = new Generator(11);

    /** Concatenates results of shape {@code [B, ...]} as {@code [B, n]}, casting each to float32. */
    private static Tensor joined(List<Tensor> parts) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor p : parts) {
            flat.add(p.to(DType.FLOAT32).flatten(1, -1));
        }
        return Tensor.cat(flat, 1);
    }

    /** Arithmetic with tensors and numbers, comparisons, where, clamp, the unary functions and the activations. */
    static final class Elementwise extends Module {
        Elementwise() {
            registerParameter("slope", new Parameter(Tensor.rand(GEN, 4)));
            registerParameter("low", new Parameter(Tensor.rand(GEN, 6).neg()));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor pos = x.abs().add(0.1);
            Tensor s = Tensor.scalar(0.7);
            return joined(List.of(
                    x.add(x.mul(0.5)).sub(1.0).div(pos), x.rsub(2.0), x.pow(2.0), pos.pow(x), pos.sqrt(), pos.log(),
                    x.exp(), Tensor.where(x.gt(0.0), x, x.mul(0.1)), x.maximum(x.neg()).minimum(x.sigmoid()),
                    x.clamp(-0.5, 0.5), x.clamp(param("low"), null), x.clamp(null, 0.25),
                    x.eq(x.round()), x.ne(0.0), x.le(0.3).logicalAnd(x.ge(-0.3)), x.lt(x.neg()).logicalNot(),
                    x.remainder(s), x.fmod(s), x.floorDivide(s), x.expm1(), pos.log1p(), pos.log2(), pos.rsqrt(),
                    pos.reciprocal(), x.square(), x.erf(), x.floor(), x.ceil(), x.trunc(), x.sign(), x.sin(),
                    x.cos(), x.atan(), x.tanh(), x.isnan(), x.mul(Double.POSITIVE_INFINITY).isinf(),
                    F.hardswish(x), F.elu(x, 0.5), F.leakyRelu(x, 0.2), F.silu(x), F.softplus(x, 2.0, 20),
                    F.gelu(x, "tanh"), F.gelu(x), F.hardsigmoid(x), F.mish(x), F.selu(x), F.celu(x, 1.5),
                    F.softsign(x), F.logsigmoid(x), F.softshrink(x, 0.3), F.hardshrink(x, 0.3), F.relu6(x.mul(8.0)),
                    F.prelu(x, param("slope"))));
        }
    }

    /** Views, reshapes, slicing, indexing with integers, joins and splits, reductions and softmax. */
    static final class Shapes extends Module {
        private final boolean triangles;

        Shapes(boolean triangles) {
            this.triangles = triangles;
            registerParameter("w", new Parameter(Tensor.randn(GEN, 6, 3)));
        }

        @Override
        public Tensor forward(Tensor x) {
            long b = x.size(0);
            List<Tensor> halves = x.split(2, 1);
            List<Tensor> parts = new ArrayList<>(List.of(
                    x.permute(0, 2, 1).contiguous().view(-1, 4, 6), x.unsqueeze(1).expand(-1, 3, -1, -1)
                            .reshape(b, 12, 6), x.transpose(1, 2).flatten(1, -1), Tensor.stack(List.of(x, x.neg()), 1),
                    halves.get(1).sub(halves.get(0)), x.split(new long[] {1, 5}, 2).get(1), x.chunk(3, 2).get(2),
                    x.select(2, -1), x.narrow(1, 1, 2), x.slice(2, 1, 6, 3), x.flip(2), x.repeat(1, 2, 1),
                    x.indexSelect(2, Tensor.of(new long[] {0, 5, 2})), x.cumsum(2), x.sum(1, true),
                    x.amin(new int[] {2}, false), x.max(2, false).values(), x.argmax(2, false), x.argmin(1, true),
                    x.logsumexp(new int[] {2}, true), x.norm(2, new int[] {2}, false), x.norm(1, new int[] {1}, true),
                    x.prod(2, false), x.std(new int[] {2}, 1, false), x.any(2, false), x.gt(0.0).all(2, false),
                    x.mean(new int[] {1, 2}, true), x.topk(2, 2, true).values(), x.bmm(x.transpose(1, 2)), x.matmul(param("w")),
                    F.softmax(x, 1), F.logSoftmax(x, -1), F.softmin(x, 2), x.squeeze(), x.unsqueeze(-1).squeeze(-1)));
            if (triangles) {
                parts.add(x.tril());
                parts.add(x.triu(2));
            }
            return joined(parts);
        }
    }

    /** The functional forms: convolutions, pools, normalizations, padding, resizing, embedding. */
    static final class Functional extends Module {
        Functional() {
            registerParameter("w", new Parameter(Tensor.randn(GEN, 4, 3, 3, 3).mul(0.3)));
            registerParameter("b", new Parameter(Tensor.randn(GEN, 4)));
            registerParameter("wt", new Parameter(Tensor.randn(GEN, 4, 2, 3, 3).mul(0.3)));
            registerParameter("gamma", new Parameter(Tensor.rand(GEN, 4).add(0.5)));
            registerParameter("beta", new Parameter(Tensor.randn(GEN, 4)));
            registerBuffer("mean", Tensor.randn(GEN, 4).mul(0.1));
            registerBuffer("var", Tensor.rand(GEN, 4).add(0.5));
            registerParameter("table", new Parameter(Tensor.randn(GEN, 3, 5)));
            registerParameter("fc", new Parameter(Tensor.randn(GEN, 2, 8)));
        }

        @Override
        public Tensor forward(Tensor x) {
            long[] one = {1};
            Tensor y = F.conv2d(x, param("w"), param("b"), one, "same", one, 1);
            Tensor strided = F.conv2d(x, param("w"), null, new long[] {2}, new long[] {1}, one, 1);
            return joined(List.of(y, strided,
                    F.convTranspose2d(y, param("wt"), null, new long[] {2}, new long[] {1}, new long[] {1}, 1, one),
                    F.avgPool2d(y, new long[] {3}, new long[] {2}, new long[] {1}, false, true, null),
                    F.avgPool2d(y, new long[] {2}, null, new long[] {0}, true, false, null),
                    F.maxPool2d(y, 3, 2, 1), F.adaptiveAvgPool2d(y, 4, 2), F.adaptiveMaxPool2d(y, 1),
                    F.batchNorm(y, buffer("mean"), buffer("var"), param("gamma"), param("beta"), false),
                    F.groupNorm(y, 2, param("gamma"), param("beta")), F.instanceNorm(y),
                    F.layerNorm(y, new long[] {8, 8}), F.localResponseNorm(y, 3),
                    F.pad(y, new long[] {1, 2, 3, 1}, "reflect"), F.pad(y, new long[] {2, 0, 0, 1}, "replicate"),
                    F.pad(y, new long[] {1, 1}, "constant", 0.5), F.interpolate(y, new long[] {12, 10}, "bilinear"),
                    F.interpolate(y, new double[] {1.5}, "bicubic"), F.interpolate(y, new long[] {16, 4}, "nearest"),
                    F.upsample(y, null, new double[] {2.0}, "bilinear", true), F.pixelShuffle(y, 2),
                    F.embedding(x.argmax(1, false), param("table")), F.dropout(y, 0.5, false),
                    F.linear(y, param("fc"))));
        }
    }

    @Test
    void elementwiseOps(@TempDir Path dir) throws Exception {
        Module m = new Elementwise();
        m.eval();
        for (int opset : OPSETS) {
            checkInOnnxRuntime(m, new long[] {2, 4, 6}, 3, dir, options(opset));
        }
    }

    @Test
    void shapeAndReductionOps(@TempDir Path dir) throws Exception {
        for (int opset : OPSETS) {
            Module m = new Shapes(opset >= 14);
            m.eval();
            checkInOnnxRuntime(m, new long[] {2, 4, 6}, 3, dir, options(opset));
        }
    }

    @Test
    void functionalForms(@TempDir Path dir) throws Exception {
        Module m = new Functional();
        m.eval();
        for (int opset : OPSETS) {
            checkInOnnxRuntime(m, new long[] {2, 3, 8, 8}, 1, dir, options(opset));
        }
    }

    private static OnnxExporter.Options options(int opset) {
        return OnnxExporter.Options.defaults().withOpset(opset).withDynamicBatch(true);
    }
}
