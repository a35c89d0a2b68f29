package dev.arbor.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
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
import dev.arbor.tensor.Gradcheck;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model of one node, built in memory for op tests: floating-point inputs are fed (so ONNX Runtime can take
 * them and gradients can flow through Arbor's run), everything else is an initializer. Runs in Arbor and in
 * ONNX Runtime, the reference.
 */
final class SingleNodeModel {
    private final String opType;
    private final int opset;
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();
    private final List<String> nodeInputs = new ArrayList<>();
    private final List<AttributeProto> attributes = new ArrayList<>();
    private int outputs = 1;
    private OnnxModel parsed;

    SingleNodeModel(String opType, int opset) {
        this.opType = opType;
        this.opset = opset;
    }

    /** A fed input (floating point). */
    SingleNodeModel input(String name, Tensor value) {
        inputs.put(name, value);
        nodeInputs.add(name);
        parsed = null;
        return this;
    }

    /** An initializer input. */
    SingleNodeModel constant(String name, Tensor value) {
        constants.put(name, value);
        nodeInputs.add(name);
        parsed = null;
        return this;
    }

    /** An omitted optional input. */
    SingleNodeModel skip() {
        nodeInputs.add("");
        parsed = null;
        return this;
    }

    SingleNodeModel attr(String name, long value) {
        attributes.add(AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build());
        parsed = null;
        return this;
    }

    SingleNodeModel attr(String name, double value) {
        attributes.add(AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF((float) value).build());
        parsed = null;
        return this;
    }

    SingleNodeModel attr(String name, String value) {
        attributes.add(AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build());
        parsed = null;
        return this;
    }

    SingleNodeModel attr(String name, long... values) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        attributes.add(b.build());
        parsed = null;
        return this;
    }

    SingleNodeModel floats(String name, double... values) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        for (double v : values) {
            b.addFloats((float) v);
        }
        attributes.add(b.build());
        parsed = null;
        return this;
    }

    SingleNodeModel strings(String name, String... values) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String v : values) {
            b.addStrings(ByteString.copyFromUtf8(v));
        }
        attributes.add(b.build());
        parsed = null;
        return this;
    }

    SingleNodeModel outputs(int n) {
        outputs = n;
        parsed = null;
        return this;
    }

    ModelProto proto() {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(opType.toLowerCase() + "_under_test")
                .addAllInput(nodeInputs);
        GraphProto.Builder graph = GraphProto.newBuilder().setName("single_" + opType);
        for (int i = 0; i < outputs; i++) {
            node.addOutput("y" + i);
            graph.addOutput(ValueInfoProto.newBuilder().setName("y" + i).build());
        }
        node.addAllAttribute(attributes);
        graph.addNode(node);
        inputs.forEach((name, t) -> graph.addInput(valueInfo(name, t)));
        constants.forEach((name, t) -> graph.addInitializer(OnnxTensors.toProto(name, t)));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("arbor-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
    }

    private static ValueInfoProto valueInfo(String name, Tensor t) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : t.shape()) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(OnnxDataTypes.toOnnx(t.dtype())).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** The outputs Arbor computes for the fed inputs given in order. */
    List<Tensor> runArbor(List<Tensor> fed) {
        if (parsed == null) {
            try {
                parsed = OnnxModel.parse(new ByteArrayInputStream(proto().toByteArray()), null, opType + " test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parsed.run(fed).stream().map(o -> (Tensor) o).toList();
    }

    /** The fed inputs, in order. */
    List<Tensor> fedInputs() {
        return new ArrayList<>(inputs.values());
    }

    /** The outputs Arbor computes for the inputs given when building. */
    List<Tensor> runArbor() {
        return runArbor(fedInputs());
    }

    /** Arbor's outputs equal ONNX Runtime's (compared in ONNX Runtime's dtype) within the tolerances. */
    void assertMatchesOnnxRuntime(double rtol, double atol, String what) throws OrtException {
        List<Tensor> expected = runOnnxRuntime();
        List<Tensor> actual = runArbor();
        for (int i = 0; i < expected.size(); i++) {
            ImportedModelsTest.assertClose(expected.get(i), actual.get(i).to(expected.get(i).dtype()), rtol, atol,
                    what + " output " + i);
        }
    }

    /** Gradcheck of output 0, weighted by a fixed random probe, in every fed input (which must be float64). */
    void assertGradients() {
        Tensor[] args = fedInputs().stream().map(t -> t.detach().requiresGrad_(true)).toArray(Tensor[]::new);
        Tensor probe = Tensor.randn(new Generator(99), DType.FLOAT64, runArbor(List.of(args)).getFirst().shape());
        Gradcheck.check(xs -> runArbor(xs).getFirst().mul(probe).sum(), args);
    }

    /** The outputs ONNX Runtime computes (float32 and float64 inputs and outputs). */
    List<Tensor> runOnnxRuntime() throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(proto().toByteArray(), opts)) {
                Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
                try {
                    for (var e : inputs.entrySet()) {
                        Tensor x = e.getValue();
                        feeds.put(e.getKey(), x.dtype() == DType.FLOAT64
                                ? OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.toDoubleArray()), x.shape())
                                : OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.shape()));
                    }
                    try (OrtSession.Result result = session.run(feeds)) {
                        List<Tensor> out = new ArrayList<>();
                        for (var e : result) {
                            OnnxTensor t = (OnnxTensor) e.getValue();
                            long[] shape = t.getInfo().getShape();
                            out.add(switch (t.getInfo().type) {
                                case DOUBLE -> {
                                    DoubleBuffer buf = t.getDoubleBuffer();
                                    double[] d = new double[buf.remaining()];
                                    buf.get(d);
                                    yield Tensor.of(d, shape);
                                }
                                case INT64 -> {
                                    var buf = t.getLongBuffer();
                                    long[] d = new long[buf.remaining()];
                                    buf.get(d);
                                    yield Tensor.of(d, shape);
                                }
                                default -> {
                                    FloatBuffer buf = t.getFloatBuffer();
                                    float[] d = new float[buf.remaining()];
                                    buf.get(d);
                                    yield Tensor.of(d, shape);
                                }
                            });
                        }
                        return out;
                    }
                } finally {
                    feeds.values().forEach(OnnxTensor::close);
                }
            }
        }
    }
}
