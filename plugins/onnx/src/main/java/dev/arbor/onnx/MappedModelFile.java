package dev.arbor.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A model file mapped for parsing. The parser aliases each tensor's {@code raw_data} into the mapping
 * instead of copying it; the tensors' bytes are then read from the file with positional reads straight into
 * the tensors' own memory ({@link Reader}), not copied out of the mapping: the first touch of each mapped
 * page costs a page fault, several times dearer than {@code read} copying from the page cache. So an
 * import moves each byte once, and the parsed model holds page cache, not a copy of the file.
 */
final class MappedModelFile {
    private final Path path;
    private final MappedByteBuffer mapping;
    private final long base;

    private MappedModelFile(Path path, MappedByteBuffer mapping) {
        this.path = path;
        this.mapping = mapping;
        this.base = MemorySegment.ofBuffer(mapping).address();
    }

    /**
     * {@return the file, mapped read-only}
     *
     * @throws IOException when it cannot be read, or is over the 2 GB a protobuf can hold
     */
    static MappedModelFile map(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(path + ": " + size + " bytes, more than a protobuf can hold (2 GB); larger "
                        + "models keep their tensors in external data files");
            }
            return new MappedModelFile(path, ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    /** {@return a parser of the file whose byte fields are views of the mapping} */
    CodedInputStream parser() {
        // aliasing needs an input protobuf treats as immutable, which a wrapped ByteString is
        CodedInputStream cis = UnsafeByteOperations.unsafeWrap(mapping.duplicate()).newCodedInput();
        cis.enableAliasing(true);
        return cis;
    }

    /** {@return a reader of tensor bytes from the file, to close when the tensors are read} */
    Reader reader() throws IOException {
        return new Reader(FileChannel.open(path, StandardOpenOption.READ));
    }

    /** Reads the bytes of {@code raw_data} fields that are views of the mapping from the file itself. */
    final class Reader implements AutoCloseable {
        private final FileChannel channel;

        private Reader(FileChannel channel) {
            this.channel = channel;
        }

        /**
         * Reads {@code raw}'s bytes into {@code dst} (of {@code raw}'s size) when {@code raw} is a view of
         * the mapping.
         *
         * @return false when it is not, and nothing was read
         * @throws IOException when the file cannot be read or has shrunk since it was mapped
         */
        boolean read(ByteString raw, MemorySegment dst) throws IOException {
            ByteBuffer view = raw.asReadOnlyByteBuffer();
            if (raw.isEmpty() || !view.isDirect()) {
                return false;
            }
            long at = MemorySegment.ofBuffer(view).address() - base;
            if (at < 0 || at + raw.size() > mapping.capacity()) {
                return false;
            }
            ByteBuffer into = dst.asByteBuffer();
            while (into.hasRemaining()) {
                if (channel.read(into, at + into.position()) < 0) {
                    throw new IOException(path + " ended while its tensors were read (changed since it was opened?)");
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
