package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code torch.where} and {@code masked_fill} take a bool condition, and uint8 as PyTorch 1.13 still
 * does (with a deprecation warning); any other dtype fails as {@code torch.where} fails in 1.13.1.
 */
class WhereConditionTest {
    private static final Tensor X = Tensor.of(new float[] {1, 2});
    private static final Tensor Y = Tensor.of(new float[] {3, 4});

    /** Each non-bool condition dtype with the name PyTorch 1.13.1's message gives it. */
    private static final Map<DType, String> PYTORCH_NAMES = Map.of(DType.FLOAT32, "Float", DType.FLOAT64, "Double",
            DType.FLOAT16, "Half", DType.BFLOAT16, "BFloat16", DType.INT64, "Long", DType.INT32, "Int",
            DType.INT16, "Short", DType.INT8, "Char");

    private static void assertFails(Executable run, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void aConditionThatIsNotBoolFailsAsInPyTorch() {
        PYTORCH_NAMES.forEach((dtype, name) -> {
            Tensor c = Tensor.of(new double[] {1, 0}, dtype);
            // torch.where(c, x, y) and x.where(c, y)
            String expected = "where expected condition to be a boolean tensor, but got a tensor with dtype " + name;
            assertFails(() -> Tensor.where(c, X, Y), expected);
            assertFails(() -> X.where(c, Y), expected);
        });
    }

    @Test
    void aUint8ConditionIsStillAcceptedAsIn1_13() {
        Tensor c = Tensor.of(new double[] {1, 0}, DType.UINT8);
        // torch.where(c, x, y) is [1., 4.] with a deprecation warning in 1.13.1
        assertArrayEquals(new float[] {1, 4}, Tensor.where(c, X, Y).toFloatArray());
        assertArrayEquals(new float[] {1, 4}, X.where(c, Y).toFloatArray());
        Tensor bool = Tensor.of(new boolean[] {true, false});
        assertArrayEquals(new float[] {1, 4}, Tensor.where(bool, X, Y).toFloatArray());
    }

    @Test
    void maskedFillTakesABoolOrUint8Mask() {
        // x.masked_fill(uint8 [1, 0], 0.) is [0., 2.] in 1.13.1 (deprecated); a float mask is refused
        assertArrayEquals(new float[] {0, 2}, X.maskedFill(Tensor.of(new double[] {1, 0}, DType.UINT8), 0).toFloatArray());
        assertArrayEquals(new float[] {0, 2}, X.maskedFill(Tensor.of(new boolean[] {true, false}), 0).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> X.maskedFill(Tensor.of(new float[] {1, 0}), 0));
        assertTrue(e.getMessage().contains("masked_fill_"), e.getMessage());
    }
}
