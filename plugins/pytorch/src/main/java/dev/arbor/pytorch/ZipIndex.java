package dev.arbor.pytorch;

import dev.arbor.backend.cpu.CpuStorage;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a zip archive held in memory (a mapped file), read from its central directory
 * (ZIP64 included) with every offset and size checked against the archive's length. A stored entry's
 * bytes are a slice of the archive (no copy); a deflated one is inflated into new memory of exactly the
 * declared size, which is checked first against deflate's largest possible ratio.
 */
final class ZipIndex {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final int LOCAL_HEADER = 0x04034b50;
    static final int CENTRAL_HEADER = 0x02014b50;
    static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    static final int ZIP64_END = 0x06064b50;
    static final int ZIP64_LOCATOR = 0x07064b50;
    static final int ZIP64_EXTRA = 0x0001;
    static final int STORED = 0;
    static final int DEFLATED = 8;
    /** Deflate never shrinks data by more than about 1032 to 1. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    /** One archive member. */
    record Entry(String name, int method, long compressedSize, long size, int crc, long dataOffset) {}

    private final MemorySegment archive;
    private final String source;
    private final SequencedMap<String, Entry> entries;

    private ZipIndex(MemorySegment archive, String source, SequencedMap<String, Entry> entries) {
        this.archive = archive;
        this.source = source;
        this.entries = entries;
    }

    /** The entries by name, in central-directory order. */
    SequencedMap<String, Entry> entries() {
        return entries;
    }

    /** Reads the central directory of {@code archive}; {@code source} names it in messages. */
    static ZipIndex read(MemorySegment archive, String source) throws IOException {
        long length = archive.byteSize();
        long eocd = findEndRecord(archive, source);
        long count = Short.toUnsignedInt(archive.get(U16, eocd + 10));
        long cdSize = Integer.toUnsignedLong(archive.get(U32, eocd + 12));
        long cdOffset = Integer.toUnsignedLong(archive.get(U32, eocd + 16));
        if (eocd >= 20 && archive.get(U32, eocd - 20) == ZIP64_LOCATOR) {
            long end64 = archive.get(U64, eocd - 20 + 8);
            if (end64 < 0 || end64 > eocd - 20 - 56 || archive.get(U32, end64) != ZIP64_END) {
                throw corrupt(source, "its ZIP64 end record is missing or out of place");
            }
            count = archive.get(U64, end64 + 32);
            cdSize = archive.get(U64, end64 + 40);
            cdOffset = archive.get(U64, end64 + 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > length || cdSize > length - cdOffset) {
            throw corrupt(source, "its central directory (" + cdSize + " bytes at " + cdOffset + ") lies outside the "
                    + length + "-byte file");
        }
        if (count < 0 || count > cdSize / 46) {
            throw corrupt(source, "it claims " + count + " entries in a " + cdSize + "-byte central directory");
        }
        SequencedMap<String, Entry> entries = new LinkedHashMap<>();
        long p = cdOffset;
        long cdEnd = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            if (cdEnd - p < 46 || archive.get(U32, p) != CENTRAL_HEADER) {
                throw corrupt(source, "central directory entry " + i + " is damaged");
            }
            int flags = Short.toUnsignedInt(archive.get(U16, p + 8));
            int method = Short.toUnsignedInt(archive.get(U16, p + 10));
            int crc = archive.get(U32, p + 16);
            long compressed = Integer.toUnsignedLong(archive.get(U32, p + 20));
            long size = Integer.toUnsignedLong(archive.get(U32, p + 24));
            int nameLength = Short.toUnsignedInt(archive.get(U16, p + 28));
            int extraLength = Short.toUnsignedInt(archive.get(U16, p + 30));
            int commentLength = Short.toUnsignedInt(archive.get(U16, p + 32));
            long local = Integer.toUnsignedLong(archive.get(U32, p + 42));
            if (46L + nameLength + extraLength + commentLength > cdEnd - p) {
                throw corrupt(source, "central directory entry " + i + " runs past the directory");
            }
            String name = text(archive, p + 46, nameLength);
            long extra = p + 46 + nameLength;
            long extraEnd = extra + extraLength;
            while (extraEnd - extra >= 4) {
                int id = Short.toUnsignedInt(archive.get(U16, extra));
                int fieldLength = Short.toUnsignedInt(archive.get(U16, extra + 2));
                long field = extra + 4;
                if (fieldLength > extraEnd - field) {
                    throw corrupt(source, "entry " + name + " has a damaged extra field");
                }
                if (id == ZIP64_EXTRA) {
                    long fieldEnd = field + fieldLength;
                    if (size == 0xFFFFFFFFL && fieldEnd - field >= 8) {
                        size = archive.get(U64, field);
                        field += 8;
                    }
                    if (compressed == 0xFFFFFFFFL && fieldEnd - field >= 8) {
                        compressed = archive.get(U64, field);
                        field += 8;
                    }
                    if (local == 0xFFFFFFFFL && fieldEnd - field >= 8) {
                        local = archive.get(U64, field);
                    }
                }
                extra += 4 + fieldLength;
            }
            p += 46L + nameLength + extraLength + commentLength;
            if ((flags & 1) != 0) {
                throw corrupt(source, "entry " + name + " is encrypted");
            }
            Entry entry = entry(archive, source, name, method, compressed, size, crc, local);
            if (entries.putIfAbsent(name, entry) != null) {
                throw corrupt(source, "entry " + name + " appears twice");
            }
        }
        return new ZipIndex(archive, source, entries);
    }

    private static Entry entry(MemorySegment archive, String source, String name, int method, long compressed,
            long size, int crc, long local) throws IOException {
        long length = archive.byteSize();
        if (local < 0 || local > length - 30 || archive.get(U32, local) != LOCAL_HEADER) {
            throw corrupt(source, "the local header of entry " + name + " is missing");
        }
        int nameLength = Short.toUnsignedInt(archive.get(U16, local + 26));
        int extraLength = Short.toUnsignedInt(archive.get(U16, local + 28));
        long data = local + 30 + nameLength + extraLength;
        if (compressed < 0 || size < 0 || data > length || compressed > length - data) {
            throw corrupt(source, "entry " + name + " (" + compressed + " bytes at " + data + ") runs past the end of the "
                    + length + "-byte file");
        }
        if (!text(archive, local + 30, nameLength).equals(name)) {
            throw corrupt(source, "entry " + name + " has a different name in its local header");
        }
        if (method == STORED && compressed != size) {
            throw corrupt(source, "stored entry " + name + " has a compressed size " + compressed + " unlike its size "
                    + size);
        }
        if (method != STORED && method != DEFLATED) {
            throw new IOException(source + ": entry " + name + " uses zip compression method " + method
                    + "; only stored and deflated entries can be read");
        }
        if (method == DEFLATED && size / MAX_DEFLATE_RATIO > compressed + 1) {
            throw corrupt(source, "deflated entry " + name + " claims " + size + " bytes from only " + compressed);
        }
        return new Entry(name, method, compressed, size, crc, data);
    }

    private static long findEndRecord(MemorySegment archive, String source) throws IOException {
        long length = archive.byteSize();
        long lowest = Math.max(0, length - 22 - 0xFFFF);
        for (long p = length - 22; p >= lowest; p--) {
            if (archive.get(U32, p) == END_OF_CENTRAL_DIRECTORY
                    && p + 22 + Short.toUnsignedInt(archive.get(U16, p + 20)) == length) {
                return p;
            }
        }
        throw corrupt(source, "no zip end-of-central-directory record (truncated?)");
    }

    private static String text(MemorySegment archive, long offset, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(archive, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static IOException corrupt(String source, String what) {
        return new IOException(source + ": not a valid zip archive: " + what);
    }

    /**
     * The bytes of {@code entry}: a slice of the archive when it is stored, else inflated into new
     * memory. With {@code verify}, the CRC-32 is checked (a pass over the bytes).
     */
    MemorySegment bytes(Entry entry, boolean verify) throws IOException {
        MemorySegment data;
        if (entry.method() == STORED) {
            data = archive.asSlice(entry.dataOffset(), entry.size());
        } else {
            data = inflate(entry);
            verify = true;
        }
        if (verify) {
            CRC32 crc = new CRC32();
            for (long p = 0; p < data.byteSize(); p += 1 << 30) {
                crc.update(data.asSlice(p, Math.min(1 << 30, data.byteSize() - p)).asByteBuffer());
            }
            if ((int) crc.getValue() != entry.crc()) {
                throw new IOException(source + ": entry " + entry.name() + " fails its CRC-32 check (corrupt file)");
            }
        }
        return data;
    }

    private MemorySegment inflate(Entry entry) throws IOException {
        long size = entry.size();
        // Grow as the data comes rather than trusting the declared size: a lying header costs nothing.
        MemorySegment out = allocate(Math.min(size, 1 << 16));
        long written = 0;
        ByteBuffer spare = ByteBuffer.allocate(1);
        Inflater inflater = new Inflater(true);
        try {
            MemorySegment compressed = archive.asSlice(entry.dataOffset(), entry.compressedSize());
            long read = 0;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (read == compressed.byteSize()) {
                        break;
                    }
                    long n = Math.min(1 << 20, compressed.byteSize() - read);
                    inflater.setInput(compressed.asSlice(read, n).asByteBuffer());
                    read += n;
                }
                if (inflater.needsDictionary()) {
                    break;
                }
                if (written == out.byteSize() && written < size) {
                    MemorySegment bigger = allocate(Math.min(size, out.byteSize() * 2));
                    MemorySegment.copy(out, 0, bigger, 0, written);
                    out = bigger;
                }
                if (written == size) {
                    // Room for one more byte tells a longer stream from a finished one.
                    if (inflater.inflate(spare.clear()) > 0) {
                        throw corrupt(source, "deflated entry " + entry.name() + " holds more than its declared "
                                + size + " bytes");
                    }
                } else {
                    written += inflater.inflate(out.asSlice(written, Math.min(1 << 30, out.byteSize() - written))
                            .asByteBuffer());
                }
            }
            if (!inflater.finished() || written != size) {
                throw corrupt(source, "deflated entry " + entry.name() + " is damaged or shorter than its declared "
                        + size + " bytes");
            }
            return out;
        } catch (DataFormatException e) {
            throw corrupt(source, "deflated entry " + entry.name() + " is damaged: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static MemorySegment allocate(long size) {
        return CpuStorage.allocate(size).segment().asSlice(0, size);
    }
}
