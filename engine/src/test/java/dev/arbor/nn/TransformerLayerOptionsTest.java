package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The activation options of the Transformer layers refuse what no layer can run. PyTorch 1.13 accepts
 * {@code activation=None} and fails on the first forward with {@code TypeError: 'NoneType' object is
 * not callable}; Arbor refuses it where it is given, with an {@link IllegalArgumentException} rather
 * than a {@link NullPointerException} from {@code build()}.
 */
class TransformerLayerOptionsTest {
    private static void assertRefused(Executable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains("activation"), e.getMessage());
    }

    @Test
    void aNullActivationIsRefusedAndLeavesTheBuilderAsItWas() {
        var options = TransformerEncoderLayer.options(4, 2).dimFeedforward(8).dropout(0).activation("gelu");
        assertRefused(() -> options.activation(null));
        assertRefused(() -> options.activationFunction(null));
        assertRefused(() -> options.activationModule(null));
        assertRefused(() -> TransformerDecoderLayer.options(4, 2).activation(null));
        // still gelu: the same output as a layer built with gelu and the same weights
        TransformerEncoderLayer built = options.build();
        built.eval();
        TransformerEncoderLayer gelu = TransformerEncoderLayer.options(4, 2).dimFeedforward(8).dropout(0)
                .activation("gelu").build();
        gelu.loadStateDict(built.stateDict());
        gelu.eval();
        Tensor src = Tensor.randn(new Generator(3), 3, 2, 4);
        assertArrayEquals(gelu.call(src).toFloatArray(), built.call(src).toFloatArray());
    }

    @Test
    void aModuleFactoryThatMakesNothingIsRefused() {
        assertRefused(() -> TransformerEncoderLayer.options(4, 2).activationModule(() -> null).build());
    }

    @Test
    void anUnknownActivationNameFailsAsInPyTorch() {
        // nn.TransformerEncoderLayer(4, 2, activation="tanh")
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerEncoderLayer.options(4, 2).activation("tanh").build());
        assertTrue(e.getMessage().contains("activation should be relu/gelu, not tanh"), e.getMessage());
    }
}
