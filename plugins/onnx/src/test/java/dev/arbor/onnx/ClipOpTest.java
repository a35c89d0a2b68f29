package dev.arbor.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Clip before opset 11 takes its bounds as float attributes, cast to the input's type as ONNX
 * Runtime casts them: exporters write +-FLT_MAX for a missing bound, which a float16 input must read
 * as no bound (infinity), not as an overflowing scalar.
 */
class ClipOpTest {
    @Test
    void float16ClipWithFloatMaxBoundsClampsOnlyByTheFiniteOne() {
        Tensor x = Tensor.of(new double[] {-70000, -3.5, 0, 2.25, 6.5, 60000}).to(DType.FLOAT16);
        Tensor y = new SingleNodeModel("Clip", 6).input("X", x).attr("min", -Float.MAX_VALUE).attr("max", 6.0)
                .runArbor().getFirst();
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, -3.5, 0, 2.25, 6, 6}, y.to(DType.FLOAT64).toDoubleArray());
        Tensor lower = new SingleNodeModel("Clip", 6).input("X", x).attr("min", -1.0).attr("max", Float.MAX_VALUE)
                .runArbor().getFirst();
        assertArrayEquals(new double[] {-1, -1, 0, 2.25, 6.5, 60000}, lower.to(DType.FLOAT64).toDoubleArray());
    }
}
