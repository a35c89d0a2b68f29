package dev.arbor.onnx;

import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the layers of an imported graph: first the patterns of several nodes (recurrent layers,
 * GroupNorm, InstanceNorm with running statistics, Linear as MatMul and Add), then single nodes ({@link LayerRecognizer}) among the nodes
 * left. A path keeps one layer: a later call of the same module (the same kind of layer, with the same
 * options, over the same tensors; {@link GraphIndex#modulePath} gives its nodes the first call's path)
 * joins it, other layers at a taken path are dropped. A layer is kept only where it is safe: no other
 * initializer lies under its path, its tensors have the initializers' shapes, and each value it computes
 * for a folded initializer equals that initializer exactly and is read by its own nodes alone.
 */
final class LayerFinder {
    private LayerFinder() {}

    /** The layers found, in the order of their first nodes. */
    static List<ImportedLayer> find(GraphProto graph, GraphIndex index) {
        Map<String, Integer> ranks = Ranks.infer(graph, index);
        List<ImportedLayer> found = new ArrayList<>();
        found.addAll(new RecurrentRecognizer(index).recognize());
        found.addAll(new GroupNormRecognizer(index, ranks, ChannelCounts.infer(graph, index, ranks)).recognize());
        found.addAll(new TrackedInstanceNormRecognizer(index).recognize());
        found.addAll(new MatMulLinearRecognizer(index).recognize());
        Set<NodeProto> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        found.forEach(l -> claimed.addAll(l.nodes()));
        LayerRecognizer single = new LayerRecognizer(index, ranks);
        for (NodeProto n : graph.getNodeList()) {
            ImportedLayer l = claimed.contains(n) ? null : single.recognize(n);
            if (l != null && (!l.runsNode() || n.getOutputCount() == 1)) {
                found.add(l);
            }
        }
        found.sort(Comparator.comparingInt(l -> firstPosition(index, l)));
        Map<String, ImportedLayer> byPath = new LinkedHashMap<>();
        for (ImportedLayer l : found) {
            ImportedLayer existing = byPath.get(l.path());
            if (existing == null) {
                if (ownsOnly(l, index.initializers().keySet())) {
                    byPath.put(l.path(), l);
                }
            } else if (existing.sameAs(l) && existing.runsNode() == l.runsNode()) {
                byPath.put(l.path(), join(existing, l));
            }
        }
        List<ImportedLayer> kept = new ArrayList<>();
        for (ImportedLayer l : byPath.values()) {
            if (fits(l, index)) {
                kept.add(l);
            }
        }
        return kept;
    }

    /**
     * The position of a layer's first node, not counting the Identity nodes through which it reads a
     * reused initializer (the exporter puts those first in the graph).
     */
    static int firstPosition(GraphIndex index, ImportedLayer l) {
        return l.nodes().stream().filter(n -> !n.getOpType().equals("Identity")).mapToInt(index::position).min()
                .orElseGet(() -> l.nodes().stream().mapToInt(index::position).min().orElseThrow());
    }

    /** A later call of the same layer joined to the first: its nodes and folded values added. */
    private static ImportedLayer join(ImportedLayer first, ImportedLayer later) {
        List<NodeProto> nodes = new ArrayList<>(first.nodes());
        nodes.addAll(later.nodes());
        Map<String, Function<Module, Tensor>> folded = new LinkedHashMap<>(first.folded());
        later.folded().forEach(folded::putIfAbsent);
        return new ImportedLayer(first.path(), first.module(), first.tensors(), folded, nodes, first.runsNode());
    }

    /** True when no initializer lies under the layer's path except the layer's own tensors. */
    private static boolean ownsOnly(ImportedLayer layer, Set<String> initializerNames) {
        String prefix = layer.path() + ".";
        for (String name : initializerNames) {
            if (name.startsWith(prefix) && !layer.tensors().containsValue(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the layer's tensors have the shapes of the initializers they stand for, and each folded
     * initializer is read by the layer's nodes alone and equals the value computed from the layer.
     */
    private static boolean fits(ImportedLayer l, GraphIndex index) {
        Module m = l.module();
        for (Map.Entry<String, String> e : l.tensors().entrySet()) {
            String leaf = e.getKey();
            Tensor own = m.namedParameters("", false, true).containsKey(leaf) ? m.getParameter(leaf)
                    : m.namedBuffers("", false, true).containsKey(leaf) ? m.getBuffer(leaf) : null;
            if (own == null || !Arrays.equals(own.shape(), index.initializers().get(e.getValue()).shape())) {
                return false;
            }
        }
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<String, Function<Module, Tensor>> e : l.folded().entrySet()) {
                Tensor expected = index.initializers().get(e.getKey());
                Tensor computed = e.getValue().apply(m);
                if (!index.readOnlyBy(e.getKey(), l.nodes()) || !sameValues(expected, computed)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean sameValues(Tensor a, Tensor b) {
        return a.dtype() == b.dtype() && Arrays.equals(a.shape(), b.shape()) && a.eq(b).all().item() != 0;
    }
}
