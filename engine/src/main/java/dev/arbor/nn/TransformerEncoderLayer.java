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

    /**
     * Creates the layer with PyTorch's defaults (feed-forward size 2048, dropout 0.1, ReLU, sequence
     * first, post-norm), as {@code nn.TransformerEncoderLayer(d_model, nhead)}.
     *
     * @param dModel {@code d_model}, the number of features E of the inputs and outputs
     * @param nhead  the number of attention heads; must divide {@code dModel}
     * @throws IllegalArgumentException with PyTorch's message when {@code nhead} does not divide {@code dModel}
     */
    public TransformerEncoderLayer(long dModel, long nhead) {
        this(options(dModel, nhead));
    }

    /**
     * Creates the layer with a feed-forward size and dropout, ReLU, sequence first, post-norm, as
     * {@code nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout)}.
     *
     * @param dModel         {@code d_model}, the number of features E of the inputs and outputs
     * @param nhead          the number of attention heads; must divide {@code dModel}
     * @param dimFeedforward {@code dim_feedforward}, the hidden size of the feed-forward block (PyTorch's default 2048)
     * @param dropout        the dropout probability (PyTorch's default 0.1)
     * @throws IllegalArgumentException with PyTorch's message when {@code nhead} does not divide {@code dModel}
     */
    public TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, double dropout) {
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
    public TransformerEncoderLayer(TransformerLayerOptions<TransformerEncoderLayer> o) {
        super(o);
        this.options = new TransformerLayerOptions<>(o);
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

    /**
     * Starts the options of a layer with PyTorch's defaults, to adjust and {@code build()}.
     *
     * @param dModel {@code d_model}, the number of features E of the inputs and outputs
     * @param nhead  the number of attention heads; must divide {@code dModel}
     * @return the options
     */
    public static TransformerLayerOptions<TransformerEncoderLayer> options(long dModel, long nhead) {
        return new TransformerLayerOptions<>(dModel, nhead, TransformerEncoderLayer::new);
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
    public TransformerEncoderLayer deepCopy() {
        return LayerCopies.copyState(this, new TransformerEncoderLayer(options));
    }

    /**
     * Runs the layer without masks.
     *
     * @param src {@code (S, N, E)}, {@code (N, S, E)} with {@code batch_first}, or unbatched {@code (S, E)}
     * @return the output, shaped as {@code src}
     */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * Runs the layer on {@code src} (without hooks; {@code call} runs them), as PyTorch's
     * {@code forward(src, src_mask, src_key_padding_mask)}.
     *
     * @param src               {@code (S, N, E)}, {@code (N, S, E)} with {@code batch_first}, or unbatched
     *                          {@code (S, E)}
     * @param srcMask           {@code src_mask}: {@code (S, S)} or {@code (N * nhead, S, S)}, true (or -inf)
     *                          where attention is not allowed; or null
     * @param srcKeyPaddingMask {@code src_key_padding_mask}: {@code (N, S)} ({@code (S)} unbatched), true (or
     *                          -inf) for positions to ignore; or null
     * @return the output, shaped as {@code src}
     */
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

    /**
     * Runs {@link #forward(Tensor, Tensor, Tensor)} on {@code (src[, src_mask[, src_key_padding_mask]])}.
     *
     * @param inputs {@code src}, then optionally the masks (tensors or nulls)
     * @return the output tensor
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        Tensor[] t = TransformerArgs.tensors("TransformerEncoderLayer", "(src[, src_mask[, src_key_padding_mask]])",
                inputs, 1, 3);
        return forward(t[0], t[1], t[2]);
    }
}
