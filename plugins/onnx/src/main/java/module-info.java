/**
 * Arbor's ONNX plugin: loads ONNX models (the protobuf schema compiled to
 * {@code dev.arbor.onnx.proto.OnnxProto}), checks them, runs them with the engine's tensor ops, and
 * imports them as trainable module trees ({@link dev.arbor.onnx.GraphModule}).
 */
module dev.arbor.onnx {
    requires transitive dev.arbor.engine;
    requires transitive com.google.protobuf;

    exports dev.arbor.onnx;
    exports dev.arbor.onnx.proto;

    provides dev.arbor.io.ModelFormat with dev.arbor.onnx.OnnxFormat;
    provides dev.arbor.io.StateDictFormat with dev.arbor.onnx.OnnxStateDictFormat;
}
