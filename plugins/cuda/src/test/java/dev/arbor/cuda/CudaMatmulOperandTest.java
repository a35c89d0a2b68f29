package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** How row-major views map onto cuBLAS's column-major operands. */
class CudaMatmulOperandTest {
    @Test
    void aContiguousMatrixIsItsTransposeInColumnMajorWithoutAnOp() {
        CudaMatmul.Operand op = CudaMatmul.Operand.of(3, 5, 5, 1);
        assertEquals(Cublas.OP_N, op.op());
        assertEquals(5, op.ld());
    }

    @Test
    void aTransposedViewIsColumnMajorAndNeedsTheTransposeOp() {
        // x.t() of a contiguous [5, 3]: shape [3, 5], strides [1, 3]
        CudaMatmul.Operand op = CudaMatmul.Operand.of(3, 5, 1, 3);
        assertEquals(Cublas.OP_T, op.op());
        assertEquals(3, op.ld());
    }

    @Test
    void aRowOfALargerMatrixKeepsItsRowStrideAsLeadingDimension() {
        // a [3, 5] slice of a [3, 8] matrix
        CudaMatmul.Operand op = CudaMatmul.Operand.of(3, 5, 8, 1);
        assertEquals(Cublas.OP_N, op.op());
        assertEquals(8, op.ld());
    }

    @Test
    void sizeOneDimensionsTakeAnyStride() {
        CudaMatmul.Operand row = CudaMatmul.Operand.of(1, 4, 0, 1);
        assertEquals(Cublas.OP_N, row.op());
        assertEquals(4, row.ld());
        CudaMatmul.Operand column = CudaMatmul.Operand.of(4, 1, 1, 77);
        assertEquals(Cublas.OP_N, column.op());
        assertEquals(1, column.ld());
        CudaMatmul.Operand strided = CudaMatmul.Operand.of(1, 4, 9, 3);
        assertEquals(Cublas.OP_T, strided.op());
        assertEquals(3, strided.ld());
    }

    @Test
    void viewsCuBlasCannotReadAreRefused() {
        assertNull(CudaMatmul.Operand.of(3, 5, 10, 2), "no unit stride");
        assertNull(CudaMatmul.Operand.of(3, 5, 4, 1), "overlapping rows");
        assertNull(CudaMatmul.Operand.of(3, 5, 0, 1), "a broadcast row");
    }
}
