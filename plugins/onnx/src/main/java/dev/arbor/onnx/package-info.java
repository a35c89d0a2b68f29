/**
 * Arbor's ONNX plugin (work in progress).
 *
 * <p>Present: the ONNX model schema ({@code src/main/proto/onnx.proto}, IR version 13), compiled by
 * protoc into {@link dev.arbor.onnx.proto.OnnxProto}, so that {@code .onnx} files can be parsed.
 *
 * <p>Planned, not yet written: the importer that maps ONNX nodes to Arbor modules and functional
 * calls through an op registry, loads initializers as trainable parameters under their original
 * names, and reports every unsupported node at once; and an exporter.
 */
package dev.arbor.onnx;
