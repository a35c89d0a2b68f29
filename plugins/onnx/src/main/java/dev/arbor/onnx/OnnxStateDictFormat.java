package dev.arbor.onnx;

import dev.arbor.io.StateDictFormat;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * An ONNX file read as a state dict: its main graph's initializers under their names. Read only;
 * write a model with the ONNX exporter instead.
 */
public final class OnnxStateDictFormat implements StateDictFormat {
    /**
     * The format; {@link java.util.ServiceLoader} makes it, and users reach it through
     * {@link dev.arbor.io.StateDicts}.
     */
    public OnnxStateDictFormat() {}

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    @Override
    public boolean probe(byte[] head) {
        return OnnxFormat.probeModelProto(head);
    }

    @Override
    public SequencedMap<String, Tensor> read(Path path) throws IOException {
        // parsing without the op check: a state dict needs only the initializers
        try (InputStream in = Files.newInputStream(path)) {
            var proto = dev.arbor.onnx.proto.OnnxProto.ModelProto.parseFrom(in);
            return new LinkedHashMap<>(GraphRunner.initializers(proto.getGraph(), path.toAbsolutePath().getParent()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(path + ": not a valid ONNX model: " + e.getMessage(), e);
        } catch (OnnxException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    @Override
    public void write(Map<String, Tensor> stateDict, Path path) throws IOException {
        throw new IOException("writing ONNX state dicts is not supported: export a module with the ONNX exporter");
    }
}
