package dev.arbor.onnx;

import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.TensorShapeProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The channel count (dimension 1) of each value of a graph where a few local rules tell it: graph inputs
 * and value_info with a fixed dimension 1, Conv and ConvTranspose by their weight, Reshape to a constant
 * shape (or to another value's {@code Shape}), ops that keep their first input's channels (activations,
 * pools, the norms, Dropout, Cast), broadcasting ops from their inputs of the output's rank, and Concat.
 * The importer needs it for a GroupNorm without affine parameters, whose channel count is not in what
 * {@code torch.onnx.export} writes for it. Unknown counts are absent.
 */
final class ChannelCounts {
    private static final Set<String> KEEPS_CHANNELS = Set.of("Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Selu",
            "Celu", "Clip", "Dropout", "Identity", "Neg", "Abs", "Exp", "Log", "Sqrt", "Softplus", "Softsign", "Gelu",
            "Erf", "HardSigmoid", "HardSwish", "Mish", "Cast", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool",
            "GlobalMaxPool", "BatchNormalization", "InstanceNormalization", "LayerNormalization", "Softmax",
            "LogSoftmax", "LRN");
    private static final Set<String> BROADCASTING = Set.of("Add", "Sub", "Mul", "Div", "Pow", "PRelu");

    private ChannelCounts() {}

    /**
     * The channel counts the rules tell.
     *
     * @param g     the graph, its nodes in topological order
     * @param index the graph's producers and constants
     * @param ranks the values' ranks ({@link Ranks#infer})
     * @return each value's channel count, where known
     */
    static Map<String, Long> infer(GraphProto g, GraphIndex index, Map<String, Integer> ranks) {
        Map<String, Long> channels = new HashMap<>();
        for (ValueInfoProto v : g.getInputList()) {
            put(channels, v);
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            put(channels, v);
        }
        for (NodeProto n : g.getNodeList()) {
            if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty() || n.getInputCount() == 0
                    || !n.getDomain().isEmpty()) {
                continue;
            }
            Long c = switch (n.getOpType()) {
                case "Conv" -> convOut(index, n, false);
                case "ConvTranspose" -> convOut(index, n, true);
                case "Reshape" -> reshaped(n, channels, index);
                case "Concat" -> concatenated(n, channels, ranks);
                default -> BROADCASTING.contains(n.getOpType()) ? broadcast(n, channels, ranks)
                        : KEEPS_CHANNELS.contains(n.getOpType()) ? channels.get(n.getInput(0)) : null;
            };
            if (c != null) {
                channels.putIfAbsent(n.getOutput(0), c);
            }
        }
        return channels;
    }

    /** The output channels of a convolution with a constant weight. */
    private static Long convOut(GraphIndex index, NodeProto n, boolean transposed) {
        Tensor w = n.getInputCount() > 1 ? index.constant(n.getInput(1)) : null;
        if (w == null || w.dim() < 3) {
            return null;
        }
        return transposed ? w.size(1) * new Attributes(n).getInt("group", 1) : w.size(0);
    }

    /**
     * Dimension 1 of a constant target shape (0 keeps the input's), or the count of the value whose
     * {@code Shape} is the target.
     */
    private static Long reshaped(NodeProto n, Map<String, Long> channels, GraphIndex index) {
        if (n.getInputCount() < 2) {
            return null;
        }
        long[] shape = GraphIndex.vector(index.constant(n.getInput(1)));
        if (shape != null) {
            boolean copies = shape.length > 1 && shape[1] == 0 && new Attributes(n).getInt("allowzero", 0) == 0;
            return shape.length < 2 ? null : shape[1] > 0 ? Long.valueOf(shape[1])
                    : copies ? channels.get(n.getInput(0)) : null;
        }
        NodeProto source = index.producer(n.getInput(1));
        boolean wholeShape = source != null && source.getOpType().equals("Shape") && source.getAttributeCount() == 0;
        return wholeShape ? channels.get(source.getInput(0)) : null;
    }

    /**
     * The count of the output of a broadcasting op: the one count above 1 among its inputs of the output's
     * rank (broadcasting keeps it), or their common count when every input has the output's rank and a
     * known count.
     */
    private static Long broadcast(NodeProto n, Map<String, Long> channels, Map<String, Integer> ranks) {
        Integer rank = ranks.get(n.getOutput(0));
        if (rank == null || rank < 2) {
            return null;
        }
        Long wide = null;
        boolean allKnown = true;
        for (String in : n.getInputList()) {
            Long c = rank.equals(ranks.get(in)) ? channels.get(in) : null;
            if (c == null) {
                allKnown = false;
            } else if (c > 1) {
                if (wide != null && !wide.equals(c)) {
                    return null;
                }
                wide = c;
            }
        }
        return wide != null ? wide : allKnown ? Long.valueOf(1) : null;
    }

    /** The sum of the inputs' counts when Concat joins on dimension 1, else the first input's count. */
    private static Long concatenated(NodeProto n, Map<String, Long> channels, Map<String, Integer> ranks) {
        Integer rank = ranks.get(n.getInput(0));
        if (rank == null || rank < 2) {
            return null;
        }
        long axis = new Attributes(n).getInt("axis", 0);
        if (axis != 1 && axis != 1 - rank) {
            return channels.get(n.getInput(0));
        }
        long sum = 0;
        for (String in : n.getInputList()) {
            Long c = channels.get(in);
            if (c == null) {
                return null;
            }
            sum += c;
        }
        return sum;
    }

    private static void put(Map<String, Long> channels, ValueInfoProto v) {
        if (v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
            TensorShapeProto shape = v.getType().getTensorType().getShape();
            if (shape.getDimCount() > 1 && shape.getDim(1).hasDimValue() && shape.getDim(1).getDimValue() > 0) {
                channels.put(v.getName(), shape.getDim(1).getDimValue());
            }
        }
    }
}
