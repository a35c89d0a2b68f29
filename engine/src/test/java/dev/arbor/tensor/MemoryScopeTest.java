package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.backend.cpu.CpuBackend;
import dev.arbor.backend.cpu.CpuStorage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MemoryScope}: what it tracks, what a release hands back, and when it stays out of the way. */
class MemoryScopeTest {
    private static final long BYTES = 1 << 20;

    @BeforeEach
    void needsTheCache() {
        assumeTrue(CpuBackend.class.getModule().isNativeAccessEnabled(), "the block cache needs native access");
        CpuBackend.emptyCache();
    }

    @Test
    void releaseHandsTheMemoryBackAtOnceAndTheNextTensorReusesIt() {
        try (var noGrad = GradMode.noGrad(); MemoryScope memory = MemoryScope.open()) {
            assertTrue(memory.isTracking());
            assertSame(memory, MemoryScope.current());
            int mark = memory.mark();
            Tensor a = Tensor.empty(DType.FLOAT32, Device.CPU, BYTES / Float.BYTES);
            assertEquals(List.of(a.storage()), memory.madeSince(mark));
            assertTrue(memory.owns(a.storage()));
            long address = address(a);
            long cached = CpuBackend.cachedBytes();
            memory.release(a.storage());
            assertFalse(memory.owns(a.storage()), "released once");
            assertTrue(CpuBackend.cachedBytes() >= cached + BYTES, "the block is back without a collection");
            Tensor b = Tensor.full(2.0, DType.FLOAT32, Device.CPU, BYTES / Float.BYTES);
            assertEquals(address, address(b), "the next tensor of that size takes the block");
            assertEquals(2.0 * BYTES / Float.BYTES, b.sum().item());
            memory.release(a.storage());
            assertEquals(2.0 * BYTES / Float.BYTES, b.sum().item(), "a second release of a does nothing");
        }
        assertNull(MemoryScope.current());
    }

    @Test
    void keptStoragesAndThoseMadeOutsideAreNeverReleased() {
        Tensor outside = Tensor.ones(DType.FLOAT32, BYTES / Float.BYTES);
        try (var noGrad = GradMode.noGrad(); MemoryScope memory = MemoryScope.open()) {
            Tensor kept = outside.mul(3.0);
            memory.keep(kept.storage());
            memory.release(kept.storage());
            memory.release(outside.storage());
            Tensor next = Tensor.full(9.0, DType.FLOAT32, Device.CPU, BYTES / Float.BYTES);
            assertTrue(address(next) != address(kept) && address(next) != address(outside));
            assertEquals(3.0 * BYTES / Float.BYTES, kept.sum().item());
            assertEquals((double) BYTES / Float.BYTES, outside.sum().item());
        }
    }

    @Test
    void memoryMadeInAScopeAndNeverReleasedStaysValid() {
        Tensor result;
        try (var noGrad = GradMode.noGrad(); MemoryScope memory = MemoryScope.open()) {
            result = Tensor.full(5.0, DType.FLOAT32, Device.CPU, 1000);
        }
        System.gc();
        Tensor other = Tensor.full(7.0, DType.FLOAT32, Device.CPU, 1000);
        assertEquals(5000.0, result.sum().item());
        assertEquals(7000.0, other.sum().item());
    }

    @Test
    void aScopeTracksNothingWhileGradientsAreRecordedOrATracerListens() {
        try (MemoryScope memory = MemoryScope.open()) {
            assertFalse(memory.isTracking(), "autograd may keep any tensor for the backward pass");
            assertNull(MemoryScope.current());
            Tensor t = Tensor.zeros(DType.FLOAT32, 4);
            assertFalse(memory.owns(t.storage()));
        }
        try (var noGrad = GradMode.noGrad(); var tracer = OpTracer.register(call -> { });
             MemoryScope memory = MemoryScope.open()) {
            assertFalse(memory.isTracking(), "a tracer sees every op's tensors");
        }
    }

    @Test
    void suspendedAndNestedScopesKeepTheirOwnStoragesUntilTheInnerCloses() {
        try (var noGrad = GradMode.noGrad(); MemoryScope outer = MemoryScope.open()) {
            Tensor a = Tensor.zeros(DType.FLOAT32, 4);
            Tensor b;
            Tensor released;
            Tensor kept;
            int mark = outer.mark();
            try (MemoryScope inner = MemoryScope.open()) {
                b = Tensor.zeros(DType.FLOAT32, 4);
                released = Tensor.zeros(DType.FLOAT32, 4);
                kept = Tensor.zeros(DType.FLOAT32, 4);
                assertTrue(inner.owns(b.storage()));
                assertFalse(outer.owns(b.storage()));
                assertFalse(inner.owns(a.storage()));
                inner.release(released.storage());
                inner.keep(kept.storage());
            }
            // what the inner scope returns, the outer one may release at its last use
            assertTrue(outer.owns(b.storage()), "the closing scope hands over what it still holds");
            assertEquals(List.of(b.storage()), outer.madeSince(mark));
            assertFalse(outer.owns(released.storage()));
            assertFalse(outer.owns(kept.storage()));
            try (MemoryScope none = MemoryScope.suspend()) {
                assertFalse(none.isTracking());
                assertNull(MemoryScope.current());
                Tensor c = Tensor.zeros(DType.FLOAT32, 4);
                assertFalse(outer.owns(c.storage()), "a suspended scope's memory belongs to nobody");
            }
            assertSame(outer, MemoryScope.current());
        }
    }

    private static long address(Tensor t) {
        return ((CpuStorage) t.storage()).segment().address();
    }

    @Test
    void scopesCloseInnermostFirst() {
        try (var noGrad = GradMode.noGrad(); MemoryScope outer = MemoryScope.open()) {
            MemoryScope inner = MemoryScope.open();
            assertThrows(IllegalStateException.class, outer::close);
            inner.close();
        }
    }
}
