package dev.arbor.nn;

import dev.arbor.nn.functional.AttentionOutput;
import dev.arbor.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * What the Transformer encoder and decoder layers share: the options they were built from (for deep
 * copies), the feed-forward activation, and the blocks written over the children PyTorch names
 * ({@code linear1}, {@code dropout}, {@code linear2}, the attentions and their dropouts), each read
 * from the child map at run time so that a replaced child is used.
 */
abstract class TransformerLayer extends Module {
    final boolean normFirst;
    private UnaryOperator<Tensor> activation;

    TransformerLayer(TransformerLayerOptions<?> options) {
        this.normFirst = options.normFirst;
    }

    /** Sets the activation, registering it as the child {@code activation} when it is a module; call last. */
    final void activation(TransformerLayerOptions<?> o) {
        UnaryOperator<Tensor> named = o.namedActivation();
        if (named == null) {
            Module m = o.activationModule.get();
            if (m == null) {
                throw new IllegalArgumentException("the activation module factory returned null; it must make a "
                        + "module, such as GELU::new");
            }
            register("activation", m);
            this.activation = x -> m.call(x);
        } else {
            this.activation = named;
        }
    }

    /** The child {@code name} on {@code x}. */
    final Tensor sub(String name, Tensor x) {
        return child(name).call(x);
    }

    /** The attention child {@code attention} of {@code x} over {@code memory}, through the child {@code dropout}. */
    final Tensor attend(String attention, String dropout, Tensor x, Tensor memory, Tensor mask, Tensor keyPaddingMask) {
        AttentionOutput r = child(attention).call(x, memory, memory, keyPaddingMask, false, mask, true);
        return sub(dropout, r.output());
    }

    /** {@code linear2(dropout(activation(linear1(x))))}, through the child {@code dropout}. */
    final Tensor feedForward(String dropout, Tensor x) {
        return sub(dropout, sub("linear2", sub("dropout", activation.apply(sub("linear1", x)))));
    }
}
