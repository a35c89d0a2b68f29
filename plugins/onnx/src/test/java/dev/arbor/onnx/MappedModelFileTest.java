package dev.arbor.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.arbor.onnx.proto.OnnxProto.ModelProto;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MappedModelFile}: tensor bytes are views of the mapping after parsing, then read from the file. */
class MappedModelFileTest {
    private static final float[] VALUES = {1.5f, -2, 3.25f, 4, 5, 6};

    private static Path write(Path dir) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, new SingleNodeModel("Add", 17).input("x", Tensor.zeros(2, 3))
                .constant("w", Tensor.of(VALUES, 2, 3)).proto().toByteArray());
        return file;
    }

    private static ByteString rawData(MappedModelFile file) throws IOException {
        return ModelProto.parseFrom(file.parser()).getGraph().getInitializer(0).getRawData();
    }

    @Test
    void rawDataIsReadFromTheFileIntoTheTensor(@TempDir Path dir) throws IOException {
        MappedModelFile file = MappedModelFile.map(write(dir));
        ByteString raw = rawData(file);
        assertTrue(raw.asReadOnlyByteBuffer().isDirect(), "raw_data is a view of the mapping, not a copy");
        try (Arena arena = Arena.ofConfined(); MappedModelFile.Reader reader = file.reader()) {
            MemorySegment dst = arena.allocate(raw.size());
            assertTrue(reader.read(raw, dst));
            assertArrayEquals(VALUES, dst.toArray(ValueLayout.JAVA_FLOAT));
            assertFalse(reader.read(ByteString.copyFrom(new byte[24]), dst), "bytes from elsewhere are not read");
        }
    }

    @Test
    void aFileThatShrankAfterParsingIsAnErrorNotACrash(@TempDir Path dir) throws IOException {
        Path path = write(dir);
        OnnxModel model = OnnxModel.load(path);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        OnnxException e = assertThrows(OnnxException.class, model::loadInitializers);
        assertTrue(e.getMessage().contains("changed since it was opened"), e.getMessage());
    }
}
