package dev.arbor.nn;

import dev.arbor.tensor.RemovableHandle;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The kinds of hooks a {@link Module} runs, and the global hooks that run for every module, as
 * {@code torch.nn.modules.module.register_module_forward_hook} and its siblings.
 *
 * <p>A hook that may replace a value returns the replacement, or {@code null} to keep the value it
 * was given. Global hooks run before the module's own hooks of the same kind. Every registration
 * returns a {@link RemovableHandle}.
 */
public final class ModuleHooks {
    private ModuleHooks() {}

    static final HookList<ForwardPreHook> GLOBAL_FORWARD_PRE = new HookList<>();
    static final HookList<ForwardHook> GLOBAL_FORWARD = new HookList<>();
    static final HookList<FullBackwardHook> GLOBAL_BACKWARD = new HookList<>();
    static final HookList<BackwardPreHook> GLOBAL_BACKWARD_PRE = new HookList<>();

    /** Runs before {@code forward}; may replace the positional inputs. */
    @FunctionalInterface
    public interface ForwardPreHook {
        /**
         * Sees the inputs of a call before forward runs.
         *
         * @param module the module being called
         * @param inputs the inputs {@code forward} will get (do not modify the array)
         * @return new inputs, or null to keep them
         */
        Object[] apply(Module module, Object[] inputs);
    }

    /** Runs after {@code forward}; may replace the output. */
    @FunctionalInterface
    public interface ForwardHook {
        /**
         * Sees the inputs and output of a call after forward ran.
         *
         * @param module the module that was called
         * @param inputs the inputs {@code forward} got
         * @param output what {@code forward} (or an earlier forward hook) returned
         * @return a new output, or null to keep it
         */
        Object apply(Module module, Object[] inputs, Object output);
    }

    /**
     * Runs when the gradients with respect to the module's inputs have been computed, as
     * {@code register_full_backward_hook}: {@code gradInput} has one entry per positional input of
     * the call (zeros for an input tensor that got no gradient, null for other values) and
     * {@code gradOutput} one per output (a {@link Tensor} output, or each element of an
     * {@code Object[]}, {@code List} or record output), null where the entry is not a tensor or got
     * no gradient.
     */
    @FunctionalInterface
    public interface FullBackwardHook {
        /**
         * Sees the gradients of the inputs and outputs of one call.
         *
         * @param module     the module whose call the gradients belong to
         * @param gradInput  the gradients with respect to the call's positional inputs
         * @param gradOutput the gradients with respect to the call's outputs
         * @return replacement gradients for the inputs (same length as {@code gradInput}), or null to keep them
         */
        Tensor[] apply(Module module, Tensor[] gradInput, Tensor[] gradOutput);
    }

    /**
     * Runs when the gradients with respect to the module's outputs arrive, before they flow into the
     * module, as {@code register_full_backward_pre_hook}.
     */
    @FunctionalInterface
    public interface BackwardPreHook {
        /**
         * Sees the gradients of the outputs of one call.
         *
         * @param module     the module whose call the gradients belong to
         * @param gradOutput the gradients with respect to the call's outputs, one per output (null
         *                   where the output is not a tensor or got no gradient)
         * @return replacement gradients for the outputs (same length as {@code gradOutput}), or null to keep them
         */
        Tensor[] apply(Module module, Tensor[] gradOutput);
    }

    /** Runs before a module's own entries are written by {@link Module#stateDict}. */
    @FunctionalInterface
    public interface StateDictPreHook {
        /**
         * Runs before the module writes its entries.
         *
         * @param module   the module about to write its entries
         * @param prefix   the prefix of the module's keys ({@code "layer1.0."}; "" for the root)
         * @param keepVars whether the values will be the live parameters rather than detached tensors
         */
        void apply(Module module, String prefix, boolean keepVars);
    }

    /** Runs after a module and its children have written their entries; may replace the map. */
    @FunctionalInterface
    public interface StateDictHook {
        /**
         * Sees the entries written so far (this module's and its children's under {@code prefix}).
         *
         * @param module    the module that wrote its entries
         * @param stateDict the map being written, holding every entry so far (the module's own and
         *                  its children's under {@code prefix}, and those written before them)
         * @param prefix    the prefix of the module's keys ("" for the root)
         * @return a replacement map, or null to keep {@code stateDict} (which the hook may change in place)
         */
        Map<String, Tensor> apply(Module module, Map<String, Tensor> stateDict, String prefix);
    }

    /**
     * Runs before a module's entries are matched by {@link Module#loadStateDict}; may change the
     * (copied) map in place, for example to rename keys of an older layout, and add to the lists.
     */
    @FunctionalInterface
    public interface LoadStateDictPreHook {
        /**
         * Runs before the module's entries are matched.
         *
         * @param module         the module about to be matched
         * @param stateDict      a copy of the entries whose keys start with {@code prefix}; changes
         *                       here are what this module and its children match
         * @param prefix         the prefix of the module's keys ({@code "layer1.0."}; "" for the root)
         * @param missingKeys    the missing keys collected so far; the hook may add to it
         * @param unexpectedKeys the unexpected keys collected so far; the hook may add to it
         * @param errorMsgs      the other problems collected so far; a message added here fails the load
         */
        void apply(Module module, Map<String, Object> stateDict, String prefix, List<String> missingKeys,
                   List<String> unexpectedKeys, List<String> errorMsgs);
    }

    /** Runs after a module and its children were loaded; may change the key lists in place. */
    @FunctionalInterface
    public interface LoadStateDictPostHook {
        /**
         * Runs after the values were copied, children's hooks before their parents'.
         *
         * @param module           the module that was loaded
         * @param incompatibleKeys the keys found missing and unexpected in the whole load; clearing
         *                         entries lets a strict load pass
         */
        void apply(Module module, IncompatibleKeys incompatibleKeys);
    }

    /**
     * Registers a forward pre-hook for every module, as {@code register_module_forward_pre_hook}.
     *
     * @param hook runs before every module's forward, before the module's own pre-hooks
     * @return the handle that removes the hook
     */
    public static RemovableHandle registerModuleForwardPreHook(ForwardPreHook hook) {
        return GLOBAL_FORWARD_PRE.add(hook);
    }

    /**
     * Registers a forward hook for every module, as {@code register_module_forward_hook}.
     *
     * @param hook runs after every module's forward, before the module's own forward hooks
     * @return the handle that removes the hook
     */
    public static RemovableHandle registerModuleForwardHook(ForwardHook hook) {
        return GLOBAL_FORWARD.add(hook);
    }

    /**
     * Registers a full backward hook for every module, as {@code register_module_full_backward_hook}.
     *
     * @param hook runs when the gradients of any module call's inputs are computed
     * @return the handle that removes the hook
     */
    public static RemovableHandle registerModuleFullBackwardHook(FullBackwardHook hook) {
        return GLOBAL_BACKWARD.add(hook);
    }

    /**
     * Registers a backward pre-hook for every module, as {@code register_module_full_backward_pre_hook}.
     *
     * @param hook runs when the gradients of any module call's outputs arrive
     * @return the handle that removes the hook
     */
    public static RemovableHandle registerModuleFullBackwardPreHook(BackwardPreHook hook) {
        return GLOBAL_BACKWARD_PRE.add(hook);
    }
}
