package dev.arbor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.functional.LstmOutput;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Identity} passes on one input of any kind, as {@code nn.Identity} in PyTorch 1.13:
 * {@code Identity()([1, 2])} is the list, {@code Identity()(None)} is None,
 * {@code Sequential(LSTM(2, 3), Identity())(x)} is the LSTM's tuple, and two arguments are a TypeError.
 */
class IdentityTest {
    @Test
    void anyInputIsReturnedItself() {
        Identity identity = new Identity();
        List<Integer> list = List.of(1, 2);
        assertSame(list, identity.call((Object) list));
        Tensor x = Tensor.ones(2);
        assertSame(x, identity.call(x));
        Object none = identity.call((Object) null);
        assertNull(none);
    }

    @Test
    void itStandsInForALayerAfterOneWhoseOutputIsNotATensor() {
        LSTM lstm = new LSTM(2, 3);
        Tensor x = Tensor.randn(new Generator(5), 4, 1, 2);
        LstmOutput alone = lstm.call((Object) x);
        LstmOutput through = new Sequential(lstm, new Identity()).call((Object) x);
        assertArrayEquals(alone.output().toFloatArray(), through.output().toFloatArray());
        assertArrayEquals(alone.cN().toFloatArray(), through.cN().toFloatArray());
    }

    @Test
    void moreOrFewerThanOneInputFailAsInPyTorch() {
        Identity identity = new Identity();
        // nn.Identity()(1, 2) and nn.Identity()()
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> identity.call(Tensor.ones(1), Tensor.ones(1)));
        assertTrue(two.getMessage().contains("forward() takes 2 positional arguments but 3 were given"), two.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> identity.call(new Object[0]));
        assertTrue(none.getMessage().contains("forward() missing 1 required positional argument: 'input'"),
                none.getMessage());
    }
}
