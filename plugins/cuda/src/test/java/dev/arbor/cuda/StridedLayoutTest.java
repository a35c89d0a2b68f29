package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Dimension coalescing, index width and the Layout struct the elementwise kernels read. */
class StridedLayoutTest {
    @Test
    void contiguousOperandsBecomeOneDimension() {
        StridedLayout l = StridedLayout.of(new long[] {2, 3, 4}, 0, new long[] {12, 4, 1}, new long[] {12, 4, 1});
        assertArrayEquals(new long[] {24}, l.shape());
        assertArrayEquals(new long[] {1}, l.strides(0));
        assertEquals(24, l.numel());
    }

    @Test
    void aBroadcastScalarStaysOneDimensionWithStrideZero() {
        StridedLayout l = StridedLayout.of(new long[] {5, 6}, 0, new long[] {6, 1}, new long[] {0, 0});
        assertArrayEquals(new long[] {30}, l.shape());
        assertArrayEquals(new long[] {0}, l.strides(1));
    }

    @Test
    void aBroadcastRowKeepsTwoDimensions() {
        // [N, C] + [1, C]: the bias repeats every row
        StridedLayout l = StridedLayout.of(new long[] {4, 8}, 0, new long[] {8, 1}, new long[] {8, 1}, new long[] {0, 1});
        assertArrayEquals(new long[] {4, 8}, l.shape());
        assertArrayEquals(new long[] {0, 1}, l.strides(2));
    }

    @Test
    void sizeOneDimensionsDropAndMergeableOnesMerge() {
        // [2, 1, 3, 4] with a channel-like broadcast over the last two
        StridedLayout l = StridedLayout.of(new long[] {2, 1, 3, 4}, 0, new long[] {12, 12, 4, 1}, new long[] {1, 99, 0, 0});
        assertArrayEquals(new long[] {2, 12}, l.shape());
        assertArrayEquals(new long[] {12, 1}, l.strides(0));
        assertArrayEquals(new long[] {1, 0}, l.strides(1));
    }

    @Test
    void dimensionsFollowThePrimaryOperandsStrides() {
        // writing into a transposed view: iterate in the destination's memory order
        StridedLayout l = StridedLayout.of(new long[] {3, 5}, 0, new long[] {1, 3}, new long[] {5, 1});
        assertArrayEquals(new long[] {5, 3}, l.shape());
        assertArrayEquals(new long[] {3, 1}, l.strides(0));
        assertArrayEquals(new long[] {1, 5}, l.strides(1));
    }

    @Test
    void emptyAndScalarShapes() {
        StridedLayout empty = StridedLayout.of(new long[] {3, 0, 2}, 0, new long[] {0, 2, 1});
        assertEquals(0, empty.numel());
        StridedLayout scalar = StridedLayout.of(new long[0], 0, new long[0], new long[0]);
        assertEquals(1, scalar.numel());
        assertArrayEquals(new long[] {1}, scalar.shape());
    }

    @Test
    void thirtyTwoBitIndexingOnlyWhereEveryOffsetFits() {
        assertEquals(KernelSource.Index.I32, StridedLayout.of(new long[] {1000, 1000}, 0, new long[] {1000, 1}).index());
        assertEquals(KernelSource.Index.I64, StridedLayout.of(new long[] {3, 1000}, 0, new long[] {1L << 31, 1}).index());
        assertEquals(KernelSource.Index.I64, StridedLayout.of(new long[] {1L << 31}, 0, new long[] {1}).index());
    }

    @Test
    void wordsFollowTheStructsFieldOrder() {
        StridedLayout l = StridedLayout.of(new long[] {4, 8}, 0, new long[] {8, 1}, new long[] {0, 1});
        long[] w = l.words();
        assertEquals(StridedLayout.WORDS, w.length);
        assertEquals(2, w[0]);
        assertEquals(32, w[1]);
        assertEquals(4, w[2]);
        assertEquals(8, w[3]);
        int strides = 2 + StridedLayout.MAX_DIMS;
        assertEquals(8, w[strides]);
        assertEquals(1, w[strides + 1]);
        assertEquals(0, w[strides + StridedLayout.MAX_DIMS]);
        assertEquals(1, w[strides + StridedLayout.MAX_DIMS + 1]);
    }

    @Test
    void tooManyUnmergeableDimensionsAreRefusedClearly() {
        int n = StridedLayout.MAX_DIMS + 1;
        long[] shape = new long[n];
        long[] strides = new long[n];
        long s = 1;
        for (int i = n - 1; i >= 0; i--) {
            shape[i] = 2;
            strides[i] = s;
            s *= 3; // gaps between every dimension
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StridedLayout.of(shape, 0, strides));
        assertTrue(e.getMessage().contains("at most " + StridedLayout.MAX_DIMS + " dimensions"), e.getMessage());
    }
}
