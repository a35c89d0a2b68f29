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

    /**
     * Creates the layer with PyTorch's defaults (feed-forward size 2048, dropout 0.1, ReLU, sequence
     * first, post-norm), as {@code nn.TransformerDecoderLayer(d_model, nhead)}.
     *
     * @param dModel {@code d_model}, the number of features E of the inputs and outputs
     * @param nhead  the number of attention heads; must divide {@code dModel}
     * @throws IllegalArgumentException with PyTorch's message when {@code nhead} does not divide {@code dModel}
     */
    public TransformerDecoderLayer(long dModel, long nhead) {
        this(options(dModel, nhead));
    }

    /**
     * Creates the layer with a feed-forward size and dropout, ReLU, sequence first, post-norm, as
     * {@code nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout)}.
     *
     * @param dModel         {@code d_model}, the number of features E of the inputs and outputs
     * @param nhead          the number of attention heads; must divide {@code dModel}
     * @param dimFeedforward {@code dim_feedforward}, the hidden size of the feed-forward block (PyTorch's default 2048)
     * @param dropout        the dropout probability (PyTorch's default 0.1)
     * @throws IllegalArgumentException with PyTorch's message when {@code nhead} does not divide {@code dModel}
     */
    public TransformerDecoderLayer(long dModel, long nhead, long dimFeedforward, double dropout) {
        this(options(dModel, nhead).dimFeedforward(dimFeedforward).dropout(dropout));
    }

    /**
     * Creates the layer with every option, as {@code options(...).build()} does.
     *
     * @param o the options from {@link #options(long, long)}
     * @throws IllegalArgumentException with PyTorch's message for an unknown activation or sizes attention
     *                                  does not accept
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public TransformerDecoderLayer(TransformerLayerOptions<TransformerDecoderLayer> o) {
        super(o);
        this.options = new TransformerLayerOptions<>(o);
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

    /**
     * Starts the options of a layer with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param dModel {@code d_model}, the number of features E of the inputs and outputs
     * @param nhead  the number of attention heads; must divide {@code dModel}
     * @return the options
     */
    public static TransformerLayerOptions<TransformerDecoderLayer> options(long dModel, long nhead) {
        return new TransformerLayerOptions<>(dModel, nhead, TransformerDecoderLayer::new);
    }

    /**
     * {@return a deep copy, as Python's {@code copy.deepcopy}: a new layer built from the options this one
     * was built with (as they were then: later changes to the builder do not count), holding a clone of
     * every parameter and buffer (persistent or not, also ones registered later; dtype and device kept),
     * with the same {@code requiresGrad} flags and training modes; as in PyTorch, gradients are not
     * copied. Unlike PyTorch's, hooks are not copied}
     *
     * @throws IllegalStateException when a child was replaced by one of another class, added or removed
     *                               after construction, or a parameter's shape no longer fits the options
     */
    public TransformerDecoderLayer deepCopy() {
        return LayerCopies.copyState(this, new TransformerDecoderLayer(options));
    }

    /**
     * Runs the layer on {@code tgt} attending to {@code memory} (without hooks; {@code call} runs them), as
     * PyTorch's {@code forward} with its arguments in its order.
     *
     * @param tgt                  {@code (T, N, E)}, {@code (N, T, E)} with {@code batch_first}, or unbatched
     *                             {@code (T, E)}
     * @param memory               the encoder's output, {@code (S, N, E)} (batch first or unbatched as {@code tgt})
     * @param tgtMask              {@code tgt_mask}: {@code (T, T)} or {@code (N * nhead, T, T)}, true (or -inf)
     *                             where attention is not allowed; or null
     * @param memoryMask           {@code memory_mask}: {@code (T, S)} or {@code (N * nhead, T, S)}; or null
     * @param tgtKeyPaddingMask    {@code tgt_key_padding_mask}: {@code (N, T)}, true (or -inf) for target
     *                             positions to ignore; or null
     * @param memoryKeyPaddingMask {@code memory_key_padding_mask}: {@code (N, S)}, true (or -inf) for memory
     *                             positions to ignore; or null
     * @return the output, shaped as {@code tgt}
     */
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

    /**
     * Runs {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)} on {@code (tgt, memory[, masks])}.
     *
     * @param inputs {@code tgt} and {@code memory}, then optionally the masks in PyTorch's order (tensors or nulls)
     * @return the output tensor
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        Tensor[] t = TransformerArgs.tensors("TransformerDecoderLayer", "(tgt, memory[, tgt_mask[, memory_mask[, "
                + "tgt_key_padding_mask[, memory_key_padding_mask]]]])", inputs, 2, 6);
        return forward(t[0], t[1], t[2], t[3], t[4], t[5]);
    }
}
