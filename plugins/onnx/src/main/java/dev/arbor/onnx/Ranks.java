package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rank of each value of a graph where a few local rules can tell it (graph inputs, value_info,
 * initializers, rank-preserving ops, broadcasting ones from all their inputs, Flatten and Gemm, Shape,
 * Reshape to a constant shape or to another value's {@code Shape}, Unsqueeze and Squeeze by constant
 * axes): enough for the importer to choose between BatchNorm1d, 2d and 3d. Unknown ranks are absent.
 */
final class Ranks {
    private static final Set<String> SAME_AS_FIRST_INPUT = Set.of("Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu",
            "Selu", "Clip", "Dropout", "BatchNormalization", "Conv", "ConvTranspose", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "Identity", "Neg", "Abs", "Exp", "Log", "Sqrt", "Softmax",
            "LogSoftmax", "LayerNormalization", "InstanceNormalization", "Gelu", "HardSigmoid", "HardSwish", "Pad",
            "Resize", "Erf", "Softplus", "PRelu", "Cast");
    private static final Set<String> BROADCASTING = Set.of("Add", "Sub", "Mul", "Div", "Pow");

    private Ranks() {}

    static Map<String, Integer> infer(GraphProto g, GraphIndex index) {
        Map<String, Integer> rank = new HashMap<>();
        for (ValueInfoProto v : g.getInputList()) {
            put(rank, v);
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            put(rank, v);
        }
        for (TensorProto t : g.getInitializerList()) {
            rank.put(t.getName(), t.getDimsCount());
        }
        for (NodeProto n : g.getNodeList()) {
            if (n.getOutputCount() == 0) {
                continue;
            }
            Integer r = switch (n.getOpType()) {
                case "Flatten", "Gemm" -> 2;
                case "Shape" -> 1;
                case "Reshape" -> reshaped(n, rank, index);
                case "Unsqueeze", "Squeeze" -> squeezed(n, rank, index);
                default -> BROADCASTING.contains(n.getOpType()) ? broadcast(n, rank)
                        : SAME_AS_FIRST_INPUT.contains(n.getOpType()) && n.getInputCount() > 0
                        ? rank.get(n.getInput(0)) : null;
            };
            if (r != null && !n.getOutput(0).isEmpty()) {
                rank.putIfAbsent(n.getOutput(0), r);
            }
        }
        return rank;
    }

    /** The largest rank of the inputs, when all are known. */
    private static Integer broadcast(NodeProto n, Map<String, Integer> rank) {
        int r = 0;
        for (String in : n.getInputList()) {
            Integer ri = rank.get(in);
            if (ri == null) {
                return null;
            }
            r = Math.max(r, ri);
        }
        return r;
    }

    /** The length of a constant target shape, or the rank of the value a {@code Shape} node read. */
    private static Integer reshaped(NodeProto n, Map<String, Integer> rank, GraphIndex index) {
        if (n.getInputCount() < 2) {
            return null;
        }
        Tensor shape = index.constant(n.getInput(1));
        if (shape != null) {
            return shape.dim() == 1 ? (int) shape.size(0) : null;
        }
        NodeProto source = index.producer(n.getInput(1));
        boolean wholeShape = source != null && source.getOpType().equals("Shape") && source.getAttributeCount() == 0;
        return wholeShape ? rank.get(source.getInput(0)) : null;
    }

    /** The input's rank plus (Unsqueeze) or minus (Squeeze) the number of constant axes. */
    private static Integer squeezed(NodeProto n, Map<String, Integer> rank, GraphIndex index) {
        Integer in = n.getInputCount() > 0 ? rank.get(n.getInput(0)) : null;
        Attributes a = new Attributes(n);
        Tensor axesInput = n.getInputCount() > 1 ? index.constant(n.getInput(1)) : null;
        long count = axesInput != null ? axesInput.numel() : a.has("axes") ? a.getInts("axes", null).length : -1;
        if (in == null || count < 0) {
            return null;
        }
        return n.getOpType().equals("Unsqueeze") ? in + (int) count : in - (int) count;
    }

    private static void put(Map<String, Integer> rank, ValueInfoProto v) {
        if (v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
            rank.put(v.getName(), v.getType().getTensorType().getShape().getDimCount());
        }
    }
}
