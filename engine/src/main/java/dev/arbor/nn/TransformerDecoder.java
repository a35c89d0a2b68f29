package dev.arbor.nn;

import dev.arbor.tensor.Tensor;

/**
 * A stack of {@code num_layers} decoder layers, as {@code torch.nn.TransformerDecoder}: {@code layers}
 * holds deep copies of the given layer, followed by the optional {@code norm}. Called as
 * {@code decoder.call(tgt, memory)} or with the masks in PyTorch's order:
 * {@code decoder.call(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask)}.
 */
public class TransformerDecoder extends Module {
    private final int numLayers;

    /**
     * Creates a stack of copies of a layer without a final norm, as {@code nn.TransformerDecoder(decoder_layer, num_layers)}.
     *
     * @param decoderLayer {@code decoder_layer}, the prototype; copied {@code numLayers} times, not registered itself
     * @param numLayers    {@code num_layers}, the number of copies stacked
     */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) {
        this(decoderLayer, numLayers, null);
    }

    /**
     * Creates a stack of copies of a layer followed by a norm, as
     * {@code nn.TransformerDecoder(decoder_layer, num_layers, norm)}.
     *
     * @param decoderLayer {@code decoder_layer}, the prototype; copied {@code numLayers} times, not registered itself
     * @param numLayers    {@code num_layers}, the number of copies stacked
     * @param norm         the final normalization, such as a {@link LayerNorm}, or null (PyTorch's default None)
     */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, Module norm) {
        this.numLayers = numLayers;
        register("layers", LayerCopies.clones(decoderLayer::deepCopy, numLayers));
        if (norm != null) {
            register("norm", norm);
        }
    }

    /** {@return the number of stacked layers, {@code num_layers}} */
    public int numLayers() {
        return numLayers;
    }

    /**
     * Runs every layer in turn on {@code tgt} attending to {@code memory}, with the masks, then the norm
     * (without this module's hooks; {@code call} runs them), as PyTorch's {@code forward} with its arguments
     * in its order.
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
        Tensor output = tgt;
        for (Module layer : (ModuleList) child("layers")) {
            output = layer.call(output, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
        }
        Module norm = child("norm");
        return norm == null ? output : norm.call(output);
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
        Tensor[] t = TransformerArgs.tensors("TransformerDecoder", "(tgt, memory[, tgt_mask[, memory_mask[, "
                + "tgt_key_padding_mask[, memory_key_padding_mask]]]])", inputs, 2, 6);
        return forward(t[0], t[1], t[2], t[3], t[4], t[5]);
    }
}
