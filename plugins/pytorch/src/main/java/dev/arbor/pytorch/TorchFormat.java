package dev.arbor.pytorch;

import dev.arbor.io.StateDictFormat;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The PyTorch checkpoint state-dict format ({@code .pt}, {@code .pth}) for
 * {@link dev.arbor.io.StateDicts}: reads both {@code torch.save} formats through
 * {@link TorchCheckpoint#loadStateDict} and writes the zip format through
 * {@link TorchCheckpoint#saveStateDict}.
 */
public final class TorchFormat implements StateDictFormat {
    /** The format, as ServiceLoader makes it. */
    public TorchFormat() {}

    @Override
    public String name() {
        return "pytorch";
    }

    @Override
    public List<String> extensions() {
        return List.of(".pt", ".pth");
    }

    @Override
    public boolean probe(byte[] head) {
        return TorchCheckpoint.probe(head);
    }

    @Override
    public SequencedMap<String, Tensor> read(Path path) throws IOException {
        return TorchCheckpoint.loadStateDict(path);
    }

    @Override
    public void write(Map<String, Tensor> stateDict, Path path) throws IOException {
        TorchCheckpoint.saveStateDict(stateDict, path);
    }
}
