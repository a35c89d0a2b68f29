package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * A Transformer encoder layer, as {@code torch.nn.TransformerEncoderLayer}: self-attention, then a
 * feed-forward block ({@code linear2(dropout(activation(linear1(x))))}), each with a residual
 * connection and layer norm, after (default) or before ({@code norm_first}) the block. Children as
 * PyTorch names them: {@code self_attn}, {@code linear1}, {@code dropout}, {@code linear2},
 * {@code norm1}, {@code norm2}, {@code dropout1}, {@code dropout2} (and {@code activation} when given
 * as a module). Called as {@code layer.call(src)} or {@code layer.call(src, srcMask, srcKeyPaddingMask)}
 * (either mask null). {@code new TransformerEncoderLayer(512, 8)} or
 * {@code TransformerEncoderLayer.options(512, 8).dimFeedforward(1024).batchFirst(true).build()}.
 */
public class TransformerEncoderLayer extends TransformerLayer {
    private final TransformerLayerOptions<TransformerEncoderLayer> options;

    /** Feed-forward size 2048, dropout 0.1, ReLU, sequence first, post-norm. */
    public TransformerEncoderLayer(long dModel, long nhead) {
        this(options(dModel, nhead));
    }

    /** The given feed-forward size and dropout, ReLU, sequence first, post-norm. */
    public TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, double dropout) {
        this(options(dModel, nhead).dimFeedforward(dimFeedforward).dropout(dropout));
    }

    /** The layer with {@code options}. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public TransformerEncoderLayer(TransformerLayerOptions<TransformerEncoderLayer> o) {
        super(o);
        this.options = o;
        register("self_attn", o.attention());
        register("linear1", o.linear(o.dModel, o.dimFeedforward));
        register("dropout", new Dropout(o.dropout));
        register("linear2", o.linear(o.dimFeedforward, o.dModel));
        register("norm1", o.norm());
        register("norm2", o.norm());
        register("dropout1", new Dropout(o.dropout));
        register("dropout2", new Dropout(o.dropout));
        activation(o);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static TransformerLayerOptions<TransformerEncoderLayer> options(long dModel, long nhead) {
        return new TransformerLayerOptions<>(dModel, nhead, TransformerEncoderLayer::new);
    }

    /** A deep copy: the same structure, a copy of every parameter and buffer, the same flags. */
    public TransformerEncoderLayer deepCopy() {
        return LayerCopies.copyState(this, new TransformerEncoderLayer(options));
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /** The layer on {@code src} with an attention mask and a key padding mask (either null). */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            Tensor h = sub("norm1", x);
            x = x.add(attend("self_attn", "dropout1", h, h, srcMask, srcKeyPaddingMask));
            return x.add(feedForward("dropout2", sub("norm2", x)));
        }
        x = sub("norm1", x.add(attend("self_attn", "dropout1", x, x, srcMask, srcKeyPaddingMask)));
        return sub("norm2", x.add(feedForward("dropout2", x)));
    }

    @Override
    public Object forward(Object... inputs) {
        Tensor[] t = TransformerArgs.tensors("TransformerEncoderLayer", "(src[, src_mask[, src_key_padding_mask]])",
                inputs, 1, 3);
        return forward(t[0], t[1], t[2]);
    }
}
