package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How reductions are laid out over threads and blocks (reduce.cu's ReduceLayout). */
class ReducePlanTest {
    private static final int SMS = 132;

    @Test
    void aLastDimensionReductionGivesEachOutputAFullBlockOfLanes() {
        // softmax-like: [4096, 1024] summed over the last dimension
        ReducePlan p = ReducePlan.of(new long[] {4096, 1024}, new long[] {1024, 1}, new long[] {1, 1}, new int[] {1}, SMS, true);
        assertTrue(p.rFast());
        assertEquals(256, p.lanesR());
        assertEquals(4096, p.numOut());
        assertEquals(1024, p.numR());
        assertEquals(4096, p.blocks());
        assertEquals(1, p.splits());
    }

    @Test
    void aShortInnerReductionPacksSeveralOutputsPerBlock() {
        ReducePlan p = ReducePlan.of(new long[] {1000, 5}, new long[] {5, 1}, new long[] {1, 1}, new int[] {1}, SMS, true);
        assertEquals(8, p.lanesR());
        assertEquals(Math.ceilDiv(1000, 32), p.blocks());
    }

    @Test
    void aLeadingDimensionReductionLetsNeighbouringThreadsTakeNeighbouringOutputs() {
        // bias gradient: [N, C] summed over N
        ReducePlan p = ReducePlan.of(new long[] {512, 4096}, new long[] {4096, 1}, new long[] {4096, 1}, new int[] {0}, SMS,
                true);
        assertFalse(p.rFast());
        assertEquals(1, p.lanesR());
        assertEquals(16, p.blocks());
        assertEquals(17, p.splits(), "16 blocks would leave most of 132 multiprocessors idle");
    }

    @Test
    void fewOutputsOfManyElementsAreSplitAndCombinedInASecondPass() {
        ReducePlan p = ReducePlan.of(new long[] {1 << 24}, new long[] {1}, new long[] {0}, new int[] {0}, SMS, true);
        assertEquals(1, p.numOut());
        assertTrue(p.rFast());
        assertEquals(256, p.lanesR());
        assertEquals(2 * SMS, p.splits());
        ReducePlan combine = p.combinePass(SMS);
        assertEquals(1, combine.numOut());
        assertEquals(p.splits(), combine.numR());
        assertEquals(1, combine.splits());
        assertTrue(combine.rFast());
    }

    @Test
    void argReductionsAreNeverSplit() {
        ReducePlan p = ReducePlan.of(new long[] {1 << 24}, new long[] {1}, new long[] {0}, new int[] {0}, SMS, false);
        assertEquals(1, p.splits());
    }

    @Test
    void theCombinePassReadsPartialsContiguouslyAndWritesTheOriginalPositions() {
        // [8, 1<<20] reduced over dim 1 into a [8, 1] destination with stride 1
        ReducePlan p = ReducePlan.of(new long[] {8, 1 << 20}, new long[] {1 << 20, 1}, new long[] {1, 1}, new int[] {1}, SMS,
                true);
        assertTrue(p.splits() > 1);
        ReducePlan c = p.combinePass(SMS);
        assertArrayEquals(new long[] {8}, c.kept().shape());
        assertArrayEquals(new long[] {1}, c.kept().strides(0));
        assertArrayEquals(new long[] {1}, c.kept().strides(1));
        assertArrayEquals(new long[] {8}, c.reduced().strides(0), "partial r of output o is at r * numOut + o");
    }

    @Test
    void reducingSeveralDimensionsCoalescesThem() {
        // mean over H and W of [N, C, H, W]
        ReducePlan p = ReducePlan.of(new long[] {2, 3, 4, 5}, new long[] {60, 20, 5, 1}, new long[] {3, 1, 1, 1},
                new int[] {2, 3}, SMS, true);
        assertArrayEquals(new long[] {20}, p.reduced().shape());
        assertArrayEquals(new long[] {6}, p.kept().shape());
        assertArrayEquals(new long[] {20}, p.kept().strides(0));
        assertArrayEquals(new long[] {1}, p.kept().strides(1));
    }

    @Test
    void wordsFollowTheStructsFieldOrder() {
        ReducePlan p = ReducePlan.of(new long[] {6, 7}, new long[] {7, 1}, new long[] {1, 1}, new int[] {1}, SMS, true);
        long[] w = p.words();
        int max = StridedLayout.MAX_DIMS;
        assertEquals(ReducePlan.WORDS, w.length);
        assertEquals(6, w[0]);
        assertEquals(7, w[1]);
        assertEquals(1, w[2]);
        assertEquals(6, w[3]);
        assertEquals(7, w[3 + max]);
        assertEquals(1, w[3 + 2 * max]);
        assertEquals(1, w[3 + 3 * max]);
        assertEquals(7, w[4 + 3 * max]);
        assertEquals(1, w[4 + 4 * max]);
        assertEquals(p.lanesR(), w[4 + 5 * max]);
        assertEquals(1, w[5 + 5 * max]);
    }

    @Test
    void powersOfTwo() {
        assertEquals(1, ReducePlan.nextPowerOfTwo(0));
        assertEquals(1, ReducePlan.nextPowerOfTwo(1));
        assertEquals(8, ReducePlan.nextPowerOfTwo(5));
        assertEquals(1024, ReducePlan.nextPowerOfTwo(1024));
    }
}
