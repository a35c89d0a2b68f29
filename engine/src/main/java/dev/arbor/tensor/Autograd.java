package dev.arbor.tensor;

import dev.arbor.ops.Elementwise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Reverse-mode automatic differentiation, define-by-run as in PyTorch. Every differentiable op
 * computes its output, then calls {@link #record} with a backward function written with tensor ops,
 * so autograd is the same on every backend. {@link Tensor#backward} and {@link #grad} run the graph.
 */
public final class Autograd {
    private static final ThreadLocal<boolean[]> DETECT_ANOMALY = ThreadLocal.withInitial(() -> new boolean[1]);

    private Autograd() {}

    /**
     * Checks, until the returned scope is closed, every gradient the backward computes on this thread
     * for NaN, failing at the first node that makes one with PyTorch's message ("Function
     * 'LogBackward0' returned nan values in its 0th output."), as {@code torch.autograd.detect_anomaly}.
     * Slower; meant for finding where a NaN comes from.
     *
     * @return Checks, until the returned scope is closed, every gradient the backward computes on this thread for NaN, failing at the first node that makes one with PyTorch's message ("Function 'LogBackward0' returned nan values in its 0th output."), as {@code torch.autograd.detect_anomaly}
     */
    public static GradMode.Scope detectAnomaly() {
        boolean[] state = DETECT_ANOMALY.get();
        boolean previous = state[0];
        state[0] = true;
        return () -> state[0] = previous;
    }

    /** {@return true inside a {@link #detectAnomaly()} scope on this thread} */
    public static boolean isAnomalyDetectionEnabled() {
        return DETECT_ANOMALY.get()[0];
    }

    /** The backward of one op: the gradients of its inputs (null where none) from the output's. */
    @FunctionalInterface
    public interface Backward {
        /**
         * {@return the gradient of each input, in the order they were recorded (null where an input needs none)}
         *
         * @param gradOutput the gradient of the op's output
         */
        Tensor[] apply(Tensor gradOutput);
    }

    /**
     * Attaches a backward to {@code output} when grad mode is on and any input requires grad; the
     * usual way for an op, or a user's custom function, to become differentiable.
     *
     * @param name     the node's name, as PyTorch names them ({@code MulBackward0})
     * @param output   the op's result, freshly made by the op
     * @param inputs   the op's tensor inputs, in the order the backward returns their gradients
     * @param backward the backward function; a gradient it returns in memory it just made may become a
     *                 leaf's {@code grad()} without a copy, so it must not keep that tensor elsewhere
     * @param saved    the tensors the backward reads; a later in-place change to any of them makes
     *                 the backward fail with PyTorch's error instead of giving a wrong gradient
     * @return {@code output}
     */
    public static Tensor record(String name, Tensor output, Tensor[] inputs, Backward backward, Tensor... saved) {
        if (!needsGrad(inputs)) {
            return output;
        }
        Node.Edge[] edges = new Node.Edge[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in != null && in.requiresGrad()) {
                edges[i] = new Node.Edge(in.gradNode(), in.shape(), in.dtype(), in.device());
            }
        }
        output.attachGradFn(new FunctionNode(name, edges, backward, saved));
        return output;
    }

    /**
     * Records that {@code dst} was just overwritten in place with {@code src}'s values (broadcast to
     * {@code dst}'s shape): the engine behind every in-place op under autograd, as PyTorch's
     * {@code CopySlices}. A tensor that is not a view takes {@code src}'s history (none when {@code src}
     * needs no gradient). For a view, the tensor it views gets a new history: the gradient at the
     * view's elements flows to {@code src}, the rest to the old history; the view and any older views
     * of the same tensor then take their history from that.
     *
     * @param dst the tensor that was just written
     * @param src the values written, broadcast to {@code dst}'s shape
     * @throws IllegalStateException for a view of a leaf that requires grad, as PyTorch refuses it
     */
    public static void recordOverwrite(Tensor dst, Tensor src) {
        long[] srcShape = src.shape();
        Tensor base = dst.viewBase();
        if (base == null) {
            if (needsGrad(src)) {
                record("CopyBackwards", dst, new Tensor[] {src}, g -> new Tensor[] {Elementwise.sumToShape(g, srcShape)});
            } else {
                dst.detach_();
            }
            return;
        }
        checkInPlace(dst);
        Tensor positions = viewPositions(base, dst);
        Tensor oldHistory = Tensor.wrap(base.storage(), base.dtype(), base.shape(), base.strides(), base.offset());
        if (base.gradFn() != null) {
            oldHistory.attachGradFn(base.gradFn());
        }
        long[] baseShape = base.shape();
        long[] dstShape = dst.shape();
        record("CopySlices", base, new Tensor[] {oldHistory, src}, g -> {
            Tensor flat = g.reshape(-1);
            Tensor index = positions.reshape(-1);
            Tensor outside = flat.scatter(0, index, Tensor.zeros(g.dtype(), g.device(), index.numel())).view(baseShape);
            Tensor inside = flat.indexSelect(0, index).view(dstShape);
            return new Tensor[] {outside, Elementwise.sumToShape(inside, srcShape)};
        });
        base.historyRebased();
    }

    /**
     * PyTorch's refusal, in grad mode, of in-place changes to a leaf that requires grad or to a view of
     * one: its gradient would no longer be the gradient of the value the user made. Call before writing.
     *
     * @param dst the tensor that was just written
     */
    public static void checkInPlace(Tensor dst) {
        if (!GradMode.isEnabled()) {
            return;
        }
        if (dst.isLeaf() && dst.requiresGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        Tensor base = dst.viewBase();
        if (base != null && base.isLeaf() && base.requiresGrad()) {
            throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an "
                    + "in-place operation.");
        }
    }

    /** Gives {@code view} the history of a view of {@code base}'s current history. */
    static void recordViewOf(Tensor view, Tensor base) {
        if (!needsGrad(base)) {
            return;
        }
        Tensor positions = viewPositions(base, view);
        long[] baseShape = base.shape();
        record("AsStridedBackward0", view, new Tensor[] {base}, g -> new Tensor[] {
            Tensor.zeros(g.dtype(), g.device(), Shapes.numel(baseShape))
                    .indexAdd(0, positions.reshape(-1), g.reshape(-1)).view(baseShape)});
    }

    /** For each element of {@code view}, its row-major index among {@code base}'s elements. */
    private static Tensor viewPositions(Tensor base, Tensor view) {
        long span = Math.max(extent(base), extent(view));
        Tensor slots = Tensor.full(-1L, DType.INT64, base.device(), span);
        Tensor.wrap(slots.storage(), DType.INT64, base.shape(), base.strides(), base.offset())
                .copy_(Tensor.arange(base.numel()).view(base.shape()));
        Tensor positions = Tensor.wrap(slots.storage(), DType.INT64, view.shape(), view.strides(), view.offset()).clone();
        if (positions.numel() > 0 && positions.min().itemLong() < 0) {
            throw new IllegalStateException("an in-place change under autograd to a view that reaches outside the "
                    + "tensor it views is not supported (view of shape " + Shapes.str(view.shape()) + ", strides "
                    + Shapes.str(view.strides()) + ", offset " + view.offset() + ")");
        }
        return positions;
    }

    /** One past the largest storage element a tensor reaches. */
    private static long extent(Tensor t) {
        long last = t.offset();
        for (int i = 0; i < t.dim(); i++) {
            if (t.size(i) == 0) {
                return t.offset();
            }
            last += (t.size(i) - 1) * t.stride(i);
        }
        return last + 1;
    }

    /**
     * {@return true when grad mode is on and any of the tensors requires grad}
     *
     * @param inputs the inputs
     */
    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Computes and returns the gradients of {@code outputs} with respect to {@code inputs} without
     * touching any {@code .grad}, as {@code torch.autograd.grad}.
     *
     * @param outputs the tensors to differentiate
     * @param inputs the tensors to differentiate with respect to
     * @param retainGraph keep the graph for another backward
     * @param createGraph record the backward, for higher derivatives
     * @return Computes and returns the gradients of {@code outputs} with respect to {@code inputs} without touching any {@code .grad}, as {@code torch.autograd.grad}
     * @param gradOutputs one per output, or null for scalar outputs (ones)
     * @param allowUnused when false, an input the outputs do not depend on is an error; when true its
     *                    gradient is null
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        Map<Node, Tensor> captured = new IdentityHashMap<>();
        List<Node> inputNodes = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("One of the differentiated Tensors does not require grad");
            }
            Node n = in.gradNode();
            inputNodes.add(n);
            captured.put(n, null);
        }
        run(outputs, gradOutputs, retainGraph, createGraph, captured);
        List<Tensor> result = new ArrayList<>();
        for (int i = 0; i < inputNodes.size(); i++) {
            Tensor g = captured.get(inputNodes.get(i));
            if (g == null && !allowUnused) {
                throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in "
                        + "the graph. Set allow_unused=True if this is the desired behavior.");
            }
            result.add(g);
        }
        return result;
    }

    /** The engine behind {@link Tensor#backward}: accumulates into the leaves' {@code .grad}. */
    static void backward(List<Tensor> outputs, List<Tensor> gradOutputs, boolean retainGraph, boolean createGraph) {
        run(outputs, gradOutputs, retainGraph, createGraph, null);
    }

    /**
     * Runs the graph from the outputs in reverse topological order (newest node first among the
     * ready ones, as PyTorch's sequence numbers order them). When {@code capture} is given, the
     * gradients arriving at its nodes are stored there and those nodes are not run.
     */
    private static void run(List<Tensor> outputs, List<Tensor> gradOutputs, boolean retainGraph,
                            boolean createGraph, Map<Node, Tensor> capture) {
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        // gradients whose memory nothing outside this pass can reach: a leaf may keep one without a copy
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            if (!out.requiresGrad()) {
                throw new IllegalStateException("element " + i
                        + " of tensors does not require grad and does not have a grad_fn");
            }
            Tensor g = gradOutputs == null ? null : gradOutputs.get(i);
            boolean made = g == null;
            if (g == null) {
                if (out.numel() != 1) {
                    throw new IllegalStateException("grad can be implicitly created only for scalar outputs");
                }
                g = Tensor.onesLike(out);
            } else if (!Arrays.equals(g.shape(), out.shape())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of "
                        + Shapes.str(g.shape()) + " and output[" + i + "] has a shape of " + Shapes.str(out.shape()) + ".");
            }
            Node root = out.gradNode();
            deliver(pending, owned, root, g, made);
            roots.add(root);
        }
        Map<Node, Integer> dependencies = countDependencies(roots);
        PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Long.compare(b.sequenceNr(), a.sequenceNr()));
        for (Node r : roots) {
            if (dependencies.getOrDefault(r, 0) == 0 && !ready.contains(r)) {
                ready.add(r);
            }
        }
        try (var mode = GradMode.set(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor arrived = pending.remove(node);
                boolean arrivedOwned = owned.remove(arrived) && !node.hasPreHooks();
                Tensor grad = node.runPreHooks(arrived);
                Tensor[] inputGrads;
                long firstNew = Storage.nextSerial();
                if (capture != null && capture.containsKey(node)) {
                    capture.put(node, grad);
                    inputGrads = new Tensor[node.next.length];
                } else if (node instanceof AccumulateGrad acc) {
                    acc.accumulate(grad, arrivedOwned);
                    inputGrads = new Tensor[0];
                } else {
                    inputGrads = node.apply(grad);
                    if (!retainGraph) {
                        node.release();
                    }
                    if (isAnomalyDetectionEnabled()) {
                        checkNoNan(node, inputGrads);
                    }
                }
                for (int i = 0; i < node.next.length; i++) {
                    Node.Edge edge = node.next[i];
                    if (edge == null) {
                        continue;
                    }
                    Tensor g = i < inputGrads.length ? inputGrads[i] : null;
                    if (g != null) {
                        Tensor c = checked(node, i, g, edge);
                        deliver(pending, owned, edge.node(), c, c == g && fresh(inputGrads, i, firstNew));
                    }
                    int left = dependencies.merge(edge.node(), -1, Integer::sum);
                    if (left == 0 && pending.containsKey(edge.node())) {
                        ready.add(edge.node());
                    } else if (left == 0) {
                        // no gradient reached it; its own inputs lose this dependency too
                        propagateNothing(edge.node(), dependencies, pending, ready);
                    }
                }
            }
        }
    }

    /**
     * Hands {@code g} to {@code node}, summing with what already arrived there; {@code fresh} says no
     * other tensor can reach {@code g}'s memory (a sum is always fresh).
     */
    private static void deliver(Map<Node, Tensor> pending, Set<Tensor> owned, Node node, Tensor g, boolean fresh) {
        Tensor before = pending.get(node);
        if (before == null) {
            pending.put(node, g);
            if (fresh) {
                owned.add(g);
            }
            return;
        }
        owned.remove(before);
        Tensor sum = before.add(g);
        pending.put(node, sum);
        owned.add(sum);
    }

    /**
     * Whether gradient {@code i} of a node's backward is memory the backward just made and shares with
     * none of its other gradients (a backward that passes its incoming gradient on, or one tensor to
     * two inputs, gives memory that others hold).
     */
    private static boolean fresh(Tensor[] grads, int i, long firstNewSerial) {
        Storage storage = grads[i].storage();
        if (storage.serial() < firstNewSerial) {
            return false;
        }
        for (int j = 0; j < grads.length; j++) {
            if (j != i && grads[j] != null && grads[j].storage() == storage) {
                return false;
            }
        }
        return true;
    }

    /** A node that received no gradient at all is skipped; its inputs lose one dependency each. */
    private static void propagateNothing(Node start, Map<Node, Integer> deps, Map<Node, Tensor> pending,
                                         PriorityQueue<Node> ready) {
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node.Edge e : n.next) {
                if (e == null) {
                    continue;
                }
                int left = deps.merge(e.node(), -1, Integer::sum);
                if (left == 0) {
                    if (pending.containsKey(e.node())) {
                        ready.add(e.node());
                    } else {
                        stack.push(e.node());
                    }
                }
            }
        }
    }

    private static void checkNoNan(Node node, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g != null && g.dtype().isFloatingPoint() && g.isnan().any().item() != 0) {
                throw new IllegalStateException("Function '" + node.name() + "' returned nan values in its " + i
                        + "th output (a gradient of shape " + Shapes.str(g.shape()) + ").");
            }
        }
    }

    private static Map<Node, Integer> countDependencies(List<Node> roots) {
        Map<Node, Integer> deps = new IdentityHashMap<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Node r : roots) {
            if (seen.put(r, Boolean.TRUE) == null) {
                stack.push(r);
            }
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node.Edge e : n.next) {
                if (e == null) {
                    continue;
                }
                deps.merge(e.node(), 1, Integer::sum);
                if (seen.put(e.node(), Boolean.TRUE) == null) {
                    stack.push(e.node());
                }
            }
        }
        return deps;
    }

    /** Makes an input's gradient match the input's dtype, and rejects a wrong shape naming the node. */
    private static Tensor checked(Node node, int index, Tensor g, Node.Edge edge) {
        if (!Arrays.equals(g.shape(), edge.shape())) {
            throw new IllegalStateException("Function " + node.name() + " returned an invalid gradient at index "
                    + index + " - got " + Shapes.str(g.shape()) + " but expected shape compatible with "
                    + Shapes.str(edge.shape()));
        }
        return g.dtype() == edge.dtype() ? g : g.to(edge.dtype());
    }

    /** The backward of a recorded op, with the versions of the tensors it saved. */
    static final class FunctionNode extends Node {
        private Backward backward;
        private Tensor[] saved;
        private int[] savedVersions;

        FunctionNode(String name, Edge[] next, Backward backward, Tensor[] saved) {
            super(name, next);
            this.backward = backward;
            this.saved = saved;
            this.savedVersions = new int[saved.length];
            for (int i = 0; i < saved.length; i++) {
                savedVersions[i] = saved[i] == null ? 0 : saved[i].version();
            }
        }

        @Override
        Tensor[] apply(Tensor gradOutput) {
            if (backward == null) {
                throw new IllegalStateException("Trying to backward through the graph a second time (or directly "
                        + "access saved tensors after they have already been freed). Saved intermediate values of "
                        + "the graph are freed when you call .backward() or autograd.grad(). Specify "
                        + "retain_graph=True if you need to backward through the graph a second time or if you "
                        + "need to access saved tensors after calling backward.");
            }
            for (int i = 0; i < saved.length; i++) {
                if (saved[i] != null && saved[i].version() != savedVersions[i]) {
                    throw new IllegalStateException("one of the variables needed for gradient computation has been "
                            + "modified by an inplace operation: [" + saved[i].typeDescription() + " "
                            + Shapes.str(saved[i].shape()) + "], which is saved by " + name() + ", is at version "
                            + saved[i].version() + "; expected version " + savedVersions[i] + " instead.");
                }
            }
            return backward.apply(gradOutput);
        }

        @Override
        void release() {
            backward = null;
            saved = null;
            savedVersions = null;
        }
    }

    /** Adds the gradient arriving for a leaf into its {@code .grad}, after the leaf's hooks. */
    static final class AccumulateGrad extends Node {
        private final Tensor leaf;

        AccumulateGrad(Tensor leaf) {
            super("AccumulateGrad", new Edge[0]);
            this.leaf = leaf;
        }

        /** The leaf this node accumulates into. */
        Tensor variable() {
            return leaf;
        }

        @Override
        Tensor[] apply(Tensor grad) {
            leaf.accumulateGrad(grad, false);
            return new Tensor[0];
        }

        /** Accumulates {@code grad}, taking its memory without a copy when {@code owned}. */
        void accumulate(Tensor grad, boolean owned) {
            leaf.accumulateGrad(grad, owned);
        }

        @Override
        void release() {
            // nothing saved
        }
    }
}
