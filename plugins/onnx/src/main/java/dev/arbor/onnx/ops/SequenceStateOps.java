package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.AttentionMath.computeType;
import static dev.arbor.onnx.ops.AttentionMath.repeatKvHeads;
import static dev.arbor.onnx.ops.AttentionMath.shape;
import static dev.arbor.onnx.ops.AttentionMath.splitHeads;

import dev.arbor.nn.functional.F;
import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sequence mixers that carry a state from one call to the next (opset 27): LinearAttention (linear,
 * gated, delta and gated-delta update rules over a {@code [B, H_kv, d_k, d_v]} state) and
 * CausalConvWithState (a depthwise causal 1-d convolution whose last {@code k - 1} inputs are the state).
 */
final class SequenceStateOps {
    private SequenceStateOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("LinearAttention", 27, SequenceStateOps::linearAttention);
        r.add("CausalConvWithState", 27, SequenceStateOps::causalConv);
    }

    private static List<Object> linearAttention(OpContext ctx, List<Object> in) {
        var a = ctx.attributes();
        Tensor query = ctx.tensor(in, 0);
        Tensor key = ctx.tensor(in, 1);
        Tensor value = ctx.tensor(in, 2);
        Tensor pastState = ctx.optionalTensor(in, 3);
        Tensor decay = ctx.optionalTensor(in, 4);
        Tensor beta = ctx.optionalTensor(in, 5);
        Tensor eraseGate = ctx.optionalTensor(in, 6);
        String rule = a.getString("update_rule", "gated_delta");
        boolean gating;
        boolean delta;
        switch (rule) {
            case "linear" -> { gating = false; delta = false; }
            case "gated" -> { gating = true; delta = false; }
            case "delta" -> { gating = false; delta = true; }
            case "gated_delta" -> { gating = true; delta = true; }
            default -> throw ctx.error("unknown update_rule '" + rule + "'");
        }
        if (gating != (decay != null)) {
            throw ctx.error("update_rule '" + rule + "' " + (gating ? "requires" : "forbids") + " the decay input");
        }
        if (delta != (beta != null)) {
            throw ctx.error("update_rule '" + rule + "' " + (delta ? "requires" : "forbids") + " the beta input");
        }
        if (eraseGate != null && !delta) {
            throw ctx.error("update_rule '" + rule + "' forbids the erase_gate input");
        }
        long qHeads = a.getInt("q_num_heads");
        long kvHeads = a.getInt("kv_num_heads");
        DType work = computeType(query.dtype());
        Tensor q = splitHeads(ctx, query, qHeads, "query").to(work);
        Tensor k = splitHeads(ctx, key, kvHeads, "key").to(work);
        Tensor v = splitHeads(ctx, value, kvHeads, "value").to(work);
        long batch = q.size(0);
        long steps = q.size(2);
        long dk = q.size(3);
        long dv = v.size(3);
        if (k.size(3) != dk) {
            throw ctx.error("query and key head sizes differ: " + dk + " and " + k.size(3));
        }
        Tensor decayFactor = gating ? perHeadGate(ctx, decay, batch, steps, kvHeads, dk, "decay").to(work).exp() : null;
        Tensor beta4 = null;
        if (delta) {
            long last = beta.size(-1);
            if (beta.dim() != 3 || (last != kvHeads && last != 1)) {
                throw ctx.error("beta must be [batch, sequence, kv_num_heads or 1], got shape " + shape(beta));
            }
            beta4 = beta.reshape(batch, steps, last, 1).permute(0, 2, 1, 3).to(work);
        }
        Tensor erase4 = eraseGate == null ? null : splitHeads(ctx, eraseGate, kvHeads, "erase_gate").to(work);
        Tensor state;
        if (pastState != null) {
            long[] expected = {batch, kvHeads, dk, dv};
            if (!Arrays.equals(pastState.shape(), expected)) {
                throw ctx.error("past_state of shape " + shape(pastState) + " should be "
                        + Shapes.str(expected));
            }
            state = pastState.to(work);
        } else {
            state = Tensor.zeros(work, query.device(), batch, kvHeads, dk, dv);
        }
        double scaleAttr = a.getFloat("scale", 0f);
        double scale = scaleAttr == 0 ? 1 / Math.sqrt(dk) : scaleAttr;
        List<Tensor> outputs = new ArrayList<>();
        for (long t = 0; t < steps; t++) {
            Tensor kt = k.select(2, t);
            Tensor vt = v.select(2, t);
            if (gating) {
                state = state.mul(decayFactor.select(2, t).unsqueeze(-1));
            }
            if (delta) {
                Tensor kErase = erase4 == null ? kt : erase4.select(2, t).mul(kt);
                Tensor retrieved = kErase.unsqueeze(2).matmul(state).squeeze(2);
                vt = beta4.select(2, t).mul(vt.sub(retrieved));
            }
            state = state.add(kt.unsqueeze(-1).mul(vt.unsqueeze(-2)));
            Tensor read = repeatKvHeads(ctx, state, qHeads);
            outputs.add(q.select(2, t).unsqueeze(2).matmul(read).squeeze(2).mul(scale));
        }
        Tensor out = Tensor.stack(outputs, 2);
        DType stateType = pastState != null ? pastState.dtype() : query.dtype();
        return List.of(AttentionMath.mergeHeads(out).to(query.dtype()), state.to(stateType));
    }

    /**
     * A gate given per KV head ({@code [B, T, H_kv]}) or per key feature ({@code [B, T, H_kv*d_k]}), as
     * {@code [B, H_kv, T, 1 or d_k]}.
     */
    private static Tensor perHeadGate(OpContext ctx, Tensor g, long batch, long steps, long kvHeads, long dk,
                                      String what) {
        if (g.dim() == 3 && g.size(-1) == kvHeads) {
            return g.reshape(batch, steps, kvHeads, 1).permute(0, 2, 1, 3);
        }
        if (g.dim() == 3 && g.size(-1) == kvHeads * dk) {
            return splitHeads(ctx, g, kvHeads, what);
        }
        throw ctx.error(what + " must be [batch, sequence, kv_num_heads] or [batch, sequence, kv_num_heads*d_k], "
                + "got shape " + shape(g));
    }

    private static List<Object> causalConv(OpContext ctx, List<Object> in) {
        Tensor input = ctx.tensor(in, 0);
        Tensor weight = ctx.tensor(in, 1);
        Tensor bias = ctx.optionalTensor(in, 2);
        Tensor past = ctx.optionalTensor(in, 3);
        String activation = ctx.attributes().getString("activation", "none");
        if (!activation.equals("none") && !activation.equals("silu") && !activation.equals("swish")) {
            throw ctx.error("unknown activation '" + activation + "' (none, silu or swish)");
        }
        if (input.dim() != 3 || weight.dim() != 3 || weight.size(1) != 1 || weight.size(0) != input.size(1)) {
            throw ctx.error("input [batch, channels, length] and weight [channels, 1, k] expected, got "
                    + shape(input) + " and " + shape(weight));
        }
        long batch = input.size(0);
        long channels = input.size(1);
        long k = weight.size(2);
        Tensor pad = past != null ? past : Tensor.zeros(input.dtype(), input.device(), batch, channels, k - 1);
        if (pad.dim() != 3 || pad.size(0) != batch || pad.size(1) != channels || pad.size(2) != k - 1) {
            throw ctx.error("past_state must be [" + batch + ", " + channels + ", " + (k - 1) + "], got shape "
                    + shape(pad));
        }
        Tensor padded = Tensor.cat(List.of(pad, input), 2);
        DType work = computeType(input.dtype());
        Tensor out = F.conv1d(padded.to(work), weight.to(work), bias == null ? null : bias.to(work), new long[] {1},
                new long[] {0}, new long[] {1}, channels);
        if (!activation.equals("none")) {
            out = out.silu();
        }
        Tensor present = padded.narrow(2, padded.size(2) - (k - 1), k - 1);
        return List.of(out.to(input.dtype()), present);
    }
}
