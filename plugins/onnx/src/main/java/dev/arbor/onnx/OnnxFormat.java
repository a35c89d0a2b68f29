package dev.arbor.onnx;

import dev.arbor.io.ModelFormat;
import dev.arbor.nn.Module;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX files as models: read as a {@link GraphModule} ({@link dev.arbor.io.Models#load}) and written by
 * {@link OnnxExporter} ({@link dev.arbor.io.Models#save}).
 */
public final class OnnxFormat implements ModelFormat {
    /** The format; {@link java.util.ServiceLoader} makes it, and users reach it through {@link dev.arbor.io.Models}. */
    public OnnxFormat() {}

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    /**
     * A ModelProto starts with its {@code ir_version} field (tag 0x08, a small varint) followed by another
     * field of the model; a weak test, so the extension decides for files that pass it by chance.
     */
    @Override
    public boolean probe(byte[] head) {
        return probeModelProto(head);
    }

    static boolean probeModelProto(byte[] head) {
        if (head.length < 3 || head[0] != 0x08 || head[1] < 1 || head[1] > 64) {
            return false;
        }
        int tag = head[2] & 0xFF;
        int field = tag >>> 3;
        int wire = tag & 7;
        return field >= 2 && field <= 20 && (wire == 0 || wire == 2);
    }

    @Override
    public Module load(Path path) throws IOException {
        return GraphModule.load(path);
    }

    @Override
    public boolean canSave() {
        return true;
    }

    /**
     * Exports with {@link OnnxExporter}: an imported {@link GraphModule} as it was imported, any other
     * module traced on {@code exampleInputs} (opset {@value OnnxExporter#DEFAULT_OPSET}, with a symbolic
     * batch dimension so that the file runs on any batch size).
     */
    @Override
    public void save(Module module, List<Tensor> exampleInputs, Path path) throws IOException {
        OnnxExporter.export(module, exampleInputs, path, OnnxExporter.Options.defaults().withDynamicBatch(true));
    }
}
