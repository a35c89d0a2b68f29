package dev.arbor.pytorch;

import dev.arbor.io.StateDictFormat;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The safetensors state-dict format ({@code .safetensors}) for {@link dev.arbor.io.StateDicts}: reads
 * through {@link Safetensors#read} and writes through {@link Safetensors#write} with the metadata
 * {@code format: pt}, which the Hugging Face libraries expect of PyTorch weights.
 */
public final class SafetensorsFormat implements StateDictFormat {
    /** The metadata written with every state dict. */
    public static final Map<String, String> METADATA = Map.of("format", "pt");

    /** The format, as ServiceLoader makes it. */
    public SafetensorsFormat() {}

    @Override
    public String name() {
        return "safetensors";
    }

    @Override
    public List<String> extensions() {
        return List.of(".safetensors");
    }

    /** An 8-byte header length within the format's limit, followed by the header's opening brace. */
    @Override
    public boolean probe(byte[] head) {
        if (head.length < 10) {
            return false;
        }
        long length = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return length >= 2 && length <= SafetensorsHeader.MAX_HEADER_BYTES && head[8] == '{';
    }

    @Override
    public SequencedMap<String, Tensor> read(Path path) throws IOException {
        return Safetensors.read(path).tensors();
    }

    @Override
    public void write(Map<String, Tensor> stateDict, Path path) throws IOException {
        Safetensors.write(stateDict, METADATA, path);
    }
}
