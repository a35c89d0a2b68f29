package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.functional.F;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A Java number converted into a tensor's dtype ({@code full}, {@code fill_}, {@code masked_fill},
 * {@code clamp}, {@code pad}) overflows exactly where PyTorch 1.13's {@code checked_convert} does, with
 * its message; arithmetic with a scalar operand still wraps, as PyTorch's does. Each outcome below was
 * printed by Debian's python3-torch 1.13.1 ({@code torch.full((2,), v, dtype=...)} and
 * {@code torch.zeros(2, dtype=...).fill_(v)} agree on every case); a Java {@code int}/{@code long}
 * stands for a Python {@code int}, a Java {@code double} for a Python {@code float}.
 */
class ScalarOverflowTest {
    /** A value, the dtype it is converted to, and what PyTorch made of it (null: the overflow error). */
    private record Case(Number value, DType dtype, Double expected, String cppType) {}

    private static Case fits(Number value, DType dtype, double expected) {
        return new Case(value, dtype, expected, null);
    }

    private static Case overflows(Number value, DType dtype, String cppType) {
        return new Case(value, dtype, null, cppType);
    }

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    private static final List<Case> CASES = List.of(
            fits(255, DType.UINT8, 255), overflows(256, DType.UINT8, "uint8_t"), overflows(300, DType.UINT8, "uint8_t"),
            // negative Python ints wrap into unsigned types down to minus the maximum
            fits(-1, DType.UINT8, 255), fits(-128, DType.UINT8, 128), fits(-129, DType.UINT8, 127),
            fits(-255, DType.UINT8, 1), overflows(-256, DType.UINT8, "uint8_t"),
            // a float must lie within the range exactly, without truncation first
            overflows(255.5, DType.UINT8, "uint8_t"), overflows(256.0, DType.UINT8, "uint8_t"),
            overflows(-1.5, DType.UINT8, "uint8_t"), overflows(-1.0, DType.UINT8, "uint8_t"),
            overflows(1e20, DType.UINT8, "uint8_t"), overflows(INF, DType.UINT8, "uint8_t"),
            overflows(NAN, DType.UINT8, "uint8_t"),
            fits(127, DType.INT8, 127), overflows(128, DType.INT8, "int8_t"), fits(-128, DType.INT8, -128),
            overflows(-129, DType.INT8, "int8_t"), overflows(127.9, DType.INT8, "int8_t"),
            overflows(-128.9, DType.INT8, "int8_t"),
            fits(32767, DType.INT16, 32767), overflows(32768, DType.INT16, "int16_t"),
            overflows(-32769, DType.INT16, "int16_t"),
            fits(2147483647, DType.INT32, 2147483647), overflows(2147483648L, DType.INT32, "int"),
            overflows(-2147483649L, DType.INT32, "int"), overflows(2.5e9, DType.INT32, "int"),
            overflows(0x1p31, DType.INT32, "int"),
            fits(Long.MAX_VALUE, DType.INT64, Long.MAX_VALUE), fits(Long.MIN_VALUE, DType.INT64, Long.MIN_VALUE),
            overflows(1e19, DType.INT64, "int64_t"), overflows(9.3e18, DType.INT64, "int64_t"),
            overflows(INF, DType.INT64, "int64_t"), overflows(NAN, DType.INT64, "int64_t"),
            // nothing overflows bool: every non-zero value is true
            fits(2, DType.BOOL, 1), fits(-1, DType.BOOL, 1), fits(0.5, DType.BOOL, 1), fits(300, DType.BOOL, 1),
            fits(NAN, DType.BOOL, 1), fits(INF, DType.BOOL, 1), fits(1e300, DType.BOOL, 1),
            fits(65504, DType.FLOAT16, 65504), overflows(65505, DType.FLOAT16, "at::Half"),
            overflows(70000, DType.FLOAT16, "at::Half"), overflows(65519.0, DType.FLOAT16, "at::Half"),
            overflows(1e6, DType.FLOAT16, "at::Half"), overflows(-1e6, DType.FLOAT16, "at::Half"),
            fits(INF, DType.FLOAT16, INF), fits(NAN, DType.FLOAT16, NAN), fits(1e-10, DType.FLOAT16, 0),
            fits(1e38, DType.BFLOAT16, 9.969209968386869e37), overflows(3.39e38, DType.BFLOAT16, "at::BFloat16"),
            overflows(1e39, DType.BFLOAT16, "at::BFloat16"), fits(INF, DType.BFLOAT16, INF),
            fits(3.4e38, DType.FLOAT32, 3.3999999521443642e38), overflows(3.4028235e38, DType.FLOAT32, "float"),
            overflows(1e39, DType.FLOAT32, "float"), overflows(-1e39, DType.FLOAT32, "float"),
            fits(Double.NEGATIVE_INFINITY, DType.FLOAT32, Double.NEGATIVE_INFINITY), fits(NAN, DType.FLOAT32, NAN),
            fits(1e-50, DType.FLOAT32, 0),
            fits(1e308, DType.FLOAT64, 1e308), fits(INF, DType.FLOAT64, INF));

    /** Asserts that {@code run} fails with PyTorch's overflow message for {@code cppType}. */
    private static void assertOverflow(String cppType, Executable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        String expected = "value cannot be converted to type " + cppType + " without overflow";
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    private static void assertConversions(String path, Function<Case, Tensor> convert) {
        for (Case c : CASES) {
            String what = path + " of " + c.value() + " into " + c.dtype();
            if (c.expected() == null) {
                assertOverflow(c.cppType(), () -> convert.apply(c));
                continue;
            }
            Tensor t = convert.apply(c);
            assertEquals(c.dtype(), t.dtype(), what);
            for (int i = 0; i < t.numel(); i++) {
                double got = c.dtype() == DType.INT64 ? t.view(-1).select(0, i).itemLong() : t.view(-1).select(0, i).item();
                assertEquals(c.expected(), got, what);
            }
        }
    }

    @Test
    void fullFillAndFullLikeOverflowAsPyTorch() {
        assertConversions("full", c -> Tensor.full(c.value(), c.dtype(), 2));
        assertConversions("fill_", c -> Tensor.zeros(c.dtype(), 2).fill_(c.value()));
        assertConversions("full_like", c -> Tensor.fullLike(Tensor.zeros(c.dtype(), 2), c.value()));
        assertConversions("scalar", c -> Tensor.scalar(c.value(), c.dtype()));
    }

    @Test
    void aFillRecordedByAutogradIsCheckedToo() {
        Tensor x = Tensor.zeros(DType.FLOAT16, 2).requiresGrad_(true).mul(1.0);
        assertOverflow("at::Half", () -> x.fill_(1e6));
        assertArrayEquals(new float[] {0, 0}, x.toFloatArray(), "a failed fill_ leaves the tensor as it was");
    }

    @Test
    void aPythonIntOutsideInt64CannotBeAScalar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.full(BigInteger.TWO.pow(63), DType.INT64, 1));
        // PyTorch: torch.full((1,), 2**63, dtype=torch.int64)
        assertTrue(e.getMessage().contains("Overflow when unpacking long"), e.getMessage());
        assertEquals(Long.MAX_VALUE, Tensor.full(BigInteger.valueOf(Long.MAX_VALUE), DType.INT64).itemLong());
    }

    @Test
    void maskedFillAndClampCheckTheirScalarAsPyTorch() {
        Tensor mask = Tensor.of(new boolean[] {true, false});
        Tensor bytes = Tensor.of(new double[] {3, 4}, DType.UINT8);
        // u.masked_fill(mask, 300), u.clamp(max=300), x.masked_fill(mask, 1e39), x.clamp(max=1e39)
        assertOverflow("uint8_t", () -> bytes.maskedFill(mask, 300));
        assertOverflow("uint8_t", () -> bytes.maskedFill_(mask, 256));
        assertOverflow("uint8_t", () -> bytes.clamp(null, 300.0));
        assertOverflow("float", () -> Tensor.zeros(2).maskedFill(mask, 1e39));
        assertOverflow("float", () -> Tensor.zeros(2).clamp(null, 1e39));
        // a Java int widened to double counts as the Python int: u.masked_fill(mask, -1) is [255, 4]
        assertArrayEquals(new long[] {255, 4}, bytes.maskedFill(mask, -1).toLongArray());
        // u.clamp(min=-1) is [255, 255] in PyTorch 1.13 (the bound wraps to 255 first)
        assertArrayEquals(new long[] {255, 255}, bytes.clamp(-1.0, null).toLongArray());
        assertArrayEquals(new long[] {3, 4}, bytes.toLongArray(), "a failed masked_fill_ changes nothing");
    }

    @Test
    void padAndThresholdTakeTheirValueAsAFloat() {
        Tensor bytes = Tensor.of(new double[] {3, 4}, DType.UINT8);
        // F.pad(u, (1, 0), value=-1) and F.threshold(u, 1, 300) raise: their value is a Python float
        assertOverflow("uint8_t", () -> F.pad(bytes, new long[] {1, 0}, "constant", -1));
        assertOverflow("uint8_t", () -> F.pad(bytes, new long[] {1, 0}, "constant", 300));
        assertOverflow("uint8_t", () -> F.threshold(bytes, 1, 300));
        assertOverflow("float", () -> F.pad(Tensor.zeros(2), new long[] {1, 0}, "constant", 1e39));
        assertArrayEquals(new long[] {255, 3, 4}, F.pad(bytes, new long[] {1, 0}, "constant", 255).toLongArray());
    }

    @Test
    void arithmeticWithAScalarStillWrapsAsPyTorch() {
        // torch.zeros(2, dtype=torch.uint8) + 300 is [44, 44]; * 300 is [0, 0]; + (-1) is [255, 255]
        assertArrayEquals(new long[] {44, 44}, Tensor.zeros(DType.UINT8, 2).add(300).toLongArray());
        assertArrayEquals(new long[] {255, 255}, Tensor.zeros(DType.UINT8, 2).add(-1).toLongArray());
        assertArrayEquals(new long[] {44, 44}, Tensor.zeros(DType.UINT8, 2).add_(300).toLongArray());
        // torch.zeros(2, dtype=torch.int32) + 2**40 is [0, 0]
        assertArrayEquals(new long[] {0, 0}, Tensor.zeros(DType.INT32, 2).add(0x1p40).toLongArray());
        // half + 1e6 and float32 + 1e39 are infinite
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY}, Tensor.zeros(DType.FLOAT16, 1).add(1e6).toFloatArray());
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY}, Tensor.zeros(1).add(1e39).toFloatArray());
    }
}
