package dev.arbor.backend;

import dev.arbor.backend.cpu.CpuBackend;
import dev.arbor.tensor.Device;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the {@link Backend} for a device: the built-in CPU backend, or a plugin's from ServiceLoader. */
public final class Backends {
    private static final Map<String, Backend> BY_TYPE = discover();

    private Backends() {}

    private static Map<String, Backend> discover() {
        Map<String, Backend> map = new LinkedHashMap<>();
        map.put("cpu", CpuBackend.INSTANCE);
        for (Backend b : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
            map.putIfAbsent(b.deviceType(), b);
        }
        return Map.copyOf(map);
    }

    /** {@return every backend found, keyed by device type ({@code cpu} first), unmodifiable} */
    public static Map<String, Backend> all() {
        return BY_TYPE;
    }

    /**
     * The backend for a device, or a clear error when no plugin provides that device type, or when
     * the backend cannot run here (with its reason) or has no device with that index.
     *
     * @param device the device
     * @return the backend serving {@code device}'s type
     * @throws IllegalStateException when no backend serves the device or it is not usable on this machine
     */
    public static Backend of(Device device) {
        Backend b = BY_TYPE.get(device.type());
        if (b == null) {
            throw new IllegalStateException("no backend for device type '" + device.type() + "': "
                    + (device.type().equals("cuda") ? "put the arbor-cuda plugin on the class path" : "no plugin provides it")
                    + " (backends found: " + BY_TYPE.keySet() + ")");
        }
        if (device.isCpu()) {
            return b;
        }
        if (!b.isAvailable()) {
            throw new IllegalStateException("device " + device + " is not available: " + b.unavailableReason());
        }
        if (device.index() >= b.deviceCount()) {
            throw new IllegalStateException("device " + device + " does not exist: this machine has "
                    + b.deviceCount() + " " + device.type() + " device(s)");
        }
        return b;
    }
}
