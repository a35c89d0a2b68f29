package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * A Transformer decoder layer, as {@code torch.nn.TransformerDecoderLayer}: self-attention over the
 * target, attention over the encoder's {@code memory}, then a feed-forward block, each with a residual
 * connection and layer norm, after (default) or before ({@code norm_first}) the block. Children as
 * PyTorch names them: {@code self_attn}, {@code multihead_attn}, {@code linear1}, {@code dropout},
 * {@code linear2}, {@code norm1..3}, {@code dropout1..3} (and {@code activation} when given as a
 * module). Called as {@code layer.call(tgt, memory)} or with the masks in PyTorch's order:
 * {@code layer.call(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask)}.
 */
public class TransformerDecoderLayer extends TransformerLayer {
    private final TransformerLayerOptions<TransformerDecoderLayer> options;

    /** Feed-forward size 2048, dropout 0.1, ReLU, sequence first, post-norm. */
    public TransformerDecoderLayer(long dModel, long nhead) {
        this(options(dModel, nhead));
    }

    /** The given feed-forward size and dropout, ReLU, sequence first, post-norm. */
    public TransformerDecoderLayer(long dModel, long nhead, long dimFeedforward, double dropout) {
        this(options(dModel, nhead).dimFeedforward(dimFeedforward).dropout(dropout));
    }

    /** The layer with {@code options}. */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public TransformerDecoderLayer(TransformerLayerOptions<TransformerDecoderLayer> o) {
        super(o);
        this.options = o;
        register("self_attn", o.attention());
        register("multihead_attn", o.attention());
        register("linear1", o.linear(o.dModel, o.dimFeedforward));
        register("dropout", new Dropout(o.dropout));
        register("linear2", o.linear(o.dimFeedforward, o.dModel));
        register("norm1", o.norm());
        register("norm2", o.norm());
        register("norm3", o.norm());
        register("dropout1", new Dropout(o.dropout));
        register("dropout2", new Dropout(o.dropout));
        register("dropout3", new Dropout(o.dropout));
        activation(o);
    }

    /** The options of a layer with PyTorch's defaults, to adjust and {@code build()}. */
    public static TransformerLayerOptions<TransformerDecoderLayer> options(long dModel, long nhead) {
        return new TransformerLayerOptions<>(dModel, nhead, TransformerDecoderLayer::new);
    }

    /** A deep copy: the same structure, a copy of every parameter and buffer, the same flags. */
    public TransformerDecoderLayer deepCopy() {
        return LayerCopies.copyState(this, new TransformerDecoderLayer(options));
    }

    /** The layer on {@code tgt} attending to {@code memory}, with masks (each null for none) in PyTorch's order. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        if (normFirst) {
            Tensor h = sub("norm1", x);
            x = x.add(attend("self_attn", "dropout1", h, h, tgtMask, tgtKeyPaddingMask));
            x = x.add(attend("multihead_attn", "dropout2", sub("norm2", x), memory, memoryMask, memoryKeyPaddingMask));
            return x.add(feedForward("dropout3", sub("norm3", x)));
        }
        x = sub("norm1", x.add(attend("self_attn", "dropout1", x, x, tgtMask, tgtKeyPaddingMask)));
        x = sub("norm2", x.add(attend("multihead_attn", "dropout2", x, memory, memoryMask, memoryKeyPaddingMask)));
        return sub("norm3", x.add(feedForward("dropout3", x)));
    }

    @Override
    public Object forward(Object... inputs) {
        Tensor[] t = TransformerArgs.tensors("TransformerDecoderLayer", "(tgt, memory[, tgt_mask[, memory_mask[, "
                + "tgt_key_padding_mask[, memory_key_padding_mask]]]])", inputs, 2, 6);
        return forward(t[0], t[1], t[2], t[3], t[4], t[5]);
    }
}
