package dev.arbor.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.nn.functional.F;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The op-level tracing hook: what is reported, nesting, in-place ops, threads and registration. */
class OpTracerTest {
    /** Keeps only the outermost calls, as {@link OpTracer}'s documentation tells a tracer to. */
    private static final class Outermost implements OpTracer {
        final List<OpCall> calls = new ArrayList<>();
        final List<OpCall> all = new ArrayList<>();

        @Override
        public void onOp(OpCall call) {
            all.add(call);
            calls.removeIf(c -> c.index() >= call.firstNested());
            calls.add(call);
        }

        List<String> names() {
            return calls.stream().map(OpCall::op).toList();
        }
    }

    @Test
    void reportsNameArgumentsAndOutputs() {
        Tensor x = Tensor.randn(new Generator(1), 2, 3);
        Outermost t = new Outermost();
        Tensor y;
        try (RemovableHandle h = OpTracer.register(t)) {
            y = x.view(-1, 2).mul(2.0);
        }
        assertEquals(List.of("view", "mul"), t.names());
        OpCall view = t.calls.getFirst();
        assertSame(x, view.tensor(0));
        assertArrayEquals(new long[] {-1, 2}, view.longs(1), "the shape as the caller gave it");
        assertEquals(List.of(x), view.inputs());
        OpCall mul = t.calls.get(1);
        assertSame(view.output(), mul.tensor(0));
        assertEquals(2.0, mul.number(1));
        assertSame(y, mul.output());
        assertTrue(mul.index() > view.index());
        x.add(1.0);
        assertEquals(2, t.calls.size(), "nothing is reported after the handle is removed");
    }

    @Test
    void innerOpsAreMarkedAsNested() {
        Tensor x = Tensor.randn(new Generator(2), 4, 3);
        Tensor w = Tensor.randn(new Generator(3), 5, 3);
        Tensor b = Tensor.randn(new Generator(4), 5);
        Outermost t = new Outermost();
        try (RemovableHandle h = OpTracer.register(t)) {
            F.relu(F.linear(x, w, b));
        }
        assertEquals(List.of("linear", "relu"), t.names());
        OpCall linear = t.calls.getFirst();
        assertTrue(linear.firstNested() < linear.index(), "linear runs matmul and add inside");
        List<String> inner = t.all.subList((int) linear.firstNested(), (int) linear.index()).stream()
                .map(OpCall::op).toList();
        assertTrue(inner.contains("matmul") && inner.contains("add"), inner.toString());
        assertEquals(List.of(x, w, b), linear.inputs());
    }

    @Test
    void inPlaceOpsWriteTheirFirstArgument() {
        Tensor x = Tensor.zeros(3);
        Outermost t = new Outermost();
        try (RemovableHandle h = OpTracer.register(t)) {
            x.add_(2.0).mul_(Tensor.full(3, DType.FLOAT32, 3));
        }
        assertEquals(List.of("add_", "mul_"), t.names(), "the scalar made into a tensor inside add_ is nested");
        assertTrue(t.calls.getFirst().inPlace());
        assertSame(x, t.calls.get(1).output());
        assertArrayEquals(new float[] {6, 6, 6}, x.toFloatArray());
    }

    @Test
    void listsAndSeveralOutputs() {
        Tensor a = Tensor.ones(2, 2);
        Tensor b = Tensor.zeros(2, 3);
        Outermost t = new Outermost();
        try (RemovableHandle h = OpTracer.register(t)) {
            Tensor.cat(List.of(a, b), 1).chunk(2, 1);
        }
        assertEquals(List.of("cat", "chunk"), t.names());
        assertEquals(List.of(a, b), t.calls.getFirst().inputs());
        assertEquals(2, t.calls.get(1).outputs().size());
    }

    @Test
    void onlyTheRegisteringThreadIsTraced() throws Exception {
        Outermost t = new Outermost();
        try (RemovableHandle h = OpTracer.register(t); var pool = Executors.newSingleThreadExecutor()) {
            Future<?> other = pool.submit(() -> Tensor.ones(2).exp());
            other.get();
            assertThrows(IllegalStateException.class, () -> OpTracer.register(c -> { }));
        }
        assertTrue(t.calls.isEmpty(), t.names().toString());
    }

    @Test
    void aHandleRemovedFromAnotherThreadUnregisters() throws Exception {
        Outermost t = new Outermost();
        RemovableHandle h = OpTracer.register(t);
        try (var pool = Executors.newSingleThreadExecutor()) {
            pool.submit(h::remove).get();
        }
        Tensor.ones(2).exp();
        assertTrue(t.calls.isEmpty(), t.names().toString());
        try (RemovableHandle again = OpTracer.register(t)) {
            Tensor.ones(2).exp();
        }
        assertEquals(List.of("exp"), t.names());
    }

    @Test
    void opsTheTracerRunsAreNotReported() {
        List<String> seen = new ArrayList<>();
        try (RemovableHandle h = OpTracer.register(c -> {
            seen.add(c.op());
            c.output().clone();
        })) {
            Tensor.ones(2).neg();
        }
        assertEquals(List.of("neg"), seen);
    }
}
