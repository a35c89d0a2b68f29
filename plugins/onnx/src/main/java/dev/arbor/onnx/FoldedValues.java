package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Constant folding for a graph whose initializers may change: the values that follow from Constant nodes,
 * initializers and the shapes of tensors (not from the values fed in), such as the shape arithmetic around
 * Reshape and ConstantOfShape and an exporter's slicing and concatenating of weights. ONNX Runtime folds
 * these once at load; a {@link GraphModule}'s initializers are its parameters, which change as it trains,
 * so each run instead reuses the last run's outputs of such a node when every input is unchanged: a Shape
 * or Size node's input when its shape is, an initializer when it is the same view of the same storage at
 * the same version, and another such node's output when that node was reused. While gradients are
 * recorded, a node that reads a tensor requiring them runs every time, so autograd sees it.
 *
 * <p>The nodes whose outputs follow from Constant nodes and initializers alone (an exporter's
 * reordering of LSTM gate weights: dozens of Slices, Concats and the Constants they read) form a fixed
 * region. When every initializer it reads is unchanged, a run reuses the region as a whole: its nodes
 * are skipped, and only the values that nodes outside it (or the graph's outputs) read are handed
 * over, instead of paying the runner's bookkeeping node by node.
 *
 * <p>Runs may overlap on several threads: each reads the memo the last finished run left, and leaves its
 * own.
 */
final class FoldedValues {
    /** Ops whose outputs depend on their inputs alone: no randomness, no state, no subgraph. */
    private static final Set<String> PURE = Set.of("Constant", "Shape", "Size", "Identity", "Cast", "CastLike",
            "Reshape", "Unsqueeze", "Squeeze", "Flatten", "Transpose", "Expand", "Concat", "Split", "Slice", "Gather",
            "Tile", "Range", "ConstantOfShape", "Where", "Add", "Sub", "Mul", "Div", "Mod", "Neg", "Abs", "Sqrt",
            "Floor", "Ceil", "Max", "Min", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not", "And",
            "Or", "ReduceProd", "ReduceSum", "ReduceMax", "ReduceMin");
    /** An input read from an initializer of the graph. */
    private static final int INITIALIZER = -1;
    /** An input fed in, read from an enclosing graph, or omitted. */
    private static final int OTHER = -2;

    private static final byte NOT_FOLDED = 0;
    private static final byte REUSED = 1;
    private static final byte COMPUTED = 2;

    private final List<NodeProto> nodes;
    private final boolean[] foldable;
    /** The fixed region: foldable nodes that read only initializers and other such nodes' outputs. */
    private final boolean[] fixed;
    /** For each fixed node, whether each output is read outside the region or is a graph output. */
    private final boolean[][] exported;
    /** For each node and input: the index of the node that produces it, {@link #INITIALIZER} or {@link #OTHER}. */
    private final int[][] from;
    private volatile Memo last;

    /**
     * @param nodes        the graph's nodes, in topological order
     * @param registryOp   for each node, true when it runs the registry's op (not a layer module)
     * @param initializers the names the graph's initializers go by
     * @param graphOutputs the names of the graph's outputs
     */
    FoldedValues(List<NodeProto> nodes, boolean[] registryOp, Set<String> initializers, Set<String> graphOutputs) {
        this.nodes = nodes;
        this.foldable = new boolean[nodes.size()];
        this.fixed = new boolean[nodes.size()];
        this.exported = new boolean[nodes.size()][];
        this.from = new int[nodes.size()][];
        Map<String, Integer> producer = new HashMap<>();
        for (int n = 0; n < nodes.size(); n++) {
            NodeProto node = nodes.get(n);
            String domain = node.getDomain();
            foldable[n] = registryOp[n] && (domain.isEmpty() || domain.equals("ai.onnx"))
                    && PURE.contains(node.getOpType());
            from[n] = new int[node.getInputCount()];
            for (int i = 0; i < node.getInputCount(); i++) {
                String name = node.getInput(i);
                Integer p = producer.get(name);
                from[n][i] = p != null ? p : !name.isEmpty() && initializers.contains(name) ? INITIALIZER : OTHER;
            }
            for (String out : node.getOutputList()) {
                producer.put(out, n);
            }
            fixed[n] = foldable[n] && !node.getOpType().equals("Shape") && !node.getOpType().equals("Size");
            for (int i = 0; i < from[n].length && fixed[n]; i++) {
                int p = from[n][i];
                fixed[n] = node.getInput(i).isEmpty() || p == INITIALIZER || p >= 0 && fixed[p];
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            NodeProto node = nodes.get(n);
            if (fixed[n]) {
                exported[n] = new boolean[node.getOutputCount()];
                for (int o = 0; o < node.getOutputCount(); o++) {
                    exported[n][o] = graphOutputs.contains(node.getOutput(o));
                }
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            if (fixed[n]) {
                continue;
            }
            // inputs and the outer values a subgraph reads
            for (String name : GraphRunner.referencedNames(nodes.get(n))) {
                Integer p = producer.get(name);
                if (p != null && fixed[p]) {
                    exported[p][nodes.get(p).getOutputList().indexOf(name)] = true;
                }
            }
        }
        this.last = new Memo(nodes.size());
    }

    /**
     * {@return the bookkeeping of one run}
     *
     * @param scope the values by name, the initializers among them
     */
    Run begin(Function<String, Object> scope) {
        Run run = new Run(last);
        run.reuseRegion(scope);
        return run;
    }

    /** The outputs and input keys of the nodes a run computed. */
    private record Memo(List<Object>[] outputs, Object[][] keys) {
        @SuppressWarnings("unchecked")
        Memo(int nodes) {
            this(new List[nodes], new Object[nodes][]);
        }

        Memo copy() {
            return new Memo(outputs.clone(), keys.clone());
        }
    }

    /** What a run found for each node, and the memo it leaves. */
    final class Run {
        private final Memo before;
        private Memo after;
        private final byte[] status = new byte[nodes.size()];

        private boolean regionReused;

        private Run(Memo before) {
            this.before = before;
        }

        /** Marks the fixed region reused when the last run left all of it and its initializers are unchanged. */
        private void reuseRegion(Function<String, Object> scope) {
            boolean any = false;
            for (int n = 0; n < nodes.size(); n++) {
                if (!fixed[n]) {
                    continue;
                }
                any = true;
                Object[] key = before.keys()[n];
                if (key == null) {
                    return;
                }
                for (int i = 0; i < from[n].length; i++) {
                    if (from[n][i] != INITIALIZER) {
                        continue;
                    }
                    if (!(scope.apply(nodes.get(n).getInput(i)) instanceof Tensor t)
                            || GradMode.isEnabled() && t.requiresGrad() || !sameKey(key[i], TensorFingerprint.of(t))) {
                        return;
                    }
                }
            }
            if (any) {
                regionReused = true;
                for (int n = 0; n < nodes.size(); n++) {
                    if (fixed[n]) {
                        status[n] = REUSED;
                    }
                }
            }
        }

        /** {@return whether node {@code n} is skipped: the fixed region is reused and it is part of it} */
        boolean skips(int n) {
            return regionReused && fixed[n];
        }

        /**
         * Puts the outputs of skipped node {@code n} that are read after the region into the scope.
         *
         * @param put stores a value by name
         */
        void handOver(int n, BiConsumer<String, Object> put) {
            List<Object> outputs = before.outputs()[n];
            for (int o = 0; o < exported[n].length; o++) {
                if (exported[n][o]) {
                    put.accept(nodes.get(n).getOutput(o), outputs.get(o));
                }
            }
        }

        /**
         * {@return node {@code n}'s outputs: the last run's when they still hold, else computed (and kept when
         * they may be reused)}
         *
         * @param scope   the values by name
         * @param compute runs the node
         */
        List<Object> outputs(int n, Function<String, Object> scope, Supplier<List<Object>> compute) {
            if (!foldable[n]) {
                return compute.get();
            }
            NodeProto node = nodes.get(n);
            boolean readsShape = node.getOpType().equals("Shape") || node.getOpType().equals("Size");
            Object[] key = new Object[node.getInputCount()];
            Object[] oldKey = before.keys()[n];
            boolean same = oldKey != null;
            for (int i = 0; i < key.length; i++) {
                int p = from[n][i];
                String name = node.getInput(i);
                if (name.isEmpty()) {
                    continue;
                }
                if (readsShape && i == 0) {
                    if (!(scope.apply(name) instanceof Tensor t)) {
                        return compute.get();
                    }
                    key[i] = t.shape();
                } else if (p >= 0) {
                    if (status[p] == NOT_FOLDED) {
                        return compute.get();
                    }
                    same &= status[p] == REUSED;
                    continue;
                } else if (p == INITIALIZER && scope.apply(name) instanceof Tensor t
                        && !(GradMode.isEnabled() && t.requiresGrad())) {
                    key[i] = TensorFingerprint.of(t);
                } else {
                    return compute.get();
                }
                same = same && sameKey(oldKey[i], key[i]);
            }
            if (same) {
                status[n] = REUSED;
                return before.outputs()[n];
            }
            List<Object> out = Collections.unmodifiableList(new ArrayList<>(compute.get()));
            if (after == null) {
                after = before.copy();
            }
            after.outputs()[n] = out;
            after.keys()[n] = key;
            status[n] = COMPUTED;
            return out;
        }

        /** {@return true when node {@code n}'s outputs are kept for later runs, so must not be handed out as they are} */
        boolean kept(int n) {
            return status[n] != NOT_FOLDED;
        }

        /** Leaves this run's memo for the next runs. */
        void finish() {
            if (after != null) {
                last = after;
            }
        }
    }

    private static boolean sameKey(Object a, Object b) {
        return a instanceof long[] x && b instanceof long[] y ? Arrays.equals(x, y) : b.equals(a);
    }
}
