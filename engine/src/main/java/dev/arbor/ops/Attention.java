package dev.arbor.ops;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;

/**
 * Scaled dot-product attention, {@code softmax(q k^T * scale + mask) v}, as PyTorch 2's
 * {@code F.scaled_dot_product_attention} (PyTorch 1.13 has no public form of it). A boolean mask is
 * true where a query may attend to a key; a floating mask is added to the scores. A query whose keys
 * are all masked gets NaN, as in PyTorch.
 */
public final class Attention {
    private Attention() {}

    /** The attention output and the attention weights (after dropout) that produced it. */
    public record Result(Tensor output, Tensor weights) {}

    /**
     * Computes attention of query {@code [..., L, E]} over key {@code [..., S, E]} and value
     * {@code [..., S, Ev]}, the batch dimensions broadcast.
     *
     * @param attnMask  null, a bool mask (true: attend) or a floating mask added to the scores, broadcastable
     *                  to {@code [..., L, S]}
     * @param dropoutP  the probability of dropping an attention weight (0 in evaluation)
     * @param isCausal  a lower-triangular mask (query i attends to keys 0..i); excludes {@code attnMask}
     * @param scale     the factor of the scores; null for {@code 1 / sqrt(E)}
     */
    public static Result compute(Tensor query, Tensor key, Tensor value, Tensor attnMask, double dropoutP,
                                 boolean isCausal, Double scale, Generator gen) {
        if (query.dim() < 2 || key.dim() < 2 || value.dim() < 2 || query.size(-1) != key.size(-1)
                || key.size(-2) != value.size(-2)) {
            throw new IllegalArgumentException("scaled_dot_product_attention: expected query [..., L, E], key "
                    + "[..., S, E] and value [..., S, Ev], got " + Shapes.str(query.shape()) + ", "
                    + Shapes.str(key.shape()) + " and " + Shapes.str(value.shape()));
        }
        ArgChecks.floating("scaled_dot_product_attention", query);
        if (isCausal && attnMask != null) {
            throw new IllegalArgumentException("_scaled_dot_product_attention: Explicit attn_mask should not be set "
                    + "when is_causal=True");
        }
        long l = query.size(-2);
        long s = key.size(-2);
        double factor = scale == null ? 1 / Math.sqrt(query.size(-1)) : scale;
        Tensor scores = query.matmul(key.transpose(-2, -1)).mul(factor);
        Tensor mask = attnMask;
        if (isCausal) {
            Tensor rows = Tensor.arange(l).unsqueeze(1);
            Tensor cols = Tensor.arange(s).unsqueeze(0);
            mask = cols.le(rows).to(query.device());
        }
        if (mask != null) {
            if (mask.dtype() == DType.BOOL) {
                scores = scores.maskedFill(mask.logicalNot(), Double.NEGATIVE_INFINITY);
            } else if (mask.dtype().isFloatingPoint()) {
                scores = scores.add(mask);
            } else {
                throw new IllegalArgumentException("scaled_dot_product_attention: Expected attn_mask dtype to be bool "
                        + "or float or to match query dtype, got " + mask.dtype());
            }
        }
        Tensor weights = Softmax.softmax(scores, -1, null);
        if (dropoutP > 0) {
            weights = Dropout.dropout(weights, dropoutP, true, gen);
        }
        return new Result(weights.matmul(value), weights);
    }
}
