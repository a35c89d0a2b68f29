package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** What an op sees of the node it runs for: attributes, the opset in force, and subgraph execution. */
public final class OpContext {
    private final NodeProto node;
    private final Attributes attributes;
    private final int opset;
    private final GraphRunner runner;
    private final Map<String, Object> scope;
    /** The device the node computes on, found from its inputs when first needed. */
    private Device device;

    OpContext(NodeProto node, Attributes attributes, int opset, GraphRunner runner, Map<String, Object> scope) {
        this.node = node;
        this.attributes = attributes;
        this.opset = opset;
        this.runner = runner;
        this.scope = scope;
    }

    /** {@return the node the op runs for} */
    public NodeProto node() {
        return node;
    }

    /** {@return the node's attributes} */
    public Attributes attributes() {
        return attributes;
    }

    /**
     * {@return the value {@code name} has in the running graph at this point, or null when none yet}: for a
     * fused op that reads an input of a later node it stands for
     */
    Object value(String name) {
        return scope.get(name);
    }

    /** {@return the opset version of the node's domain that the model imports} */
    public int opset() {
        return opset;
    }

    /** {@return true when the model runs in training mode (Dropout, BatchNormalization's training outputs)} */
    public boolean training() {
        return runner.training();
    }

    /**
     * Runs a subgraph (If, Loop, Scan bodies) with the given inputs, by position; names from the
     * enclosing graphs stay visible, as ONNX scoping requires.
     *
     * @param graph the subgraph, from a GRAPH attribute of this node
     * @param inputs the subgraph's inputs, by position
     * @return the subgraph's outputs, in order
     */
    public List<Object> runSubgraph(GraphProto graph, List<Object> inputs) {
        return runner.runSubgraph(graph, inputs, scope);
    }

    /** {@return "node 'name' (OpType)", for messages} */
    public String describe() {
        return "node '" + node.getName() + "' (" + node.getOpType() + ")";
    }

    /**
     * {@return an exception whose message names this node, for the op to throw}
     *
     * @param message what is wrong
     */
    public OnnxException error(String message) {
        return new OnnxException(describe() + ": " + message);
    }

    /**
     * {@return input {@code i} as a tensor operand: on the device the node computes on}. That is the device
     * of its inputs that are not on the CPU (a graph's own values, such as Constant nodes' outputs, are made
     * on the host); the CPU when all are there. Values the op reads on the host (shapes, axes, scalars
     * that steer it) come from {@link #hostTensor} instead, without a round trip through the device.
     *
     * @param inputs the node's inputs
     * @param i the input's position, from 0
     * @throws OnnxException when the input is missing or of another kind
     */
    public Tensor tensor(List<Object> inputs, int i) {
        Tensor t = hostTensor(inputs, i);
        if (!t.device().isCpu()) {
            return t;
        }
        Device device = device(inputs);
        return device.isCpu() ? t : runner.deviceCopies().on(device, t);
    }

    /**
     * {@return input {@code i} as a tensor, or null when it is omitted}
     *
     * @param inputs the node's inputs
     * @param i the input's position, from 0
     * @throws OnnxException when the input is of another kind
     */
    public Tensor optionalTensor(List<Object> inputs, int i) {
        Object v = i < inputs.size() ? inputs.get(i) : null;
        return v == null ? null : tensor(inputs, i);
    }

    /**
     * {@return input {@code i} as a tensor on whatever device it is}, for reading its values on the host
     *
     * @param inputs the node's inputs
     * @param i the input's position, from 0
     * @throws OnnxException when the input is missing or of another kind
     */
    public Tensor hostTensor(List<Object> inputs, int i) {
        Object v = i < inputs.size() ? inputs.get(i) : null;
        if (v instanceof Tensor t) {
            return t;
        }
        throw error("input " + i + " must be a tensor, got " + (v == null ? "nothing" : v.getClass().getSimpleName()));
    }

    /**
     * {@return input {@code i} for reading on the host, or null when it is omitted}
     *
     * @param inputs the node's inputs
     * @param i the input's position, from 0
     * @throws OnnxException when the input is of another kind
     */
    public Tensor optionalHostTensor(List<Object> inputs, int i) {
        Object v = i < inputs.size() ? inputs.get(i) : null;
        return v == null ? null : hostTensor(inputs, i);
    }

    /** The device the node computes on: the first of its tensor inputs (or sequence elements) not on the CPU. */
    private Device device(List<Object> inputs) {
        if (device == null) {
            device = Device.CPU;
            for (Object v : inputs) {
                Device d = switch (v) {
                    case Tensor t -> t.device();
                    case List<?> l when !l.isEmpty() && l.getFirst() instanceof Tensor t -> t.device();
                    case null, default -> Device.CPU;
                };
                if (!d.isCpu()) {
                    device = d;
                    break;
                }
            }
        }
        return device;
    }
}
