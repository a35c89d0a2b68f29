package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rank of each value of a graph where a few local rules can tell it (graph inputs, value_info,
 * initializers, rank-preserving ops, Flatten and Gemm): enough for the importer to choose between
 * BatchNorm1d, 2d and 3d. Unknown ranks are absent.
 */
final class Ranks {
    private static final Set<String> SAME_AS_FIRST_INPUT = Set.of("Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu",
            "Selu", "Clip", "Dropout", "BatchNormalization", "Conv", "ConvTranspose", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "Identity", "Neg", "Abs", "Exp", "Log", "Sqrt", "Softmax",
            "LogSoftmax", "LayerNormalization", "InstanceNormalization", "Gelu", "HardSigmoid", "HardSwish", "Mul",
            "Div", "Add", "Sub", "Pad", "Resize", "Erf", "Softplus", "PRelu", "Cast");

    private Ranks() {}

    static Map<String, Integer> infer(GraphProto g) {
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
                default -> SAME_AS_FIRST_INPUT.contains(n.getOpType()) && n.getInputCount() > 0
                        ? rank.get(n.getInput(0)) : null;
            };
            if (r != null && !n.getOutput(0).isEmpty()) {
                rank.putIfAbsent(n.getOutput(0), r);
            }
        }
        return rank;
    }

    private static void put(Map<String, Integer> rank, ValueInfoProto v) {
        if (v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
            rank.put(v.getName(), v.getType().getTensorType().getShape().getDimCount());
        }
    }
}
