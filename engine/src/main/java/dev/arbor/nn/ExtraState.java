package dev.arbor.nn;

/**
 * Which modules have extra state, as PyTorch decides it: a class that overrides
 * {@link Module#getExtraState()} saves it under {@code prefix + "_extra_state"}, and one that overrides
 * {@link Module#setExtraState(Object)} loads it.
 */
final class ExtraState {
    /** The state dict key suffix, PyTorch's {@code _EXTRA_STATE_KEY_SUFFIX}. */
    static final String KEY = "_extra_state";

    private static final ClassValue<Boolean> SAVES = overrides("getExtraState");
    private static final ClassValue<Boolean> LOADS = overrides("setExtraState", Object.class);

    private ExtraState() {
    }

    /** {@return whether {@code module}'s class overrides {@code getExtraState}} */
    static boolean saves(Module module) {
        return SAVES.get(module.getClass());
    }

    /** {@return whether {@code module}'s class overrides {@code setExtraState}} */
    static boolean loads(Module module) {
        return LOADS.get(module.getClass());
    }

    private static ClassValue<Boolean> overrides(String method, Class<?>... parameterTypes) {
        return new ClassValue<>() {
            @Override
            protected Boolean computeValue(Class<?> type) {
                try {
                    return type.getMethod(method, parameterTypes).getDeclaringClass() != Module.class;
                } catch (NoSuchMethodException e) {
                    throw new AssertionError("Module declares " + method, e);
                }
            }
        };
    }
}
