package dev.arbor.onnx.ops;

import static dev.arbor.onnx.ops.AttentionMath.shape;
import static dev.arbor.onnx.ops.Values.axis;
import static dev.arbor.onnx.ops.Values.one;

import dev.arbor.onnx.OnnxOps;
import dev.arbor.onnx.OpContext;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Transformer building blocks: RotaryEmbedding (23), TensorScatter (24, KV-cache writes), Swish (24) and
 * SwiGLU (28).
 */
final class TransformerOps {
    private TransformerOps() {}

    static void register(OnnxOps.Registrar r) {
        r.add("RotaryEmbedding", 23, TransformerOps::rotaryEmbedding);
        r.add("TensorScatter", 24, TransformerOps::tensorScatter);
        r.add("Swish", 24, (ctx, in) -> {
            Tensor x = ctx.tensor(in, 0);
            return one(swish(x, ctx.attributes().getFloat("alpha", 1f)).to(x.dtype()));
        });
        r.add("SwiGLU", 28, (ctx, in) -> {
            Tensor a = ctx.tensor(in, 0);
            Tensor b = ctx.tensor(in, 1);
            return one(swish(a, ctx.attributes().getFloat("alpha", 1f)).mul(b).to(a.dtype()));
        });
    }

    /** {@code x * sigmoid(alpha * x)}. */
    private static Tensor swish(Tensor x, double alpha) {
        return x.mul(alpha == 1 ? x.sigmoid() : x.mul(alpha).sigmoid());
    }

    /**
     * Rotates pairs of features by position-dependent angles: the two halves of the rotated part of each head
     * (or its even and odd features when {@code interleaved}), with cos/sin rows picked by {@code position_ids}
     * or given per batch and position.
     */
    private static List<Object> rotaryEmbedding(OpContext ctx, List<Object> in) {
        var a = ctx.attributes();
        Tensor input = ctx.tensor(in, 0);
        Tensor cosCache = ctx.tensor(in, 1);
        Tensor sinCache = ctx.tensor(in, 2);
        Tensor positions = ctx.optionalTensor(in, 3);
        Tensor x;
        if (input.dim() == 4) {
            x = input.permute(0, 2, 1, 3);
        } else if (input.dim() == 3) {
            long heads = a.getInt("num_heads", 0);
            if (heads <= 0 || input.size(2) % heads != 0) {
                throw ctx.error("a 3-d input of shape " + shape(input) + " needs num_heads dividing its last dimension");
            }
            x = input.reshape(input.size(0), input.size(1), heads, input.size(2) / heads);
        } else {
            throw ctx.error("the input must be rank 3 or 4, got shape " + shape(input));
        }
        long batch = x.size(0);
        long seq = x.size(1);
        long headSize = x.size(3);
        long rotary = a.getInt("rotary_embedding_dim", 0);
        if (rotary == 0) {
            rotary = headSize;
        }
        if (rotary > headSize || rotary % 2 != 0) {
            throw ctx.error("rotary_embedding_dim " + rotary + " must be even and at most the head size " + headSize);
        }
        long half = rotary / 2;
        Tensor cos = cacheRows(ctx, cosCache, positions, batch, seq, half).unsqueeze(2);
        Tensor sin = cacheRows(ctx, sinCache, positions, batch, seq, half).unsqueeze(2);
        Tensor rotated = x.narrow(3, 0, rotary);
        boolean interleaved = a.getInt("interleaved", 0) != 0;
        Tensor x1;
        Tensor x2;
        if (interleaved) {
            Tensor pairs = rotated.reshape(batch, seq, x.size(2), half, 2);
            x1 = pairs.select(4, 0);
            x2 = pairs.select(4, 1);
        } else {
            x1 = rotated.narrow(3, 0, half);
            x2 = rotated.narrow(3, half, half);
        }
        cos = cos.to(x.dtype());
        sin = sin.to(x.dtype());
        Tensor real = cos.mul(x1).sub(sin.mul(x2));
        Tensor imag = sin.mul(x1).add(cos.mul(x2));
        Tensor out = interleaved ? Tensor.stack(List.of(real, imag), 4).reshape(rotated.shape())
                : Tensor.cat(List.of(real, imag), 3);
        if (rotary < headSize) {
            out = Tensor.cat(List.of(out, x.narrow(3, rotary, headSize - rotary)), 3);
        }
        out = input.dim() == 4 ? out.permute(0, 2, 1, 3) : out.reshape(input.shape());
        return one(out.to(input.dtype()));
    }

    /** {@code [batch, seq, half]} rows of a cache: picked by position ids, or the cache itself. */
    private static Tensor cacheRows(OpContext ctx, Tensor cache, Tensor positions, long batch, long seq, long half) {
        Tensor rows;
        if (positions != null) {
            if (cache.dim() != 2) {
                throw ctx.error("with position_ids the cos/sin caches must be 2-d, got shape " + shape(cache));
            }
            Tensor ids = ShapeOps.wrapNegative(positions, cache.size(0)).reshape(-1);
            rows = cache.indexSelect(0, ids).reshape(batch, seq, cache.size(1));
        } else {
            if (cache.dim() != 3) {
                throw ctx.error("without position_ids the cos/sin caches must be 3-d, got shape " + shape(cache));
            }
            rows = cache;
        }
        if (rows.size(-1) != half) {
            throw ctx.error("the cos/sin caches have " + rows.size(-1) + " columns, expected half the rotary dimension ("
                    + half + ")");
        }
        return rows;
    }

    /**
     * Writes {@code update} into a copy of {@code past_cache} along the sequence axis, at each batch entry's
     * write index (linear) or wrapping around the cache (circular).
     */
    private static List<Object> tensorScatter(OpContext ctx, List<Object> in) {
        Tensor cache = ctx.tensor(in, 0);
        Tensor update = ctx.tensor(in, 1);
        Tensor writeIndices = ctx.optionalTensor(in, 2);
        String mode = ctx.attributes().getString("mode", "linear");
        int ax = axis(ctx, ctx.attributes().getInt("axis", -2), cache.dim());
        if (ax == 0) {
            throw ctx.error("the sequence axis cannot be the batch axis 0");
        }
        if (update.dim() != cache.dim()) {
            throw ctx.error("update of shape " + shape(update) + " does not match the cache's rank " + cache.dim());
        }
        for (int d = 0; d < cache.dim(); d++) {
            if (d != ax && update.size(d) != cache.size(d)) {
                throw ctx.error("update of shape " + shape(update) + " differs from the cache " + shape(cache)
                        + " outside the sequence axis " + ax);
            }
        }
        long batch = cache.size(0);
        long maxLen = cache.size(ax);
        long len = update.size(ax);
        long[] starts = writeIndices == null ? new long[(int) batch] : writeIndices.toLongArray();
        if (starts.length != batch) {
            throw ctx.error("write_indices has " + starts.length + " entries for a batch of " + batch);
        }
        boolean circular = switch (mode) {
            case "linear" -> false;
            case "circular" -> true;
            default -> throw ctx.error("unknown mode '" + mode + "'");
        };
        long[] positions = new long[(int) (batch * len)];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < len; j++) {
                long p = starts[b] + j;
                if (circular) {
                    p = Math.floorMod(p, maxLen);
                } else if (p < 0 || p >= maxLen) {
                    throw ctx.error("batch " + b + " writes position " + p + " outside a cache of length " + maxLen);
                }
                positions[b * (int) len + j] = p;
            }
        }
        long[] indexShape = new long[cache.dim()];
        Arrays.fill(indexShape, 1);
        indexShape[0] = batch;
        indexShape[ax] = len;
        Tensor index = Tensor.of(positions, indexShape).to(cache.device()).expand(update.shape());
        return one(cache.scatter(ax, index.contiguous(), update.to(cache.dtype())));
    }
}
