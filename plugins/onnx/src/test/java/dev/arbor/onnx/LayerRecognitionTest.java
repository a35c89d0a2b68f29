package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.arbor.io.Npy;
import dev.arbor.nn.Embedding;
import dev.arbor.nn.InstanceNorm1d;
import dev.arbor.nn.InstanceNormNd;
import dev.arbor.nn.Linear;
import dev.arbor.nn.functional.F;
import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import dev.arbor.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.arbor.onnx.proto.OnnxProto.TensorShapeProto;
import dev.arbor.onnx.proto.OnnxProto.TypeProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Graphs the layer recognisers must leave as graph nodes, because no PyTorch layer computes what they
 * compute, a parameter would be shared with another layer, or the graph does not tell the layer's options:
 * the imported module has no layer there, keeps what it imported, and gives the graph's own outputs; each
 * next to the recognised form it differs from. The recognised cases are checked on PyTorch's exports in
 * {@link ImportedModelsTest}.
 */
class LayerRecognitionTest {
    private static final Generator GEN = new Generator(7);

    /** The control for the recurrent cases below: the same graph in PyTorch's form is a layer. */
    @Test
    void forwardLstmAndGruAreLayers() throws IOException {
        for (String op : List.of("LSTM", "GRU")) {
            boolean lstm = op.equals("LSTM");
            Graph g = recurrent(op, lstm ? 4 : 3, lstm ? null : integer("linear_before_reset", 1));
            GraphModule m = GraphModule.of(g.parsed());
            assertEquals(op + "(3, 5)", m.getSubmodule("rnn").toString());
            assertEquals(List.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0"),
                    List.copyOf(m.stateDict().keySet()));
            assertRunsAsTheGraph(g, m);
        }
    }

    @Test
    void reverseOnlyLstmStaysAGraphNode() throws IOException {
        Graph g = recurrent("LSTM", 4, str("direction", "reverse"));
        assertUnrecognised(g, "rnn");
    }

    @Test
    void gruWithTheResetGateBeforeTheLinearMapStaysAGraphNode() throws IOException {
        Graph g = recurrent("GRU", 3, integer("linear_before_reset", 0));
        assertUnrecognised(g, "rnn");
    }

    @Test
    void lstmWithPeepholesStaysAGraphNode() throws IOException {
        Graph g = recurrent("LSTM", 4, null);
        g.initializer("onnx::LSTM_P", Tensor.randn(GEN, DType.FLOAT32, 1, 3 * 5));
        NodeProto lstm = g.nodes.get(0);
        g.nodes.set(0, lstm.toBuilder().addInput("").addInput("").addInput("").addInput("onnx::LSTM_P").build());
        assertUnrecognised(g, "rnn");
    }

    @Test
    void foldedWeightOfOneModuleIsItsLinear() throws IOException {
        Graph g = new Graph().input("x", 2, 3, 4);
        g.initializer("onnx::MatMul_1", Tensor.randn(GEN, DType.FLOAT32, 4, 5));
        g.initializer("a.bias", Tensor.randn(GEN, DType.FLOAT32, 5));
        g.node("MatMul", "/a/MatMul", List.of("x", "onnx::MatMul_1"), "am");
        g.node("Add", "/a/Add", List.of("a.bias", "am"), "y");
        GraphModule m = GraphModule.of(g.parsed());
        assertEquals("Linear(in_features=4, out_features=5, bias=True)", m.getSubmodule("a").toString());
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(m.stateDict().keySet()));
        assertRunsAsTheGraph(g, m);
    }

    @Test
    void foldedWeightReadByTwoModulesIsNoOnesLinear() throws IOException {
        Graph g = new Graph().input("x", 2, 3, 4);
        g.initializer("onnx::MatMul_1", Tensor.randn(GEN, DType.FLOAT32, 4, 5));
        g.initializer("a.bias", Tensor.randn(GEN, DType.FLOAT32, 5));
        g.initializer("b.bias", Tensor.randn(GEN, DType.FLOAT32, 5));
        g.node("MatMul", "/a/MatMul", List.of("x", "onnx::MatMul_1"), "am");
        g.node("Add", "/a/Add", List.of("a.bias", "am"), "ya");
        g.node("MatMul", "/b/MatMul", List.of("x", "onnx::MatMul_1"), "bm");
        g.node("Add", "/b/Add", List.of("b.bias", "bm"), "yb");
        g.node("Add", "/Add", List.of("ya", "yb"), "y");
        GraphModule m = GraphModule.of(g.parsed());
        assertEquals(List.of("a.bias", "b.bias"), List.copyOf(m.stateDict().keySet()));
        assertFalse(m.modules().stream().anyMatch(x -> x instanceof Linear), m.toString());
        assertRunsAsTheGraph(g, m);
    }

    @Test
    void gatherOnTheSecondAxisIsNoEmbedding() throws IOException {
        Graph g = new Graph().input("x", 2, 3, 4);
        g.initializer("emb.weight", Tensor.randn(GEN, DType.FLOAT32, 6, 5));
        g.initializer("idx", Tensor.of(new long[] {0, 2, 4}, 3));
        g.node("Gather", "/emb/Gather", List.of("emb.weight", "idx"), "y", integer("axis", 1));
        GraphModule m = GraphModule.of(g.parsed());
        assertFalse(m.modules().stream().anyMatch(x -> x instanceof Embedding), m.toString());
    }

    @Test
    void embeddingKeepsOnnxIndexing() throws IOException {
        Graph g = new Graph();
        g.inputs.add(valueInfo("idx", DType.INT64, 2, 2));
        g.initializer("emb.weight", Tensor.randn(GEN, DType.FLOAT32, 6, 5));
        g.node("Gather", "/emb/Gather", List.of("emb.weight", "idx"), "y");
        GraphModule m = GraphModule.of(g.parsed());
        assertEquals("Embedding(6, 5)", m.getSubmodule("emb").toString());
        // ONNX's Gather counts negative indices from the end, where torch.nn.Embedding would refuse them
        Tensor idx = Tensor.of(new long[] {0, -1, 5, 1}, 2, 2);
        Tensor y = m.call(idx);
        Tensor w = m.stateDict().get("emb.weight");
        assertClose(w.select(0, 5), y.select(0, 1).select(0, 0), 0, 0, "row -1");
    }

    @Test
    void instanceNormWithOtherConstantsStaysAGraphNode() throws IOException {
        Graph g = new Graph().input("x", 2, 3, 4);
        g.initializer("onnx::InstanceNormalization_1", Tensor.full(2.0, DType.FLOAT32, 3));
        g.initializer("onnx::InstanceNormalization_2", Tensor.zeros(3));
        g.node("InstanceNormalization", "/norm/InstanceNormalization",
                List.of("x", "onnx::InstanceNormalization_1", "onnx::InstanceNormalization_2"), "y");
        assertUnrecognised(g, "norm");
    }

    /** The control for the case below: the channel count comes from the graph input's shape. */
    @Test
    void groupNormWithoutAffineIsALayerWhereTheChannelsAreKnown() throws IOException {
        Graph g = plainGroupNorm(false);
        GraphModule m = GraphModule.of(g.parsed());
        assertEquals("GroupNorm(2, 4, eps=0.001, affine=False)", m.getSubmodule("gn").toString());
        assertEquals(List.of(), List.copyOf(m.stateDict().keySet()));
        assertRunsAsTheGraph(g, m);
    }

    /** Its channels cannot be told through a Transpose: no GroupNorm, and its groups are no InstanceNorm1d. */
    @Test
    void groupNormWithoutAffineOfUnknownChannelsStaysGraphNodes() throws IOException {
        assertUnrecognised(plainGroupNorm(true), "gn");
    }

    @Test
    void instanceNormWithRunningStatisticsIsALayer() throws IOException {
        Graph g = trackedInstanceNorm(2);
        GraphModule m = GraphModule.of(g.parsed());
        assertEquals("InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=True)",
                m.getSubmodule("in").toString());
        assertEquals(List.of("in.running_mean", "in.running_var", "in.num_batches_tracked"),
                List.copyOf(m.stateDict().keySet()));
        // the graph is eval mode's computation
        m.eval();
        assertRunsAsTheGraph(g, m);
    }

    /**
     * The export spells out eval mode only; in train mode the recognised InstanceNorm normalises each
     * instance and updates its running statistics, as PyTorch's does.
     */
    @Test
    void trackedInstanceNormTrainsAsPytorch() throws IOException {
        Path dir = Path.of("src/test/resources/models/stat_norms");
        GraphModule m = GraphModule.load(dir.resolve("model.onnx"));
        InstanceNormNd norm = (InstanceNormNd) m.getSubmodule("in2d");
        Tensor mean = norm.runningMean().clone();
        Tensor var = norm.runningVar().clone();
        List<Tensor> seen = new ArrayList<>();
        norm.registerForwardHook((module, inputs, output) -> {
            seen.add((Tensor) inputs[0]);
            seen.add((Tensor) output);
            return null;
        });
        m.train();
        try (var scope = GradMode.noGrad()) {
            m.call(Npy.read(dir.resolve("input.npy")));
        }
        Tensor in = seen.get(0);
        assertClose(F.instanceNorm(in, null, null, norm.weight(), norm.bias(), true, 0.1, 1e-5), seen.get(1), 1e-5,
                1e-6, "each instance normalised with its own statistics");
        Tensor instanceMeans = in.mean(new int[] {2, 3}, false).mean(new int[] {0}, false);
        assertClose(mean.mul(0.9).add(instanceMeans.mul(0.1)), norm.runningMean(), 1e-5, 1e-6, "running mean");
        assertTrue(norm.runningVar().sub(var).abs().max().item() > 1e-4, "running variance updated");
        assertEquals(0.0, norm.numBatchesTracked().item(), "PyTorch's InstanceNorm does not count batches");
    }

    /** Statistics tiled for another batch size than the graph reshapes to are no InstanceNorm's. */
    @Test
    void instanceNormPatternTiledForAnotherBatchStaysGraphNodes() throws IOException {
        Graph g = trackedInstanceNorm(3);
        GraphModule m = GraphModule.of(g.parsed());
        assertFalse(m.modules().stream().anyMatch(x -> x instanceof InstanceNorm1d), m.toString());
        assertEquals(List.of("in.running_mean", "in.running_var"), List.copyOf(m.stateDict().keySet()));
    }

    /**
     * What torch.onnx.export writes for {@code GroupNorm(2, 4, eps=1e-3, affine=False)} at {@code /gn/} on a
     * {@code [2, 4, 3]} input, or (when {@code transposed}) on a {@code [2, 3, 4]} input transposed first.
     */
    private static Graph plainGroupNorm(boolean transposed) {
        Graph g = new Graph().input("x", 2, transposed ? 3 : 4, transposed ? 4 : 3);
        String x = "x";
        if (transposed) {
            g.node("Transpose", "/Transpose", List.of("x"), "xt", ints("perm", 0, 2, 1));
            x = "xt";
        }
        g.constant("/gn/groups", Tensor.of(new long[] {0, 2, -1}, 3));
        g.constant("/gn/ones", Tensor.ones(2));
        g.constant("/gn/zeros", Tensor.zeros(2));
        g.constant("/gn/one", Tensor.ones(1));
        g.constant("/gn/zero", Tensor.zeros(1));
        g.constant("/gn/axes", Tensor.of(new long[] {1}, 1));
        g.node("Reshape", "/gn/Reshape", List.of(x, "/gn/groups"), "split");
        g.node("InstanceNormalization", "/gn/InstanceNormalization", List.of("split", "/gn/ones", "/gn/zeros"), "n",
                real("epsilon", 1e-3f));
        g.node("Shape", "/gn/Shape", List.of(x), "shape");
        g.node("Reshape", "/gn/Reshape_1", List.of("n", "shape"), "merged");
        g.node("Unsqueeze", "/gn/Unsqueeze", List.of("/gn/one", "/gn/axes"), "w");
        g.node("Mul", "/gn/Mul", List.of("merged", "w"), "scaled");
        g.node("Unsqueeze", "/gn/Unsqueeze_1", List.of("/gn/zero", "/gn/axes"), "b");
        g.node("Add", "/gn/Add", List.of("scaled", "b"), "y");
        return g;
    }

    /**
     * What torch.onnx.export writes in eval mode for {@code InstanceNorm1d(3, track_running_stats=True)}
     * at {@code /in/} on a {@code [2, 3, 4]} input, the statistics tiled {@code tiles} times (2 in PyTorch's).
     */
    private static Graph trackedInstanceNorm(long tiles) {
        Graph g = new Graph().input("x", 2, 3, 4);
        g.initializer("in.running_mean", Tensor.randn(GEN, DType.FLOAT32, 3));
        g.initializer("in.running_var", Tensor.rand(GEN, DType.FLOAT32, 3).add(0.5));
        g.constant("/in/ones", Tensor.ones(3));
        g.constant("/in/zeros", Tensor.zeros(3));
        g.constant("/in/target", Tensor.of(new long[] {1}, 1));
        g.constant("/in/tiles", Tensor.of(new long[] {tiles}, 1));
        g.constant("/in/flat", Tensor.of(new long[] {1, 6, 4}, 3));
        g.constant("/in/shape", Tensor.of(new long[] {2, 3, 4}, 3));
        List<String> stats = new ArrayList<>(List.of("flat"));
        for (String source : List.of("/in/ones", "/in/zeros", "in.running_mean", "in.running_var")) {
            int i = stats.size();
            g.node("Expand", "/in/Expand_" + i, List.of(source, "/in/target"), "e" + i);
            g.node("Tile", "/in/Tile_" + i, List.of("e" + i, "/in/tiles"), "t" + i);
            stats.add("t" + i);
        }
        g.node("Reshape", "/in/Reshape", List.of("x", "/in/flat"), "flat");
        g.node("BatchNormalization", "/in/BatchNormalization", stats, "n", real("momentum", 0.9f));
        g.node("Reshape", "/in/Reshape_1", List.of("n", "/in/shape"), "y");
        return g;
    }

    /** A recurrent node at {@code /rnn/} with folded W, R, B of hidden size 5 over inputs of 3. */
    private static Graph recurrent(String op, int gates, AttributeProto extra) {
        Graph g = new Graph().input("x", 4, 2, 3);
        g.initializer("onnx::" + op + "_W", Tensor.randn(GEN, DType.FLOAT32, 1, gates * 5L, 3));
        g.initializer("onnx::" + op + "_R", Tensor.randn(GEN, DType.FLOAT32, 1, gates * 5L, 5));
        g.initializer("onnx::" + op + "_B", Tensor.randn(GEN, DType.FLOAT32, 1, 2 * gates * 5L));
        NodeProto.Builder n = node(op, "/rnn/" + op, List.of("x", "onnx::" + op + "_W", "onnx::" + op + "_R",
                "onnx::" + op + "_B"), "y").addAttribute(integer("hidden_size", 5));
        if (extra != null) {
            n.addAttribute(extra);
        }
        g.nodes.add(n.build());
        return g;
    }

    private static void assertUnrecognised(Graph g, String path) throws IOException {
        GraphModule m = GraphModule.of(g.parsed());
        assertFalse(m.namedModules().containsKey(path), m.toString());
        assertEquals(List.of(), List.copyOf(m.stateDict().keySet()));
        assertRunsAsTheGraph(g, m);
    }

    private static void assertRunsAsTheGraph(Graph g, GraphModule m) throws IOException {
        Tensor x = Tensor.randn(GEN, DType.FLOAT32, g.inputShape());
        Tensor expected = (Tensor) g.parsed().run(List.of(x)).getFirst();
        assertClose(expected, m.call(x), 0, 0, "output");
    }

    private static AttributeProto integer(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    private static AttributeProto real(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long i : v) {
            a.addInts(i);
        }
        return a.build();
    }

    private static AttributeProto str(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    private static NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    }

    private static ValueInfoProto valueInfo(String name, DType dtype, long... shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(OnnxDataTypes.toOnnx(dtype)).setShape(s))).build();
    }

    /** A graph built node by node, whose output is {@code y}. */
    private static final class Graph {
        final List<ValueInfoProto> inputs = new ArrayList<>();
        final List<NodeProto> nodes = new ArrayList<>();
        final GraphProto.Builder graph = GraphProto.newBuilder().setName("recognition");

        Graph input(String name, long... shape) {
            inputs.add(valueInfo(name, DType.FLOAT32, shape));
            return this;
        }

        void initializer(String name, Tensor value) {
            graph.addInitializer(OnnxTensors.toProto(name, value));
        }

        /** A Constant node at a scope path ({@code /gn/ones}), whose output has that name. */
        void constant(String name, Tensor value) {
            AttributeProto a = AttributeProto.newBuilder().setName("value").setType(AttributeType.TENSOR)
                    .setT(OnnxTensors.toProto(name, value)).build();
            node("Constant", name, List.of(), name, a);
        }

        void node(String op, String name, List<String> in, String out, AttributeProto... attributes) {
            nodes.add(LayerRecognitionTest.node(op, name, in, out).addAllAttribute(List.of(attributes)).build());
        }

        long[] inputShape() {
            return inputs.getFirst().getType().getTensorType().getShape().getDimList().stream()
                    .mapToLong(TensorShapeProto.Dimension::getDimValue).toArray();
        }

        ModelProto proto() {
            GraphProto built = graph.clone().addAllInput(inputs).addAllNode(nodes)
                    .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
            return ModelProto.newBuilder().setIrVersion(8).setProducerName("arbor-test")
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(built)
                    .build();
        }

        OnnxModel parsed() throws IOException {
            return OnnxModel.parse(new ByteArrayInputStream(proto().toByteArray()), null, "recognition test");
        }
    }
}
