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

    /** {@code numLayers} copies of {@code decoderLayer}, without a final norm. */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) {
        this(decoderLayer, numLayers, null);
    }

    /** {@code numLayers} copies of {@code decoderLayer}, then {@code norm} (or null). */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, Module norm) {
        this.numLayers = numLayers;
        register("layers", LayerCopies.clones(decoderLayer::deepCopy, numLayers));
        if (norm != null) {
            register("norm", norm);
        }
    }

    /** The number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }

    /**
     * Every layer in turn on {@code tgt} attending to {@code memory}, with the masks (each null for none), then the
     * norm.
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

    @Override
    public Object forward(Object... inputs) {
        Tensor[] t = TransformerArgs.tensors("TransformerDecoder", "(tgt, memory[, tgt_mask[, memory_mask[, "
                + "tgt_key_padding_mask[, memory_key_padding_mask]]]])", inputs, 2, 6);
        return forward(t[0], t[1], t[2], t[3], t[4], t[5]);
    }
}
