package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reading values out to Java, with the types whose values a {@code long} or {@code double} bends. */
class ElementAccessTest {
    /** uint64 values above 2^63 stay positive as doubles and text, and keep their bits as longs. */
    @Test
    void uint64AboveTwoToThe63() {
        Tensor t = Tensor.of(new long[] {-1, 5}).to(DType.UINT64);
        assertEquals(0x1p64, t.select(0, 0).item());
        assertEquals(-1L, t.select(0, 0).itemLong());
        assertEquals(0x1p64, t.get(0));
        assertArrayEquals(new double[] {0x1p64, 5}, t.toDoubleArray());
        assertEquals("tensor([18446744073709551615,                    5], dtype=torch.uint64)", t.toString());
        assertEquals(DType.UINT64, t.sum().dtype());
        assertEquals(4L, t.sum().itemLong());
    }

    /** int64 values beyond 2^53 are exact through itemLong and toLongArray. */
    @Test
    void int64BeyondDoublePrecision() {
        long big = (1L << 62) + 1;
        Tensor t = Tensor.of(new long[] {big, -big});
        assertEquals(big, t.select(0, 0).itemLong());
        assertArrayEquals(new long[] {big, -big}, t.toLongArray());
        assertEquals(2 * big, t.select(0, 0).mul(2.0).itemLong());
    }

    @Test
    void halfPrecisionValuesReadExactly() {
        Tensor h = Tensor.of(new double[] {0.1, 65504, 1e-7}).to(DType.FLOAT16);
        assertArrayEquals(new double[] {0.0999755859375, 65504, 1.1920928955078125e-7}, h.toDoubleArray());
        Tensor b = Tensor.of(new double[] {0.1, 3e38}).to(DType.BFLOAT16);
        // the values torch.tensor([0.1, 3e38]).bfloat16().double() gives
        assertArrayEquals(new double[] {0.10009765625, 3.00405527047391e38}, b.toDoubleArray());
    }
}
