package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * A stack of {@code num_layers} encoder layers, as {@code torch.nn.TransformerEncoder}: {@code layers}
 * holds deep copies of the given layer (so every layer starts from the same weights, as in PyTorch;
 * the given layer itself is not registered), followed by the optional {@code norm}. Called as
 * {@code encoder.call(src)} or {@code encoder.call(src, mask, srcKeyPaddingMask)}.
 */
public class TransformerEncoder extends Module {
    private final int numLayers;

    /**
     * Creates a stack of copies of a layer without a final norm, as {@code nn.TransformerEncoder(encoder_layer, num_layers)}.
     *
     * @param encoderLayer {@code encoder_layer}, the prototype; copied {@code numLayers} times, not registered itself
     * @param numLayers    {@code num_layers}, the number of copies stacked
     */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) {
        this(encoderLayer, numLayers, null);
    }

    /**
     * Creates a stack of copies of a layer followed by a norm, as
     * {@code nn.TransformerEncoder(encoder_layer, num_layers, norm)}.
     *
     * @param encoderLayer {@code encoder_layer}, the prototype; copied {@code numLayers} times, not registered itself
     * @param numLayers    {@code num_layers}, the number of copies stacked
     * @param norm         the final normalization, such as a {@link LayerNorm}, or null (PyTorch's default None)
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, Module norm) {
        this.numLayers = numLayers;
        register("layers", LayerCopies.clones(encoderLayer::deepCopy, numLayers));
        if (norm != null) {
            register("norm", norm);
        }
    }

    /** {@return the number of stacked layers, {@code num_layers}} */
    public int numLayers() {
        return numLayers;
    }

    /**
     * Runs every layer in turn without masks, then the norm.
     *
     * @param src {@code (S, N, E)}, {@code (N, S, E)} with {@code batch_first}, or unbatched {@code (S, E)}
     * @return the output, shaped as {@code src}
     */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * Runs every layer in turn with the masks, then the norm (without this module's hooks; {@code call}
     * runs them), as PyTorch's {@code forward(src, mask, src_key_padding_mask)}.
     *
     * @param src               {@code (S, N, E)}, {@code (N, S, E)} with {@code batch_first}, or unbatched
     *                          {@code (S, E)}
     * @param mask              the attention mask: {@code (S, S)} or {@code (N * nhead, S, S)}, true (or -inf)
     *                          where attention is not allowed; or null
     * @param srcKeyPaddingMask {@code src_key_padding_mask}: {@code (N, S)}, true (or -inf) for positions to
     *                          ignore; or null
     * @return the output, shaped as {@code src}
     */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor output = src;
        for (Module layer : (ModuleList) child("layers")) {
            output = layer.call(output, mask, srcKeyPaddingMask);
        }
        Module norm = child("norm");
        return norm == null ? output : norm.call(output);
    }

    /**
     * Runs {@link #forward(Tensor, Tensor, Tensor)} on {@code (src[, mask[, src_key_padding_mask]])}.
     *
     * @param inputs {@code src}, then optionally the masks (tensors or nulls)
     * @return the output tensor
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        Tensor[] t = TransformerArgs.tensors("TransformerEncoder", "(src[, mask[, src_key_padding_mask]])", inputs,
                1, 3);
        return forward(t[0], t[1], t[2]);
    }
}
