package dev.arbor.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A node of the autograd graph: the backward of one recorded operation (its {@code grad_fn}), or the
 * accumulator of a leaf's gradient. Nodes are made by {@link Autograd#record} and run by
 * {@link Tensor#backward}.
 */
public abstract class Node {
    private static long sequence;

    private final String name;
    private final long sequenceNr;
    final Edge[] next;
    private final List<UnaryOperator<Tensor>> preHooks = new ArrayList<>(0);

    /** Where the gradient of one input goes: the input's node, and the input's shape and dtype. */
    record Edge(Node node, long[] shape, DType dtype, Device device) {}

    Node(String name, Edge[] next) {
        this.name = name;
        this.next = next;
        synchronized (Node.class) {
            this.sequenceNr = sequence++;
        }
    }

    /** {@return the node's name, as PyTorch names them ({@code AddBackward0}, {@code AccumulateGrad})} */
    public String name() {
        return name;
    }

    /** {@return the nodes the gradients of this node's inputs flow to, null for inputs that need none} */
    public List<Node> nextFunctions() {
        List<Node> out = new ArrayList<>(next.length);
        for (Edge e : next) {
            out.add(e == null ? null : e.node());
        }
        return out;
    }

    long sequenceNr() {
        return sequenceNr;
    }

    /** Adds a hook that sees, and may replace, the gradient arriving at this node. */
    Runnable addPreHook(UnaryOperator<Tensor> hook) {
        preHooks.add(hook);
        return () -> preHooks.remove(hook);
    }

    /** {@return whether a hook sees the gradients arriving here (and might keep one)} */
    boolean hasPreHooks() {
        return !preHooks.isEmpty();
    }

    Tensor runPreHooks(Tensor grad) {
        for (UnaryOperator<Tensor> hook : List.copyOf(preHooks)) {
            Tensor replaced = hook.apply(grad);
            if (replaced != null) {
                grad = replaced;
            }
        }
        return grad;
    }

    /** Computes the gradients of the inputs from the gradient of the output. */
    abstract Tensor[] apply(Tensor gradOutput);

    /** Drops what the backward saved, after a backward that did not retain the graph. */
    abstract void release();

    @Override
    public String toString() {
        return name;
    }
}
