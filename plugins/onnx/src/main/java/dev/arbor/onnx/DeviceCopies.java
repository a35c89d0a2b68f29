package dev.arbor.onnx;

import dev.arbor.tensor.Device;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.MemoryScope;
import dev.arbor.tensor.Tensor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Device copies of the host values a graph feeds to nodes that compute on an accelerator. A graph's own
 * values (Constant nodes, shape arithmetic, the zeros an exporter makes for a recurrent layer's initial
 * state) are made on the host, as ONNX Runtime keeps them; a node whose other operands are on a device
 * gets them there. The runs reuse such values ({@link FoldedValues}), so each is copied once and its copy
 * kept while the value lives and is unchanged (the keys are weak, and compared by identity: tensors do
 * not override {@code equals}).
 */
final class DeviceCopies {
    private record Copy(TensorFingerprint source, Tensor copy) {}

    private final Map<Tensor, Copy> copies = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * {@return {@code t} on {@code device}}: {@code t} itself when it is there, else a copy, the one made
     * earlier when {@code t} has not changed since (a copy that carries a gradient is never kept)
     */
    Tensor on(Device device, Tensor t) {
        if (t.device().equals(device)) {
            return t;
        }
        if (GradMode.isEnabled() && t.requiresGrad()) {
            return t.to(device);
        }
        TensorFingerprint source = TensorFingerprint.of(t);
        Copy kept = copies.get(t);
        if (kept != null && kept.source().equals(source) && kept.copy().device().equals(device)) {
            return kept.copy();
        }
        Tensor copy;
        // kept from run to run: not a temporary of the node that asked, which a run's memory scope releases
        try (MemoryScope untracked = MemoryScope.suspend()) {
            copy = t.detach().to(device);
        }
        copies.put(t, new Copy(source, copy));
        return copy;
    }
}
