package dev.arbor.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.onnx.proto.OnnxProto.AttributeProto;
import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.NodeProto;
import dev.arbor.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import dev.arbor.onnx.proto.OnnxProto.TypeProto;
import dev.arbor.onnx.proto.OnnxProto.ValueInfoProto;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models Arbor must refuse with a clear message naming the node, never a crash or an OutOfMemoryError. */
class OnnxBadInputTest {
    @TempDir
    Path dir;

    private static ValueInfoProto floatInput(String name) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))).build();
    }

    private static NodeProto node(String name, String op, List<String> in, List<String> out, AttributeProto... attrs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addAllOutput(out)
                .addAllAttribute(Arrays.asList(attrs)).build();
    }

    private static ModelProto model(GraphProto.Builder graph) {
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph.setName("g")).build();
    }

    private static OnnxModel parse(ModelProto m) throws IOException {
        return OnnxModel.parse(new ByteArrayInputStream(m.toByteArray()), null, "test.onnx");
    }

    private static GraphProto.Builder relu() {
        return GraphProto.newBuilder().addInput(floatInput("x")).addOutput(floatInput("y"))
                .addNode(node("act", "Relu", List.of("x"), List.of("y")));
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] bytes = model(relu()).toByteArray();
        Path f = dir.resolve("cut.onnx");
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 5));
        IOException e = assertThrows(IOException.class, () -> OnnxModel.load(f));
        assertTrue(e.getMessage().contains("not a valid ONNX model"), e.getMessage());
    }

    @Test
    void notAnOnnxFile() throws IOException {
        Path f = dir.resolve("text.onnx");
        Files.writeString(f, "this is not a model\n");
        assertThrows(IOException.class, () -> OnnxModel.load(f));
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        IOException e = assertThrows(IOException.class, () -> OnnxModel.load(empty));
        assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
    }

    @Test
    void cycleNamesTheNode() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(floatInput("x")).addOutput(floatInput("b"))
                .addNode(node("first", "Add", List.of("x", "b"), List.of("a")))
                .addNode(node("second", "Relu", List.of("a"), List.of("b")));
        OnnxException e = assertThrows(OnnxException.class, () -> parse(model(g)));
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().contains("'first'"), e.getMessage());
    }

    @Test
    void undefinedInputNamesTheNodeAndTheValue() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(floatInput("x")).addOutput(floatInput("y"))
                .addNode(node("adder", "Add", List.of("x", "ghost"), List.of("y")));
        OnnxException e = assertThrows(OnnxException.class, () -> parse(model(g)));
        assertTrue(e.getMessage().contains("'adder'") && e.getMessage().contains("ghost"), e.getMessage());
    }

    @Test
    void attributeOfTheWrongTypeNamesNodeAndAttribute() throws IOException {
        AttributeProto axis = AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.FLOAT)
                .setF(1.5f).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInput(floatInput("x")).addOutput(floatInput("y"))
                .addNode(node("soft", "Softmax", List.of("x"), List.of("y"), axis));
        OnnxModel m = parse(model(g));
        OnnxException e = assertThrows(OnnxException.class, () -> m.run(List.of(Tensor.ones(2, 3))));
        assertTrue(e.getMessage().contains("'axis'") && e.getMessage().contains("'soft'"), e.getMessage());
    }

    @Test
    void hugeShapeIsAClearErrorNotOutOfMemory() throws IOException {
        TensorProto shape = TensorProto.newBuilder().setName("shape").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(2).addInt64Data(1L << 20).addInt64Data(1L << 20).build();
        GraphProto.Builder g = GraphProto.newBuilder().addOutput(floatInput("y")).addInitializer(shape)
                .addNode(node("filler", "ConstantOfShape", List.of("shape"), List.of("y")));
        OnnxModel m = parse(model(g));
        OnnxException e = assertThrows(OnnxException.class, () -> m.run(List.of()));
        assertTrue(e.getMessage().contains("'filler'"), e.getMessage());
    }

    @Test
    void everyUnsupportedOpIsReportedAtOnce() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(floatInput("x")).addOutput(floatInput("z"))
                .addNode(node("n1", "FrobnicateA", List.of("x"), List.of("y")))
                .addNode(node("n2", "FrobnicateB", List.of("y"), List.of("z")))
                .addNode(node("n3", "FrobnicateA", List.of("y"), List.of("w")));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> parse(model(g)));
        assertEquals(2, e.ops().size(), e.getMessage());
        assertTrue(e.getMessage().contains("n1") && e.getMessage().contains("n2") && e.getMessage().contains("n3")
                && e.getMessage().contains("opset 17"), e.getMessage());
    }
}
