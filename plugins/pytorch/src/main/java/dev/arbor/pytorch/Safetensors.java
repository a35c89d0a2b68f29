package dev.arbor.pytorch;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.io.AtomicFiles;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * safetensors files, the format of the Hugging Face ecosystem: an 8-byte little-endian header length,
 * a JSON header (each tensor's dtype, shape and byte range, and optional string metadata), then the
 * tensors' bytes, little-endian and row-major.
 *
 * <p>{@link #read} validates the whole header (see {@link SafetensorsHeader}: size limit, JSON, dtypes,
 * offsets in range, no overlap or gap, shape times dtype size equal to each byte length) before it maps
 * the file; the tensors then view the mapping without a copy (privately, as {@link TorchCheckpoint}
 * describes). All dtypes the format names are read except the float8 and smaller ones, which Arbor
 * cannot represent and refuses by name.
 *
 * <p>{@link #write} lays the file out as the reference implementation does, byte for byte: tensors
 * sorted by dtype (widest first, in the reference's dtype order) then by name, the compact JSON header
 * with {@code __metadata__} first, padded with spaces to a multiple of 8 bytes.
 */
public final class Safetensors {
    private Safetensors() {}

    /**
     * Reads a safetensors file, validating the whole header before it maps the file.
     *
     * @param path the file
     * @return the tensors, viewing the mapped file, and the header's metadata
     * @throws IOException when the file cannot be read, is not a safetensors file, or its header is invalid
     *                     or names a dtype Arbor cannot represent
     */
    public static SafetensorsFile read(Path path) throws IOException {
        String source = path.toString();
        long fileSize;
        SafetensorsHeader header;
        long headerLength;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            fileSize = channel.size();
            if (fileSize < 8) {
                throw new IOException(source + ": not a safetensors file: " + fileSize + " bytes, fewer than the 8 of "
                        + "the header length");
            }
            ByteBuffer length = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
            headerLength = length.getLong();
            if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
                throw new IOException(source + ": not a safetensors file, or an invalid one: a header of "
                        + Long.toUnsignedString(headerLength) + " bytes (the limit is "
                        + SafetensorsHeader.MAX_HEADER_BYTES + ")");
            }
            if (headerLength > fileSize - 8) {
                throw new IOException(source + ": invalid safetensors file: a header of " + headerLength + " bytes, but "
                        + "the file has only " + (fileSize - 8) + " after the length (truncated?)");
            }
            byte[] json = readFully(channel, 8, (int) headerLength).array();
            header = SafetensorsHeader.parse(json, fileSize - 8 - headerLength, source);
        }
        MemorySegment file = MappedFile.map(path);
        if (file.byteSize() != fileSize) {
            throw new IOException(source + ": the file changed size while it was read");
        }
        long dataStart = 8 + headerLength;
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            MemorySegment bytes = file.asSlice(dataStart + e.begin(), e.end() - e.begin());
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                bytes = ByteSwap.swapped(bytes, e.dtype().byteSize());
            }
            long[] shape = e.shape();
            tensors.put(e.name(), Tensor.wrap(new CpuStorage(bytes), e.dtype(), shape, Shapes.contiguousStrides(shape), 0));
        }
        return new SafetensorsFile(tensors, header.metadata());
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer.flip();
    }

    private record Item(String name, byte[] utf8Name, DType dtype, long[] shape, MemorySegment bytes) {}

    /**
     * Writes {@code tensors} and {@code metadata} (may be empty; {@code format: pt} is what the Hugging
     * Face libraries expect) atomically. Each tensor's values are written contiguously; tensors that
     * shared memory are written separately, as the format has no sharing.
     *
     * @param tensors the tensors by name
     * @param metadata the string pairs stored as {@code __metadata__}; empty for none
     * @param path the file to write
     * @throws IOException when writing fails or a name is not valid Unicode or is {@code __metadata__}
     */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(SafetensorsHeader.METADATA)) {
                throw new IOException("cannot write a tensor named " + SafetensorsHeader.METADATA
                        + " to a safetensors file: the name is reserved for metadata");
            }
            Tensor t = e.getValue();
            MemorySegment bytes = TensorBytes.of(t);
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                bytes = ByteSwap.swapped(bytes, t.dtype().byteSize());
            }
            items.add(new Item(e.getKey(), utf8(e.getKey()), t.dtype(), t.shape(), bytes));
        }
        List<DType> rank = List.copyOf(SafetensorsHeader.DTYPES.values());
        items.sort(Comparator.comparingInt((Item i) -> -rank.indexOf(i.dtype()))
                .thenComparing(Item::utf8Name, Arrays::compareUnsigned));

        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(jsonString(SafetensorsHeader.METADATA)).append(":{");
            String separator = "";
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                json.append(separator).append(jsonString(m.getKey())).append(':').append(jsonString(m.getValue()));
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Item item : items) {
            json.append(json.length() > 1 ? "," : "").append(jsonString(item.name()))
                    .append(":{\"dtype\":\"").append(SafetensorsHeader.nameOf(item.dtype()))
                    .append("\",\"shape\":[");
            for (int i = 0; i < item.shape().length; i++) {
                json.append(i > 0 ? "," : "").append(item.shape()[i]);
            }
            long end = offset + item.bytes().byteSize();
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] headerText = utf8(json.toString());
        int padding = (8 - headerText.length % 8) % 8;
        ByteBuffer header = ByteBuffer.allocate(8 + headerText.length + padding).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(headerText.length + padding).put(headerText);
        for (int i = 0; i < padding; i++) {
            header.put((byte) ' ');
        }
        header.flip();
        AtomicFiles.write(path, tmp -> {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(channel, header);
                for (Item item : items) {
                    MemorySegment bytes = item.bytes();
                    for (long p = 0; p < bytes.byteSize(); p += 1 << 30) {
                        writeFully(channel, bytes.asSlice(p, Math.min(1 << 30, bytes.byteSize() - p)).asByteBuffer());
                    }
                }
            }
        });
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A JSON string literal escaped as the reference implementation (serde_json) escapes it. */
    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static byte[] utf8(String s) throws IOException {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            return Arrays.copyOf(b.array(), b.limit());
        } catch (CharacterCodingException e) {
            throw new IOException("'" + s + "' is not valid Unicode (a lone surrogate?); safetensors names are UTF-8");
        }
    }
}
