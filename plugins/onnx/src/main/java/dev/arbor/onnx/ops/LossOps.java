package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.Values.as;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.nn.functional.F;
import dev.arbor.nn.functional.Reduction;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, on the functional losses. */
final class LossOps {
    /** ONNX's default ignore_index: none (a value no class index takes). */
    private static final long NO_IGNORE = Long.MIN_VALUE;

    private LossOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("NegativeLogLikelihoodLoss", 12, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            Tensor loss = F.nllLoss(x, ctx.tensor(in, 1).to(DType.INT64), ctx.optionalTensor(in, 2),
                    ctx.attributes().getInt("ignore_index", NO_IGNORE), reduction(ctx));
            return one(as(loss, x.dtype()));
        });
        r.add("SoftmaxCrossEntropyLoss", 12, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            Tensor logProb = F.logSoftmax(x, 1);
            Tensor loss = F.nllLoss(logProb, ctx.tensor(in, 1).to(DType.INT64), ctx.optionalTensor(in, 2),
                    ctx.attributes().getInt("ignore_index", NO_IGNORE), reduction(ctx));
            return List.of(as(loss, x.dtype()), logProb);
        });
    }

    private static Reduction reduction(OpContext ctx) {
        String name = ctx.attributes().getString("reduction", "mean");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> Reduction.NONE;
            case "sum" -> Reduction.SUM;
            case "mean" -> Reduction.MEAN;
            default -> throw ctx.error("reduction must be none, sum or mean, got '" + name + "'");
        };
    }
}
