package dev.arbor.pytorch;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip archive of stored (uncompressed) entries as PyTorch's archive writer does: each entry's
 * data starts on a 64-byte boundary (padding goes in an extra field with id "FB"), so readers can map
 * tensors straight from the file; ZIP64 records appear where sizes, offsets or the entry count need
 * them.
 */
final class ZipWriter {
    /** Data alignment, as PyTorch's writer uses. */
    static final int ALIGNMENT = 64;
    private static final int PADDING_FIELD = 0x4246; // "FB"
    private static final int VERSION = 20;
    private static final int VERSION_ZIP64 = 45;
    private static final int UTF8_NAMES = 0x0800;
    private static final int DOS_DATE_1980 = (1 << 5) | 1;

    private record Written(byte[] name, int crc, long size, long offset) {}

    private final FileChannel out;
    private final long zip64Limit;
    private final List<Written> written = new ArrayList<>();
    private long position;

    /** A writer at the start of {@code out}. */
    ZipWriter(FileChannel out) {
        this(out, 0xFFFFFFFFL);
    }

    /** A writer that uses ZIP64 records for values from {@code zip64Limit} on (tests use small limits). */
    ZipWriter(FileChannel out, long zip64Limit) {
        this.out = out;
        this.zip64Limit = zip64Limit;
    }

    /** Adds an entry holding {@code data}. */
    void add(String name, MemorySegment data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        for (long p = 0; p < data.byteSize(); p += 1 << 30) {
            crc.update(data.asSlice(p, Math.min(1 << 30, data.byteSize() - p)).asByteBuffer());
        }
        long size = data.byteSize();
        boolean zip64 = size >= zip64Limit;
        int zip64Extra = zip64 ? 4 + 16 : 0;
        long beforePadding = position + 30 + nameBytes.length + zip64Extra + 4;
        int padding = (int) ((ALIGNMENT - beforePadding % ALIGNMENT) % ALIGNMENT);
        ByteBuffer header = ByteBuffer.allocate(30 + nameBytes.length + zip64Extra + 4 + padding)
                .order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(ZipIndex.LOCAL_HEADER)
                .putShort((short) (zip64 ? VERSION_ZIP64 : VERSION))
                .putShort((short) UTF8_NAMES)
                .putShort((short) ZipIndex.STORED)
                .putShort((short) 0)
                .putShort((short) DOS_DATE_1980)
                .putInt((int) crc.getValue())
                .putInt(zip64 ? -1 : (int) size)
                .putInt(zip64 ? -1 : (int) size)
                .putShort((short) nameBytes.length)
                .putShort((short) (zip64Extra + 4 + padding))
                .put(nameBytes);
        if (zip64) {
            header.putShort((short) ZipIndex.ZIP64_EXTRA).putShort((short) 16).putLong(size).putLong(size);
        }
        header.putShort((short) PADDING_FIELD).putShort((short) padding);
        for (int i = 0; i < padding; i++) {
            header.put((byte) 'Z');
        }
        written.add(new Written(nameBytes, (int) crc.getValue(), size, position));
        write(header.flip());
        for (long p = 0; p < size; p += 1 << 30) {
            write(data.asSlice(p, Math.min(1 << 30, size - p)).asByteBuffer());
        }
    }

    /** Writes the central directory and the end records; the archive is complete after this. */
    void finish() throws IOException {
        long directoryStart = position;
        for (Written w : written) {
            boolean zip64 = w.size() >= zip64Limit || w.offset() >= zip64Limit;
            int extra = zip64 ? 4 + 24 : 0;
            ByteBuffer entry = ByteBuffer.allocate(46 + w.name().length + extra).order(ByteOrder.LITTLE_ENDIAN);
            entry.putInt(ZipIndex.CENTRAL_HEADER)
                    .putShort((short) (zip64 ? VERSION_ZIP64 : VERSION))
                    .putShort((short) (zip64 ? VERSION_ZIP64 : VERSION))
                    .putShort((short) UTF8_NAMES)
                    .putShort((short) ZipIndex.STORED)
                    .putShort((short) 0)
                    .putShort((short) DOS_DATE_1980)
                    .putInt(w.crc())
                    .putInt(zip64 ? -1 : (int) w.size())
                    .putInt(zip64 ? -1 : (int) w.size())
                    .putShort((short) w.name().length)
                    .putShort((short) extra)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(zip64 ? -1 : (int) w.offset())
                    .put(w.name());
            if (zip64) {
                entry.putShort((short) ZipIndex.ZIP64_EXTRA).putShort((short) 24)
                        .putLong(w.size()).putLong(w.size()).putLong(w.offset());
            }
            write(entry.flip());
        }
        long directorySize = position - directoryStart;
        long count = written.size();
        boolean zip64 = count >= 0xFFFF || directoryStart >= zip64Limit || directorySize >= zip64Limit;
        ByteBuffer end = ByteBuffer.allocate((zip64 ? 56 + 20 : 0) + 22).order(ByteOrder.LITTLE_ENDIAN);
        if (zip64) {
            long record = position;
            end.putInt(ZipIndex.ZIP64_END).putLong(44)
                    .putShort((short) VERSION_ZIP64).putShort((short) VERSION_ZIP64)
                    .putInt(0).putInt(0)
                    .putLong(count).putLong(count)
                    .putLong(directorySize).putLong(directoryStart);
            end.putInt(ZipIndex.ZIP64_LOCATOR).putInt(0).putLong(record).putInt(1);
        }
        end.putInt(ZipIndex.END_OF_CENTRAL_DIRECTORY)
                .putShort((short) 0).putShort((short) 0)
                .putShort((short) (zip64 ? 0xFFFF : count))
                .putShort((short) (zip64 ? 0xFFFF : count))
                .putInt(zip64 ? -1 : (int) directorySize)
                .putInt(zip64 ? -1 : (int) directoryStart)
                .putShort((short) 0);
        write(end.flip());
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            position += out.write(buffer);
        }
    }
}
