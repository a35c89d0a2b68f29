/**
 * Arbor's ONNX plugin: loads ONNX models (the protobuf schema compiled to
 * {@code dev.arbor.onnx.proto.OnnxProto}), checks them, and runs them with the engine's tensor ops.
 */
module dev.arbor.onnx {
    requires dev.arbor.engine;
    requires transitive com.google.protobuf;

    exports dev.arbor.onnx;
    exports dev.arbor.onnx.proto;
}
