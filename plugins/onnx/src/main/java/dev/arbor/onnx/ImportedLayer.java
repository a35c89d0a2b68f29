package dev.arbor.onnx;

import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A PyTorch layer recognised in an imported graph, at a module path.
 *
 * <p>Its tensors reach the graph in one of two ways: {@code tensors} names, for each of the layer's
 * parameters and buffers (by leaf name), the initializer it replaces, so the graph reads the layer's
 * own tensor; {@code folded} gives, for initializers that the exporter computed from parameters
 * (constant folding: a transposed weight, LSTM gates in ONNX's order), how to compute them again from
 * the layer, so the graph reads a value that follows the parameters and passes gradients back to them.
 * The recogniser sets the layer's tensors from those initializers.
 *
 * @param path     the dotted module path
 * @param module   the layer
 * @param tensors  the layer's tensor (leaf name) to the initializer it stands for
 * @param folded   an initializer to its value computed from a layer of this kind
 * @param nodes    the nodes the layer was recognised from, in graph order
 * @param runsNode true when the layer is one node that runs as a call of the layer on the node's first
 *                 input; false when the nodes still run and only read the layer's tensors
 */
record ImportedLayer(String path, Module module, Map<String, String> tensors,
                     Map<String, Function<Module, Tensor>> folded, List<NodeProto> nodes, boolean runsNode) {

    /** A layer that one node is a call of, its tensors read from the named initializers. */
    static ImportedLayer node(NodeProto n, String path, Module module, Map<String, String> tensors) {
        return new ImportedLayer(path, module, tensors, Map.of(), List.of(n), true);
    }

    /** A layer whose nodes keep running and read its tensors. */
    static ImportedLayer owner(List<NodeProto> nodes, String path, Module module, Map<String, String> tensors,
                               Map<String, Function<Module, Tensor>> folded) {
        return new ImportedLayer(path, module, tensors, folded, List.copyOf(nodes), false);
    }

    /** True when the layer is the same kind of layer, with the same options, over the same tensors. */
    boolean sameAs(ImportedLayer other) {
        return module.getClass() == other.module.getClass() && module.toString().equals(other.module.toString())
                && tensors.equals(other.tensors);
    }
}
