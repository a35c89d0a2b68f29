package dev.arbor.ops;

import dev.arbor.nn.PyRepr;
import dev.arbor.nn.functional.AttentionOutput;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-head attention as PyTorch 1.13's {@code F.multi_head_attention_forward}: project query, key
 * and value, split the embedding into heads, attend ({@link Attention}) and project the heads' joined
 * output. Sequence-first layout {@code [L, N, E]} (or unbatched {@code [L, E]}). Boolean masks are true
 * where attention is <em>not</em> allowed (PyTorch's convention for this function, the opposite of
 * {@code scaled_dot_product_attention}); floating masks are added to the scores.
 */
public final class MultiHeadAttention {
    private MultiHeadAttention() {}

    /**
     * The attention output and, with {@code needWeights}, the weights {@code [N, L, S]} averaged over the
     * heads ({@code averageAttnWeights}) or {@code [N, heads, L, S]}. Arguments in PyTorch's order; see
     * {@code F.multi_head_attention_forward}.
     */
    public static AttentionOutput forward(Tensor query, Tensor key, Tensor value, long embedDimToCheck, long numHeads,
                                          Tensor inProjWeight, Tensor inProjBias, Tensor biasK, Tensor biasV,
                                          boolean addZeroAttn, double dropoutP, Tensor outProjWeight,
                                          Tensor outProjBias, boolean training, Tensor keyPaddingMask,
                                          boolean needWeights, Tensor attnMask, boolean useSeparateProjWeight,
                                          Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight, Tensor staticK,
                                          Tensor staticV, boolean averageAttnWeights, Generator gen) {
        boolean batched = shapeCheck(query, key, value, keyPaddingMask, attnMask, numHeads);
        ArgChecks.floating("multi_head_attention_forward", query);
        if (!batched) {
            query = query.unsqueeze(1);
            key = key.unsqueeze(1);
            value = value.unsqueeze(1);
            keyPaddingMask = keyPaddingMask == null ? null : keyPaddingMask.unsqueeze(0);
        }
        long tgtLen = query.size(0);
        long bsz = query.size(1);
        long embedDim = query.size(2);
        if (embedDim != embedDimToCheck) {
            throw new IllegalArgumentException("was expecting embedding dimension of " + embedDimToCheck + ", but got "
                    + embedDim);
        }
        long headDim = embedDim / numHeads;
        if (headDim * numHeads != embedDim) {
            throw new IllegalArgumentException("embed_dim " + embedDim + " not divisible by num_heads " + numHeads);
        }
        if (useSeparateProjWeight) {
            if (key.size(0) != value.size(0) || key.size(1) != value.size(1)) {
                throw new IllegalArgumentException("key's sequence and batch dims " + torchSize(Arrays.copyOf(key.shape(), 2))
                        + " do not match value's " + torchSize(Arrays.copyOf(value.shape(), 2)));
            }
        } else if (!Arrays.equals(key.shape(), value.shape())) {
            throw new IllegalArgumentException("key shape " + torchSize(key.shape()) + " does not match value shape "
                    + torchSize(value.shape()));
        }

        Tensor[] qkv = useSeparateProjWeight
                ? project(query, key, value, qProjWeight, kProjWeight, vProjWeight, inProjBias)
                : projectPacked(query, key, value, inProjWeight, inProjBias, embedDim);
        Tensor q = qkv[0];
        Tensor k = qkv[1];
        Tensor v = qkv[2];

        Tensor mask = attnMask == null ? null : checkAttnMask(attnMask, tgtLen, key.size(0), bsz * numHeads);
        Tensor padding = keyPaddingMask == null ? null : additive(keyPaddingMask, "key_padding_mask");
        if (biasK != null && biasV != null) {
            if (staticK != null || staticV != null) {
                throw new IllegalArgumentException(staticK != null ? "bias cannot be added to static key."
                        : "bias cannot be added to static value.");
            }
            k = Tensor.cat(List.of(k, biasK.repeat(1, bsz, 1)), 0);
            v = Tensor.cat(List.of(v, biasV.repeat(1, bsz, 1)), 0);
            mask = padLastWithZero(mask);
            padding = padLastWithZero(padding);
        } else if (biasK != null || biasV != null) {
            throw new IllegalArgumentException("bias_k and bias_v must both be given or both be null");
        }

        q = q.reshape(tgtLen, bsz * numHeads, headDim).transpose(0, 1);
        k = heads("k", k, staticK, bsz * numHeads, headDim);
        v = heads("v", v, staticV, bsz * numHeads, headDim);
        if (addZeroAttn) {
            k = Tensor.cat(List.of(k, Tensor.zeros(k.dtype(), k.device(), bsz * numHeads, 1, headDim)), 1);
            v = Tensor.cat(List.of(v, Tensor.zeros(v.dtype(), v.device(), bsz * numHeads, 1, headDim)), 1);
            mask = padLastWithZero(mask);
            padding = padLastWithZero(padding);
        }
        long srcLen = k.size(1);
        if (padding != null) {
            if (padding.dim() != 2 || padding.size(0) != bsz || padding.size(1) != srcLen) {
                throw new IllegalArgumentException("expecting key_padding_mask shape of (" + bsz + ", " + srcLen
                        + "), but got " + torchSize(padding.shape()));
            }
            padding = padding.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1).reshape(bsz * numHeads, 1, srcLen);
            mask = mask == null ? padding : mask.add(padding);
        }

        Attention.Result r = Attention.compute(q, k, v, mask, training ? dropoutP : 0, false, null, gen);
        Tensor out = r.output().transpose(0, 1).reshape(tgtLen * bsz, embedDim);
        out = LinearMaps.linear(out, outProjWeight, outProjBias).view(tgtLen, bsz, embedDim);
        Tensor weights = null;
        if (needWeights) {
            weights = r.weights().view(bsz, numHeads, tgtLen, srcLen);
            if (averageAttnWeights) {
                weights = weights.sum(1, false).div(numHeads);
            }
            if (!batched) {
                weights = weights.squeeze(0);
            }
        }
        return new AttentionOutput(batched ? out : out.squeeze(1), weights);
    }

    /** PyTorch's {@code _mha_shape_check}: true for batched 3-d input, false for unbatched 2-d. */
    private static boolean shapeCheck(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
                                      long numHeads) {
        if (query.dim() == 3) {
            if (key.dim() != 3 || value.dim() != 3) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `key` and `value` to be 3-D but "
                        + "found " + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (keyPaddingMask != null && keyPaddingMask.dim() != 2) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `key_padding_mask` to be `None` "
                        + "or 2-D but found " + keyPaddingMask.dim() + "-D tensor instead");
            }
            if (attnMask != null && attnMask.dim() != 2 && attnMask.dim() != 3) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D "
                        + "or 3-D but found " + attnMask.dim() + "-D tensor instead");
            }
            return true;
        }
        if (query.dim() == 2) {
            if (key.dim() != 2 || value.dim() != 2) {
                throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D "
                        + "but found " + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (keyPaddingMask != null && keyPaddingMask.dim() != 1) {
                throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `key_padding_mask` to be "
                        + "`None` or 1-D but found " + keyPaddingMask.dim() + "-D tensor instead");
            }
            if (attnMask != null) {
                if (attnMask.dim() != 2 && attnMask.dim() != 3) {
                    throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, "
                            + "2-D or 3-D but found " + attnMask.dim() + "-D tensor instead");
                }
                long[] expected = {numHeads, query.size(0), key.size(0)};
                if (attnMask.dim() == 3 && !Arrays.equals(attnMask.shape(), expected)) {
                    throw new IllegalArgumentException("Expected `attn_mask` shape to be " + PyRepr.tuple(expected)
                            + " but got " + torchSize(attnMask.shape()));
                }
            }
            return false;
        }
        throw new IllegalArgumentException("query should be unbatched 2D or batched 3D tensor but received "
                + query.dim() + "-D query tensor");
    }

    /** The packed in-projection: one product for self-attention, else the rows of q and of k, v apart. */
    private static Tensor[] projectPacked(Tensor query, Tensor key, Tensor value, Tensor w, Tensor b, long e) {
        if (w == null) {
            throw new IllegalArgumentException("multi_head_attention_forward: in_proj_weight is None while "
                    + "use_separate_proj_weight is False");
        }
        if (key == value && query == key) {
            List<Tensor> qkv = LinearMaps.linear(query, w, b).chunk(3, -1);
            return new Tensor[] {qkv.get(0), qkv.get(1), qkv.get(2)};
        }
        List<Tensor> ws = w.chunk(3, 0);
        List<Tensor> bs = b == null ? null : b.chunk(3, 0);
        return new Tensor[] {
            LinearMaps.linear(query, ws.get(0), bs == null ? null : bs.get(0)),
            LinearMaps.linear(key, ws.get(1), bs == null ? null : bs.get(1)),
            LinearMaps.linear(value, ws.get(2), bs == null ? null : bs.get(2))};
    }

    private static Tensor[] project(Tensor query, Tensor key, Tensor value, Tensor wq, Tensor wk, Tensor wv, Tensor b) {
        if (wq == null || wk == null || wv == null) {
            throw new IllegalArgumentException("multi_head_attention_forward: use_separate_proj_weight is True but "
                    + "q_proj_weight, k_proj_weight or v_proj_weight is None");
        }
        List<Tensor> bs = b == null ? null : b.chunk(3, 0);
        return new Tensor[] {
            LinearMaps.linear(query, wq, bs == null ? null : bs.get(0)),
            LinearMaps.linear(key, wk, bs == null ? null : bs.get(1)),
            LinearMaps.linear(value, wv, bs == null ? null : bs.get(2))};
    }

    /** Checks the attention mask's dtype and shape and returns it additive, {@code [1 or N * heads, L, S]}. */
    private static Tensor checkAttnMask(Tensor mask, long tgtLen, long srcLen, long batchHeads) {
        if (mask.dim() == 2) {
            if (mask.size(0) != tgtLen || mask.size(1) != srcLen) {
                throw new IllegalArgumentException("The shape of the 2D attn_mask is " + torchSize(mask.shape())
                        + ", but should be (" + tgtLen + ", " + srcLen + ").");
            }
            mask = mask.unsqueeze(0);
        } else if (mask.dim() == 3) {
            long[] expected = {batchHeads, tgtLen, srcLen};
            if (!Arrays.equals(mask.shape(), expected)) {
                throw new IllegalArgumentException("The shape of the 3D attn_mask is " + torchSize(mask.shape())
                        + ", but should be " + PyRepr.tuple(expected) + ".");
            }
        } else {
            throw new IllegalArgumentException("attn_mask's dimension " + mask.dim() + " is not supported");
        }
        return additive(mask, "attn_mask");
    }

    /** A bool (or uint8) mask as 0 / -inf, a floating mask as it is. */
    private static Tensor additive(Tensor mask, String name) {
        if (mask.dtype() == DType.BOOL || mask.dtype() == DType.UINT8) {
            Tensor blocked = mask.dtype() == DType.BOOL ? mask : mask.ne(0);
            return Tensor.zeros(DType.FLOAT32, mask.device(), mask.shape())
                    .maskedFill(blocked, Double.NEGATIVE_INFINITY);
        }
        if (!mask.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Only float, byte, and bool types are supported for " + name + ", not "
                    + "torch." + mask.dtype());
        }
        return mask;
    }

    /** Appends a zero column to an additive mask (the key of bias_k or of the zero attention), or null. */
    private static Tensor padLastWithZero(Tensor mask) {
        return mask == null ? null : Padding.pad(mask, new long[] {0, 1}, "constant", null);
    }

    /** {@code [S, N, E]} as {@code [N * heads, S, head_dim]}, or the given static keys or values. */
    private static Tensor heads(String name, Tensor x, Tensor fixed, long batchHeads, long headDim) {
        if (fixed == null) {
            return x.reshape(x.size(0), batchHeads, headDim).transpose(0, 1);
        }
        if (fixed.dim() != 3 || fixed.size(0) != batchHeads) {
            throw new IllegalArgumentException("expecting static_" + name + ".size(0) of " + batchHeads + ", but got "
                    + (fixed.dim() == 0 ? 0 : fixed.size(0)));
        }
        if (fixed.size(2) != headDim) {
            throw new IllegalArgumentException("expecting static_" + name + ".size(2) of " + headDim + ", but got "
                    + fixed.size(2));
        }
        return fixed;
    }

    private static String torchSize(long[] shape) {
        return "torch.Size(" + Shapes.str(shape) + ")";
    }

}
