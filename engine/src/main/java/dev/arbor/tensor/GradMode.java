package dev.arbor.tensor;

/**
 * Whether operations on this thread record the autograd graph, as {@code torch.no_grad()} and
 * {@code torch.enable_grad()} set it. Scopes nest and restore the previous mode on close:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     y = model.call(x);   // no graph is recorded
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** A scope that restores the previous grad mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** {@return true when operations on this thread record the graph} */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** {@return a scope that disables graph recording on this thread until closed} */
    public static Scope noGrad() {
        return set(false);
    }

    /** {@return a scope that enables graph recording on this thread until closed} */
    public static Scope enableGrad() {
        return set(true);
    }

    /**
     * {@return a scope that sets graph recording on this thread until closed}
     *
     * @param enabled whether to record the graph
     */
    public static Scope set(boolean enabled) {
        boolean[] state = ENABLED.get();
        boolean previous = state[0];
        state[0] = enabled;
        return () -> state[0] = previous;
    }
}
