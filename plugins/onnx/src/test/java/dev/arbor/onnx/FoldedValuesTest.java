package dev.arbor.onnx;

import static dev.arbor.onnx.ImportedModelsTest.assertClose;
import static dev.arbor.onnx.ImportedModelsTest.inEval;
import static dev.arbor.onnx.ImportedModelsTest.infer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.io.Npy;
import dev.arbor.nn.Parameter;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link FoldedValues}: what a run reuses from the last one follows every change of what it was computed
 * from. The PyTorch-exported LSTM slices and concatenates its weights into the LSTM nodes' W, R and B.
 */
class FoldedValuesTest {
    private static final Path LSTM = Path.of("src/test/resources/models/lstm");

    @Test
    void valuesComputedFromParametersFollowTheirChanges() throws IOException {
        GraphModule m = inEval("lstm");
        Tensor x = Npy.read(LSTM.resolve("input.npy"));
        Tensor before = infer(m, x);
        assertClose(before, infer(m, x), 0, 0, "a second run");
        try (var scope = GradMode.noGrad()) {
            m.namedParameters().get("lstm.weight_hh_l0").mul_(0.5);
            Parameter w = m.namedParameters().get("lstm.weight_ih_l1");
            w.setData(w.detach().mul(2.0));
        }
        Tensor after = infer(m, x);
        GraphModule fresh = inEval("lstm");
        fresh.loadStateDict(m.stateDict(), true);
        assertClose(infer(fresh, x), after, 0, 0, "after a parameter changed in place and one was replaced");
        assertTrue(after.sub(before).abs().max().item() > 1e-3, "the changes change the output");
    }

    @Test
    void shapeArithmeticFollowsTheShapes() {
        // twice the batch size, from the input's shape
        GraphProto graph = GraphProto.newBuilder().setName("twice_the_batch")
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addInitializer(OnnxTensors.toProto("zero", Tensor.of(new long[] {0})))
                .addInitializer(OnnxTensors.toProto("two", Tensor.of(new long[] {2})))
                .addNode(node("Shape", "x", "shape"))
                .addNode(node("Gather", "shape", "zero", "batch"))
                .addNode(node("Mul", "batch", "two", "y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        ModelProto proto = ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
        GraphModule m = GraphModule.of(parse(proto));
        for (int batch : new int[] {2, 3, 3, 2, 1}) {
            assertArrayEquals(new long[] {2L * batch}, infer(m, Tensor.zeros(batch, 4)).toLongArray(), "batch " + batch);
        }
    }

    private static NodeProto node(String op, String... inputsThenOutput) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase());
        for (int i = 0; i < inputsThenOutput.length - 1; i++) {
            n.addInput(inputsThenOutput[i]);
        }
        return n.addOutput(inputsThenOutput[inputsThenOutput.length - 1]).build();
    }

    private static OnnxModel parse(ModelProto proto) {
        try {
            return OnnxModel.parse(new ByteArrayInputStream(proto.toByteArray()), null, proto.getGraph().getName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void gradientsReachParametersThroughValuesComputedFromThem() throws IOException {
        GraphModule m = inEval("lstm");
        Tensor x = Npy.read(LSTM.resolve("input.npy"));
        infer(m, x);
        m.call(x).sum().backward();
        assertTrue(m.namedParameters().get("lstm.weight_hh_l0").grad() != null, "weight_hh_l0 has a gradient");
    }

    @Test
    void anOutputThatIsAFoldedValueIsHandedOutAsACopy() throws IOException {
        GraphModule m = GraphModule.of(parse(new SingleNodeModel("Constant", 13).floats("value_floats", 1, 2, 3).proto()));
        Tensor first = (Tensor) m.forward();
        first.fill_(0);
        assertArrayEquals(new float[] {1, 2, 3}, ((Tensor) m.forward()).toFloatArray());
    }
}
