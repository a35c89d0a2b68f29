package dev.arbor.tensor;

import java.util.Objects;

/**
 * Where a tensor's memory lives: a device type, such as {@code cpu} or {@code cuda}, and an index.
 * Written and parsed as PyTorch does: {@code cpu}, {@code cuda:0}.
 *
 * @param type  the device type name, as the {@link dev.arbor.backend.Backend} for it reports
 * @param index the device index; always 0 for {@code cpu}
 */
public record Device(String type, int index) {
    /** The host CPU. */
    public static final Device CPU = new Device("cpu", 0);

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException for an empty or malformed type or a negative index
     */
    public Device {
        Objects.requireNonNull(type, "type");
        if (type.isEmpty() || !type.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
            throw new IllegalArgumentException("invalid device type '" + type + "'");
        }
        if (index < 0) {
            throw new IllegalArgumentException("device index must be non-negative, got " + index);
        }
    }

    /**
     * {@return the CUDA device with the given index}
     *
     * @param index the device index
     */
    public static Device cuda(int index) {
        return new Device("cuda", index);
    }

    /**
     * Parses {@code cpu}, {@code cuda}, {@code cuda:1} and the like.
     *
     * @param spec the text
     * @return the device
     */
    public static Device parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return spec.equals("cpu") ? CPU : new Device(spec, 0);
        }
        String idx = spec.substring(colon + 1);
        try {
            return new Device(spec.substring(0, colon), Integer.parseInt(idx));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid device string '" + spec + "'", e);
        }
    }

    /** {@return true for the host CPU} */
    public boolean isCpu() {
        return type.equals("cpu");
    }

    @Override
    public String toString() {
        return isCpu() ? "cpu" : type + ":" + index;
    }
}
