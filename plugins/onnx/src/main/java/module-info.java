/**
 * Arbor's ONNX plugin. Today it holds the ONNX protobuf schema, compiled to
 * {@code dev.arbor.onnx.proto.OnnxProto}; the importer that turns an ONNX graph into Arbor modules
 * is planned.
 */
module dev.arbor.onnx {
    requires dev.arbor.engine;
    requires com.google.protobuf;
}
