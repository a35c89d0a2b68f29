package dev.arbor.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of ONNX operator implementations: one entry per (domain, op type, first opset version).
 * A model's node gets the entry with the highest first version not above the model's opset, so an op
 * whose behaviour changed registers each version it implements (or one entry that asks
 * {@link OpContext#opset()}).
 */
public final class OnnxOps {
    private record Entry(int sinceVersion, OnnxOp op) {}

    private static final Map<String, List<Entry>> ENTRIES = new HashMap<>();

    static {
        dev.arbor.onnx.ops.OpFamilies.registerAll(new Registrar());
    }

    private OnnxOps() {}

    /** Registration handle given to op families. */
    public static final class Registrar {
        private Registrar() {}

        /**
         * Registers an op of the default domain from {@code sinceVersion} on.
         *
         * @param opType the ONNX operator name, such as {@code Conv}
         * @param sinceVersion the first opset version this implementation serves
         * @param op the implementation
         */
        public void add(String opType, int sinceVersion, OnnxOp op) {
            add("", opType, sinceVersion, op);
        }

        /**
         * Registers an op of a domain from {@code sinceVersion} on.
         *
         * @param domain the operator's domain; empty, null or {@code ai.onnx} for the default domain
         * @param opType the ONNX operator name
         * @param sinceVersion the first opset version of the domain this implementation serves
         * @param op the implementation
         */
        public void add(String domain, String opType, int sinceVersion, OnnxOp op) {
            List<Entry> list = ENTRIES.computeIfAbsent(key(domain, opType), k -> new ArrayList<>());
            list.add(new Entry(sinceVersion, op));
            list.sort(Comparator.comparingInt(Entry::sinceVersion));
        }
    }

    private static String key(String domain, String opType) {
        String d = domain == null || domain.equals("ai.onnx") ? "" : domain;
        return d + ":" + opType;
    }

    /**
     * {@return the implementation for a node of this domain and type under {@code opset}, or null when
     * none is registered for it}
     *
     * @param domain the node's domain; empty, null or {@code ai.onnx} for the default domain
     * @param opType the node's operator name
     * @param opset the opset version of the domain the model imports
     */
    public static OnnxOp find(String domain, String opType, int opset) {
        List<Entry> list = ENTRIES.get(key(domain, opType));
        if (list == null) {
            return null;
        }
        OnnxOp best = null;
        for (Entry e : list) {
            if (e.sinceVersion() <= opset) {
                best = e.op();
            }
        }
        return best;
    }
}
