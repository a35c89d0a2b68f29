package dev.arbor.tensor;

import dev.arbor.ops.OpTraces;

/**
 * Sees the tensor ops that run on one thread, as PyTorch's tracer does: what ONNX export and other
 * graph capture build on. Every op that computes (behind the methods of {@link Tensor} and the
 * functions of {@code dev.arbor.nn.functional.F}) reports one {@link OpCall} after it ran, with its
 * name, arguments and outputs; a method that only combines other ops ({@code t()}, {@code mm},
 * {@code var}, {@code stack}, {@code narrow}) is seen as the ops it runs. Views and reshapes report
 * the shape as the caller wrote it ({@code -1} kept). An op that returns its input itself
 * ({@code contiguous()} of a contiguous tensor, {@code to} its own dtype, dropout in eval) reports
 * nothing (in a corner case, a call whose output is that input), and so does {@code detach()}, which
 * makes a tensor sharing the input's memory and layout.
 *
 * <p>Ops call other ops: {@code F.linear} runs a matmul and an add, and an in-place {@code add_}
 * with a number first makes that number a tensor. Those inner calls are reported too, before the op
 * that made them, and {@link OpCall#firstNested()} says which they are; a tracer that wants each
 * op once keeps, when a call arrives, only the calls before its {@code firstNested} (the outermost
 * ops are then a program that computes the same values). Reports stay in the order the ops ended.
 *
 * <p>A tracer is registered for the current thread only, one at a time; ops on other threads are not
 * reported to it. Ops the tracer itself runs while handling a call are not reported. When no tracer
 * is registered on any thread an op pays one read of a static field and allocates nothing.
 *
 * <pre>{@code
 * try (RemovableHandle h = OpTracer.register(call -> System.out.println(call.op()))) {
 *     model.call(x);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface OpTracer {
    /**
     * Called after an op ran on the registering thread.
     *
     * @param call the op, its arguments and its outputs
     */
    void onOp(OpCall call);

    /**
     * Registers a tracer for the ops that run on the current thread until the handle is removed.
     *
     * @param tracer the tracer
     * @return a handle whose {@code remove()} (or {@code close()}), from any thread, unregisters it;
     *         calls are counted from 0 for each registration
     * @throws IllegalStateException when this thread already has a tracer
     */
    static RemovableHandle register(OpTracer tracer) {
        return OpTraces.register(tracer);
    }
}
