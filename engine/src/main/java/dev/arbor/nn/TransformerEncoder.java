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

    /** {@code numLayers} copies of {@code encoderLayer}, without a final norm. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) {
        this(encoderLayer, numLayers, null);
    }

    /** {@code numLayers} copies of {@code encoderLayer}, then {@code norm} (or null). */
    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, Module norm) {
        this.numLayers = numLayers;
        register("layers", LayerCopies.clones(encoderLayer::deepCopy, numLayers));
        if (norm != null) {
            register("norm", norm);
        }
    }

    /** The number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /** Every layer in turn with the attention mask and key padding mask (either null), then the norm. */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor output = src;
        for (Module layer : (ModuleList) child("layers")) {
            output = layer.call(output, mask, srcKeyPaddingMask);
        }
        Module norm = child("norm");
        return norm == null ? output : norm.call(output);
    }

    @Override
    public Object forward(Object... inputs) {
        Tensor[] t = TransformerArgs.tensors("TransformerEncoder", "(src[, mask[, src_key_padding_mask]])", inputs,
                1, 3);
        return forward(t[0], t[1], t[2]);
    }
}
