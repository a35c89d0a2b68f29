package dev.arbor.ops;

import dev.arbor.tensor.OpCall;
import dev.arbor.tensor.OpTracer;
import dev.arbor.tensor.RemovableHandle;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports ops to the {@link OpTracer} of the current thread. Each public op function brackets its
 * work with {@link #begin()} and, only when that returned a mark (not -1), one of the {@code end}
 * methods:
 *
 * <pre>{@code
 * long trace = OpTraces.begin();
 * Tensor out = ...;
 * return trace < 0 ? out : OpTraces.end(trace, "view", out, t, shape);
 * }</pre>
 *
 * so that with no tracer registered an op costs one read of a volatile field and allocates nothing.
 */
public final class OpTraces {
    /** How many threads have a tracer: when 0, {@link #begin()} looks no further. */
    private static volatile int registered;
    private static final ThreadLocal<Session> SESSION = new ThreadLocal<>();

    private OpTraces() {}

    /**
     * A registered tracer, the number of calls reported to it, whether it is handling one now, and
     * whether its handle was removed (from any thread: the thread-local entry is then ignored).
     */
    private static final class Session {
        final OpTracer tracer;
        long reported;
        boolean busy;
        volatile boolean removed;

        Session(OpTracer tracer) {
            this.tracer = tracer;
        }
    }

    /** Registers {@code tracer} for this thread; see {@link OpTracer#register}. */
    public static RemovableHandle register(OpTracer tracer) {
        if (tracer == null) {
            throw new NullPointerException("tracer");
        }
        Session current = SESSION.get();
        if (current != null && !current.removed) {
            throw new IllegalStateException("this thread already has an OpTracer; remove it before registering another");
        }
        Session session = new Session(tracer);
        SESSION.set(session);
        synchronized (OpTraces.class) {
            registered++;
        }
        return () -> {
            synchronized (OpTraces.class) {
                if (session.removed) {
                    return;
                }
                session.removed = true;
                registered--;
            }
            if (SESSION.get() == session) {
                SESSION.remove();
            }
        };
    }

    /** {@return whether the current thread has a tracer registered} */
    public static boolean active() {
        if (registered == 0) {
            return false;
        }
        Session s = SESSION.get();
        return s != null && !s.removed;
    }

    /** {@return the mark an op passes to {@code end}, or -1 when no tracer on this thread wants its report} */
    public static long begin() {
        if (registered == 0) {
            return -1;
        }
        Session s = SESSION.get();
        return s == null || s.busy || s.removed ? -1 : s.reported;
    }

    /** Reports an op with one output and returns that output. */
    public static Tensor end(long trace, String op, Tensor out, Object... arguments) {
        report(trace, op, List.of(out), arguments);
        return out;
    }

    /** Reports an op with several outputs and returns them. */
    public static List<Tensor> endAll(long trace, String op, List<Tensor> outs, Object... arguments) {
        report(trace, op, outs, arguments);
        return outs;
    }

    /** Reports an op that returns values and indices and returns them. */
    public static Tensor.ValuesIndices end(long trace, String op, Tensor.ValuesIndices out, Object... arguments) {
        report(trace, op, List.of(out.values(), out.indices()), arguments);
        return out;
    }

    private static void report(long trace, String op, List<Tensor> outs, Object[] arguments) {
        Session s = SESSION.get();
        if (s == null || s.busy || s.removed) {
            return;
        }
        long index = s.reported++;
        OpCall call = new OpCall(op, copies(arguments), outs, index, Math.min(trace, index));
        s.busy = true;
        try {
            s.tracer.onOp(call);
        } finally {
            s.busy = false;
        }
    }

    /** The arguments with arrays and lists copied, so a caller that reuses them cannot change the report. */
    private static List<Object> copies(Object[] arguments) {
        List<Object> out = new ArrayList<>(arguments.length);
        for (Object a : arguments) {
            out.add(switch (a) {
                case long[] l -> l.clone();
                case int[] i -> i.clone();
                case double[] d -> d.clone();
                case List<?> list -> List.copyOf(list);
                case null, default -> a;
            });
        }
        return out;
    }
}
