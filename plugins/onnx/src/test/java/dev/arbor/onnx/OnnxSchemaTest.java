package dev.arbor.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbor.onnx.proto.OnnxProto.GraphProto;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.onnx.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Proves that the compiled ONNX schema decodes a real model from the ONNX backend test suite. */
class OnnxSchemaTest {

    private static Path sharedDir() {
        String shared = System.getProperty("arbor.shared");
        return shared == null || shared.isBlank() ? null : Path.of(shared);
    }

    @Test
    void parsesTheAbsBackendTestModel() throws IOException {
        Path shared = sharedDir();
        Path model = shared == null ? null : shared.resolve("onnx-backend-tests/node/test_abs/model.onnx");
        assumeTrue(model != null && Files.isRegularFile(model),
                "skipped: ONNX backend test data not found (system property arbor.shared="
                        + shared + "; expected <shared>/onnx-backend-tests/node/test_abs/model.onnx)");

        ModelProto parsed;
        try (InputStream in = Files.newInputStream(model)) {
            parsed = ModelProto.parseFrom(in);
        }

        assertTrue(parsed.getIrVersion() >= 3, "ir_version " + parsed.getIrVersion());
        assertTrue(parsed.getOpsetImportCount() >= 1, "no opset_import");
        GraphProto graph = parsed.getGraph();
        assertEquals(1, graph.getNodeCount(), "node count");
        assertEquals("Abs", graph.getNode(0).getOpType());
        assertEquals(1, graph.getInputCount());
        assertEquals(1, graph.getOutputCount());
        assertEquals(TensorProto.DataType.FLOAT_VALUE,
                graph.getInput(0).getType().getTensorType().getElemType(), "input element type");
    }

    @Test
    void roundTripsANewIrVersionModel() throws IOException {
        // Built in memory, so it runs without the shared data: fields and types of recent IR versions.
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(dev.arbor.onnx.proto.OnnxProto.Version.IR_VERSION_VALUE)
                .setGraph(GraphProto.newBuilder()
                        .setName("g")
                        .addNode(dev.arbor.onnx.proto.OnnxProto.NodeProto.newBuilder()
                                .setOpType("Identity").setOverload("v2").addInput("x").addOutput("y"))
                        .addInitializer(TensorProto.newBuilder()
                                .setName("w").addDims(4)
                                .setDataType(TensorProto.DataType.FLOAT4E2M1_VALUE)
                                .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[] {0x21, 0x43}))))
                .build();

        ModelProto back = ModelProto.parseFrom(model.toByteArray());

        assertEquals(13, back.getIrVersion());
        assertEquals("v2", back.getGraph().getNode(0).getOverload());
        assertEquals(23, back.getGraph().getInitializer(0).getDataType());
        assertEquals(model, back);
    }
}
