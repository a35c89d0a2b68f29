package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code deepCopy} of the Transformer layers behaves as Python's {@code copy.deepcopy} of
 * {@code nn.TransformerEncoderLayer}/{@code nn.TransformerDecoderLayer} in PyTorch 1.13: equal values
 * in independent tensors, non-persistent buffers and later-registered state included, the
 * {@code requires_grad} flags and training modes kept, gradients not copied (checked with
 * {@code copy.deepcopy} in python3-torch 1.13.1).
 */
class TransformerLayerCopyTest {
    private static final Generator GEN = new Generator(7);

    private static TransformerEncoderLayer encoder() {
        return TransformerEncoderLayer.options(4, 2).dimFeedforward(8).dropout(0).build();
    }

    private static TransformerDecoderLayer decoder() {
        return TransformerDecoderLayer.options(4, 2).dimFeedforward(8).dropout(0).build();
    }

    /** Asserts equal values in distinct tensors for every state dict entry, in the same key order. */
    private static void assertEqualButIndependent(Module original, Module copy) {
        Map<String, Tensor> a = original.stateDict();
        Map<String, Tensor> b = copy.stateDict();
        assertEquals(a.keySet().stream().toList(), b.keySet().stream().toList());
        a.forEach((name, t) -> {
            Tensor c = b.get(name);
            assertEquals(t.dtype(), c.dtype(), name);
            assertArrayEquals(t.toDoubleArray(), c.toDoubleArray(), name);
            assertNotSame(t.storage(), c.storage(), name + " shares memory with the original");
        });
    }

    @Test
    void aCopyHasEqualValuesInIndependentTensors() {
        for (Module layer : new Module[] {encoder(), decoder()}) {
            Module copy = layer instanceof TransformerEncoderLayer e ? e.deepCopy() : ((TransformerDecoderLayer) layer).deepCopy();
            assertEqualButIndependent(layer, copy);
            Tensor weight = layer.getParameter("linear1.weight");
            double before = copy.getParameter("linear1.weight").toDoubleArray()[0];
            try (var scope = GradMode.noGrad()) {
                weight.add_(Tensor.ones(weight.shape()));
            }
            assertEquals(before, copy.getParameter("linear1.weight").toDoubleArray()[0], "the copy followed the original");
        }
    }

    @Test
    void aCopyComputesWhatTheOriginalComputes() {
        TransformerEncoderLayer layer = encoder();
        layer.eval();
        Tensor src = Tensor.randn(GEN, 3, 2, 4);
        assertArrayEquals(layer.call(src).toFloatArray(), layer.deepCopy().call(src).toFloatArray());
        TransformerDecoderLayer dec = decoder();
        dec.eval();
        Tensor memory = Tensor.randn(GEN, 5, 2, 4);
        Tensor a = dec.call(src, memory);
        Tensor b = dec.deepCopy().call(src, memory);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    }

    @Test
    void flagsDtypeAndTrainingModesAreKeptButNotGradients() {
        TransformerEncoderLayer layer = encoder();
        layer.call(Tensor.randn(GEN, 3, 1, 4)).sum().backward();
        layer.to(DType.FLOAT64);
        layer.getParameter("linear1.weight").requiresGrad_(false);
        layer.getSubmodule("norm2").eval();
        TransformerEncoderLayer copy = layer.deepCopy();
        assertEquals(DType.FLOAT64, copy.getParameter("self_attn.in_proj_weight").dtype());
        assertFalse(copy.getParameter("linear1.weight").requiresGrad());
        assertTrue(copy.getParameter("linear2.weight").requiresGrad());
        assertTrue(copy.isTraining());
        assertFalse(copy.getSubmodule("norm2").isTraining());
        // copy.deepcopy(layer).linear2.weight.grad is None in PyTorch
        assertTrue(layer.getParameter("linear2.weight").grad() != null);
        assertNull(copy.getParameter("linear2.weight").grad());
    }

    @Test
    void changesToTheBuilderAfterBuildingDoNotReachCopies() {
        TransformerLayerOptions<TransformerEncoderLayer> options = TransformerEncoderLayer.options(4, 2).dimFeedforward(8);
        TransformerEncoderLayer layer = options.build();
        options.dimFeedforward(16).dtype(DType.FLOAT64).normFirst(true).activation("gelu");
        TransformerEncoderLayer copy = layer.deepCopy();
        assertEqualButIndependent(layer, copy);
        assertEquals(layer.toString(), copy.toString());
        assertFalse(copy.normFirst);
    }

    @Test
    void buffersAndParametersRegisteredLaterAreCopied() {
        TransformerDecoderLayer layer = decoder();
        layer.registerBuffer("scale", Tensor.full(2.0, DType.FLOAT32, 3), false);
        layer.getSubmodule("linear1").registerBuffer("count", Tensor.full(5L, DType.INT64), true);
        layer.getSubmodule("norm1").registerParameter("shift", new Parameter(Tensor.randn(GEN, 4), false));
        TransformerDecoderLayer copy = layer.deepCopy();
        assertEqualButIndependent(layer, copy);
        Tensor scale = copy.getBuffer("scale");
        assertArrayEquals(new double[] {2, 2, 2}, scale.toDoubleArray());
        assertNotSame(layer.getBuffer("scale").storage(), scale.storage());
        assertFalse(copy.stateDict().containsKey("scale"), "a non-persistent buffer stays non-persistent");
        assertFalse(copy.getParameter("norm1.shift").requiresGrad());
    }

    @Test
    void aLayerWhoseChildrenChangedCannotBeRebuilt() {
        TransformerEncoderLayer replaced = encoder();
        replaced.register("linear1", new Bilinear(4, 4, 8));
        IllegalStateException e = assertThrows(IllegalStateException.class, replaced::deepCopy);
        assertTrue(e.getMessage().contains("linear1"), e.getMessage());
        TransformerEncoderLayer resized = encoder();
        resized.register("linear2", new Linear(16, 4));
        e = assertThrows(IllegalStateException.class, resized::deepCopy);
        assertTrue(e.getMessage().contains("linear2.weight"), e.getMessage());
    }

    @Test
    void theStacksStartFromCopiesOfTheirLayer() {
        TransformerEncoderLayer layer = encoder();
        TransformerEncoder stack = new TransformerEncoder(layer, 2);
        for (String i : new String[] {"0", "1"}) {
            assertEqualButIndependent(layer, stack.getSubmodule("layers." + i));
        }
    }
}
