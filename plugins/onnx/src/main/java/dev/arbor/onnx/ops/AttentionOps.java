package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.AttentionMath.computeType;
import static dev.arbor.onnx.ops.AttentionMath.repeatKvHeads;
import static dev.arbor.onnx.ops.AttentionMath.shape;
import static dev.arbor.onnx.ops.AttentionMath.softmaxMaskedRows;
import static dev.arbor.onnx.ops.AttentionMath.splitHeads;

import dev.arbor.nn.functional.F;
import dev.arbor.onnx.OnnxDataTypes;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Scaled dot-product attention: {@code Attention} (opsets 23 and 24: 3-d and 4-d inputs, grouped KV heads,
 * boolean or additive masks, causal masking, a KV cache, soft-capping, the QK output modes and, from 24, the
 * per-batch valid KV lengths) and {@code ai.onnx.preview:FlexAttention} with its score/mask/probability
 * subgraphs.
 */
final class AttentionOps {
    private AttentionOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("Attention", 23, AttentionOps::attention);
        r.add("ai.onnx.preview", "FlexAttention", 1, AttentionOps::flexAttention);
    }

    private static List<Object> attention(OpContext ctx, List<Object> in) {
        var a = ctx.attributes();
        Tensor q = ctx.tensor(in, 0);
        Tensor k = ctx.tensor(in, 1);
        Tensor v = ctx.tensor(in, 2);
        Tensor mask = ctx.optionalTensor(in, 3);
        Tensor pastKey = ctx.optionalTensor(in, 4);
        Tensor pastValue = ctx.optionalTensor(in, 5);
        Tensor nonpad = ctx.opset() >= 24 ? ctx.optionalTensor(in, 6) : null;
        DType outType = q.dtype();
        DType work = computeType(outType);
        if (q.dim() != k.dim() || q.dim() != v.dim() || (q.dim() != 3 && q.dim() != 4)) {
            throw ctx.error("Q, K and V must all be rank 3 or all rank 4, got " + shape(q) + ", " + shape(k) + " and "
                    + shape(v));
        }
        boolean packed = q.dim() == 3;
        if (packed) {
            if (!a.has("q_num_heads") || !a.has("kv_num_heads")) {
                throw ctx.error("3-d inputs need the q_num_heads and kv_num_heads attributes");
            }
            q = splitHeads(ctx, q, a.getInt("q_num_heads"), "Q");
            k = splitHeads(ctx, k, a.getInt("kv_num_heads"), "K");
            v = splitHeads(ctx, v, a.getInt("kv_num_heads"), "V");
        }
        if ((pastKey == null) != (pastValue == null)) {
            throw ctx.error("past_key and past_value must be given together");
        }
        Tensor presentKey = pastKey == null ? k : Tensor.cat(List.of(pastKey, k), 2);
        Tensor presentValue = pastValue == null ? v : Tensor.cat(List.of(pastValue, v), 2);
        long batch = q.size(0);
        long qHeads = q.size(1);
        long qLen = q.size(2);
        long kvLen = presentKey.size(2);
        if (q.size(3) != presentKey.size(3)) {
            throw ctx.error("Q's head size " + q.size(3) + " differs from K's " + presentKey.size(3));
        }
        double scale = a.has("scale") ? a.getFloat("scale", 1f) : 1 / Math.sqrt(q.size(3));

        Tensor qw = q.to(work);
        Tensor kw = repeatKvHeads(ctx, presentKey, qHeads).to(work);
        Tensor vw = repeatKvHeads(ctx, presentValue, qHeads).to(work);
        Tensor qk = qw.matmul(kw.transpose(2, 3)).mul(scale);
        double softcap = a.getFloat("softcap", 0f);
        Tensor capped = softcap > 0 ? qk.div(softcap).tanh().mul(softcap) : qk;

        Tensor bias = null;
        if (mask != null) {
            bias = maskBias(ctx, mask, kvLen, work);
        }
        if (a.getInt("is_causal", 0) != 0) {
            long[] offsets = new long[(int) batch];
            if (pastKey != null) {
                Arrays.fill(offsets, pastKey.size(2));
            } else if (nonpad != null) {
                long[] lens = nonpadLengths(ctx, nonpad, batch);
                for (int b = 0; b < batch; b++) {
                    offsets[b] = lens[b] - qLen;
                }
            }
            bias = add(bias, causalBias(offsets, qLen, kvLen, work).to(q.device()));
        }
        if (nonpad != null) {
            bias = add(bias, paddingBias(nonpadLengths(ctx, nonpad, batch), kvLen, work).to(q.device()));
        }
        Tensor withBias = bias == null ? capped : capped.add(bias);

        DType softmaxType = a.has("softmax_precision")
                ? OnnxDataTypes.toDType((int) a.getInt("softmax_precision")) : work;
        Tensor probs = softmaxMaskedRows(withBias.to(softmaxType)).to(work);
        Tensor y = probs.matmul(vw);
        if (packed) {
            y = AttentionMath.mergeHeads(y);
        }
        long mode = a.getInt("qk_matmul_output_mode", 0);
        Tensor qkOut = switch ((int) mode) {
            case 0 -> qk;
            case 1 -> capped;
            case 2 -> withBias;
            case 3 -> probs;
            default -> throw ctx.error("qk_matmul_output_mode must be 0 to 3, got " + mode);
        };
        return List.of(y.to(outType), presentKey, presentValue, qkOut.to(outType));
    }

    /** A boolean mask (true = attend) or an additive one, padded with "masked" up to the total KV length. */
    private static Tensor maskBias(OpContext ctx, Tensor mask, long kvLen, DType work) {
        if (mask.dim() < 2 || mask.dim() > 4) {
            throw ctx.error("attn_mask must be rank 2 to 4, got shape " + shape(mask));
        }
        Tensor bias = mask.dtype() == DType.BOOL
                ? Tensor.where(mask, Tensor.zeros(work, mask.device()),
                        Tensor.full(Double.NEGATIVE_INFINITY, work, mask.device()))
                : mask.to(work);
        long missing = kvLen - bias.size(-1);
        if (missing < 0) {
            throw ctx.error("attn_mask's last dimension " + mask.size(-1) + " exceeds the total KV length " + kvLen);
        }
        if (missing > 0) {
            bias = F.pad(bias, new long[] {0, missing}, "constant", Double.NEGATIVE_INFINITY);
        }
        return bias;
    }

    /** Key {@code j} is visible to query {@code i} of batch {@code b} when {@code j <= i + offsets[b]}. */
    private static Tensor causalBias(long[] offsets, long qLen, long kvLen, DType work) {
        boolean uniform = Arrays.stream(offsets).distinct().count() <= 1;
        int rows = uniform ? 1 : offsets.length;
        double[] data = new double[(int) (rows * qLen * kvLen)];
        int p = 0;
        for (int b = 0; b < rows; b++) {
            long off = offsets.length == 0 ? 0 : offsets[b];
            for (long i = 0; i < qLen; i++) {
                for (long j = 0; j < kvLen; j++) {
                    data[p++] = j <= i + off ? 0 : Double.NEGATIVE_INFINITY;
                }
            }
        }
        return uniform ? Tensor.of(data, work, qLen, kvLen) : Tensor.of(data, work, rows, 1, qLen, kvLen);
    }

    /** Keys at or past each batch's valid length are masked. */
    private static Tensor paddingBias(long[] lens, long kvLen, DType work) {
        double[] data = new double[(int) (lens.length * kvLen)];
        for (int b = 0; b < lens.length; b++) {
            for (long j = 0; j < kvLen; j++) {
                data[(int) (b * kvLen + j)] = j < lens[b] ? 0 : Double.NEGATIVE_INFINITY;
            }
        }
        return Tensor.of(data, work, lens.length, 1, 1, kvLen);
    }

    private static long[] nonpadLengths(OpContext ctx, Tensor nonpad, long batch) {
        long[] lens = nonpad.toLongArray();
        if (lens.length != batch) {
            throw ctx.error("nonpad_kv_seqlen has " + lens.length + " entries for a batch of " + batch);
        }
        return lens;
    }

    private static Tensor add(Tensor a, Tensor b) {
        return a == null ? b : a.add(b);
    }

    /**
     * FlexAttention: {@code softmax(score_mod((Q K^T) * scale))} masked by {@code mask_mod}, then
     * {@code prob_mod}, times V. Each subgraph either maps the whole score tensor (one input) or is an
     * element-wise function of (score, batch, head, q_idx, kv_idx) (five inputs; a mask takes the last four
     * and returns true where attention is allowed), fed broadcastable index tensors.
     */
    private static List<Object> flexAttention(OpContext ctx, List<Object> in) {
        var a = ctx.attributes();
        Tensor q = ctx.tensor(in, 0);
        Tensor k = ctx.tensor(in, 1);
        Tensor v = ctx.tensor(in, 2);
        if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4) {
            throw ctx.error("Q, K and V must be rank 4, got " + shape(q) + ", " + shape(k) + " and " + shape(v));
        }
        DType outType = q.dtype();
        DType work = computeType(outType);
        double scale = a.has("scale") ? a.getFloat("scale", 1f) : 1 / Math.sqrt(q.size(3));
        Tensor kw = repeatKvHeads(ctx, k, q.size(1)).to(work);
        Tensor vw = repeatKvHeads(ctx, v, q.size(1)).to(work);
        Tensor scores = q.to(work).matmul(kw.transpose(2, 3)).mul(scale);
        scores = applyMod(ctx, a.getGraph("score_mod"), scores, false);
        scores = applyMod(ctx, a.getGraph("mask_mod"), scores, true);
        Tensor probs = softmaxMaskedRows(scores);
        probs = applyMod(ctx, a.getGraph("prob_mod"), probs, false);
        return List.of(probs.matmul(vw).to(outType));
    }

    private static Tensor applyMod(OpContext ctx, GraphProto graph, Tensor x, boolean isMask) {
        if (graph == null) {
            return x;
        }
        int n = graph.getInputCount();
        Tensor[] index = new Tensor[4];
        for (int d = 0; d < 4; d++) {
            long[] s = {1, 1, 1, 1};
            s[d] = x.size(d);
            index[d] = Tensor.arange(x.size(d)).reshape(s).to(x.device());
        }
        List<Object> args;
        if (n == 1) {
            args = List.of(x);
        } else if (n == 5 && !isMask) {
            args = List.of(x, index[0], index[1], index[2], index[3]);
        } else if (n == 4 && isMask) {
            args = List.of(index[0], index[1], index[2], index[3]);
        } else {
            throw new UnsupportedOperationException(ctx.describe() + ": a " + (isMask ? "mask_mod" : "modifier")
                    + " subgraph with " + n + " inputs is not supported");
        }
        Object out = ctx.runSubgraph(graph, args).getFirst();
        if (!(out instanceof Tensor t)) {
            throw ctx.error("a modifier subgraph must return a tensor");
        }
        if (n == 4) {
            return Tensor.where(t.to(DType.BOOL), x, Tensor.full(Double.NEGATIVE_INFINITY, x.dtype(), x.device()));
        }
        return t.dtype() == x.dtype() ? t.expand(x.shape()) : t.to(x.dtype()).expand(x.shape());
    }
}
