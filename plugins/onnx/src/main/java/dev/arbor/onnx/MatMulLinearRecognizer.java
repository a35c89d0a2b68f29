package dev.arbor.onnx;

import dev.arbor.nn.Linear;
import dev.arbor.nn.Module;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Recognises {@code nn.Linear} applied to inputs of more than two dimensions, which
 * {@code torch.onnx.export} writes as {@code MatMul(x, Transpose(path.weight))} and
 * {@code Add(path.bias, ...)} in the module's scope; a constant-folded export has the transposed
 * weight as an initializer of its own ({@code onnx::MatMul_434}), which becomes a value computed from
 * the layer's weight (then the bias must be there, the sign that the MatMul is a layer's). The nodes keep
 * running and read the layer's tensors.
 */
final class MatMulLinearRecognizer {
    private final GraphIndex graph;

    MatMulLinearRecognizer(GraphIndex graph) {
        this.graph = graph;
    }

    /** Every such Linear call of the graph, one layer per call. */
    List<ImportedLayer> recognize() {
        return graph.matchEach("MatMul", this::layer);
    }

    private ImportedLayer layer(NodeProto matmul) {
        String path = graph.modulePath(matmul);
        if (path == null || matmul.getInputCount() != 2) {
            return null;
        }
        List<NodeProto> nodes = new ArrayList<>(List.of(matmul));
        Map<String, String> tensors = new LinkedHashMap<>();
        NodeProto add = graph.onlyReader(matmul.getOutput(0), path, "Add");
        String biasName = path + ".bias";
        Tensor bias = graph.initializers().get(biasName);
        boolean hasBias = add != null && bias != null && bias.dim() == 1
                && (add.getInput(0).equals(biasName) || add.getInput(1).equals(biasName));
        if (hasBias) {
            nodes.add(add);
        }
        List<NodeProto> passed = new ArrayList<>();
        String transposed = graph.throughIdentity(matmul.getInput(1), passed);
        Tensor folded = graph.folded(transposed);
        Linear module;
        Map<String, Function<Module, Tensor>> derived = new LinkedHashMap<>();
        if (folded != null) {
            if (!hasBias || folded.dim() != 2 || folded.size(1) != bias.size(0)) {
                return null;
            }
            module = new Linear(folded.size(0), folded.size(1), true);
            try (var scope = GradMode.noGrad()) {
                module.weight().setData(folded.t().contiguous());
            }
            derived.put(transposed, m -> m.getParameter("weight").t());
            nodes.addAll(passed);
        } else {
            NodeProto transpose = graph.inScope(graph.producer(transposed), path, "Transpose");
            String weightName = path + ".weight";
            Tensor weight = graph.initializers().get(weightName);
            if (transpose == null || !transpose.getInput(0).equals(weightName)
                    || weight == null || weight.dim() != 2
                    || !Arrays.equals(new Attributes(transpose).getInts("perm", new long[] {1, 0}), new long[] {1, 0})
                    || hasBias && weight.size(0) != bias.size(0)) {
                return null;
            }
            nodes.addFirst(transpose);
            module = new Linear(weight.size(1), weight.size(0), hasBias);
            tensors.put("weight", weightName);
        }
        if (hasBias) {
            tensors.put("bias", biasName);
        }
        return ImportedLayer.owner(nodes, path, module, tensors, derived);
    }
}
