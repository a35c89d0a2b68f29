package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Init#skipRandom()}: the random initialisers leave tensors alone inside it, and only there. */
class InitSkipRandomTest {
    @Test
    void randomInitialisersLeaveTensorsAsTheyAreInsideTheScope() {
        Tensor t = Tensor.zeros(3, 4);
        try (var skip = Init.skipRandom()) {
            Init.uniform_(t, 1, 2);
            Init.normal_(t, 5, 1);
            Init.truncNormal_(t, 5, 1, 4, 6);
            Init.orthogonal_(t);
            Init.kaimingUniform_(t);
            Init.kaimingNormal_(t);
            Init.xavierUniform_(t);
            Init.xavierNormal_(t);
            assertEquals(0, t.abs().sum().item());
            Init.ones_(t);
            assertEquals(12, t.sum().item(), "the constant initialisers still fill");
        }
        Init.uniform_(t, 2, 3);
        assertTrue(t.min().item() >= 2, "after the scope the random initialisers fill again");
    }

    @Test
    void nestedScopesRestoreTheOuterState() {
        Tensor t = Tensor.zeros(8);
        try (var outer = Init.skipRandom()) {
            try (var inner = Init.skipRandom()) {
                Init.uniform_(t, 1, 2);
            }
            Init.uniform_(t, 1, 2);
            assertEquals(0, t.abs().sum().item(), "still skipping after the inner scope closed");
        }
    }

    @Test
    void aLayerBuiltInsideTheScopeDrawsNoRandomNumbers() {
        Generator.defaultGenerator().manualSeed(7);
        double expected = Tensor.rand(Generator.defaultGenerator(), 1).item();
        Generator.defaultGenerator().manualSeed(7);
        try (var skip = Init.skipRandom()) {
            new Linear(64, 32);
        }
        assertEquals(expected, Tensor.rand(Generator.defaultGenerator(), 1).item(), "the default generator's stream is untouched");
    }
}
