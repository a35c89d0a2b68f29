package dev.arbor.onnx.ops;

import dev.arbor.nn.functional.F;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;

/** Pieces the attention-like ops share: head packing, grouped KV heads, the compute type, a safe softmax. */
final class AttentionMath {
    private AttentionMath() {}

    /** Half-precision inputs are computed in float32 (as the ONNX reference accumulates) and cast back. */
    static DType computeType(DType dtype) {
        return dtype == DType.FLOAT16 || dtype == DType.BFLOAT16 ? DType.FLOAT32 : dtype;
    }

    /** {@code [B, T, H*D]} to {@code [B, H, T, D]}. */
    static Tensor splitHeads(OpContext ctx, Tensor x, long heads, String what) {
        if (x.dim() != 3) {
            throw ctx.error(what + " must be rank 3 (batch, sequence, heads*size), got shape " + shape(x));
        }
        if (heads <= 0 || x.size(2) % heads != 0) {
            throw ctx.error(what + " of shape " + shape(x) + ": its last dimension is not a multiple of " + heads
                    + " heads");
        }
        return x.reshape(x.size(0), x.size(1), heads, x.size(2) / heads).permute(0, 2, 1, 3);
    }

    /** {@code [B, H, T, D]} to {@code [B, T, H*D]}. */
    static Tensor mergeHeads(Tensor x) {
        return x.permute(0, 2, 1, 3).reshape(x.size(0), x.size(2), x.size(1) * x.size(3));
    }

    /**
     * Repeats each of the {@code [B, Hkv, S, D]} key/value heads so {@code qHeads} query heads each have one;
     * query head {@code h} uses KV head {@code h / (qHeads / Hkv)}, as the ONNX reference's interleaved repeat.
     */
    static Tensor repeatKvHeads(OpContext ctx, Tensor kv, long qHeads) {
        long kvHeads = kv.size(1);
        if (kvHeads == qHeads) {
            return kv;
        }
        if (kvHeads == 0 || qHeads % kvHeads != 0) {
            throw ctx.error(qHeads + " query heads cannot share " + kvHeads + " key/value heads evenly");
        }
        long reps = qHeads / kvHeads;
        long[] s = kv.shape();
        return kv.unsqueeze(2).expand(s[0], kvHeads, reps, s[2], s[3]).reshape(s[0], qHeads, s[2], s[3]);
    }

    /** Softmax along the last axis in which a row that is masked everywhere (all -inf) gives zeros, not NaN. */
    static Tensor softmaxMaskedRows(Tensor scores) {
        Tensor dead = scores.amax(new int[] {-1}, true).eq(Double.NEGATIVE_INFINITY);
        if (!dead.any().toBooleanArray()[0]) {
            return F.softmax(scores, -1);
        }
        Tensor zero = Tensor.zeros(scores.dtype(), scores.device());
        Tensor p = F.softmax(Tensor.where(dead, zero, scores), -1);
        return Tensor.where(dead, zero, p);
    }

    /** A tensor's shape as messages print it. */
    static String shape(Tensor t) {
        return Shapes.str(t.shape());
    }
}
