package dev.arbor.io;

import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy's {@code .npy} files, versions 1.0, 2.0 and 3.0, as {@code numpy.save} and {@code numpy.load}
 * read and write them.
 *
 * <p><b>Reading</b> takes every NumPy type the engine has ({@code f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1}),
 * little- or big-endian, in C or Fortran order, 0-d and empty arrays included. When the data is
 * little-endian, in C order and aligned to its element size in the file, the file is mapped into
 * memory without a copy (privately: an in-place change to the tensor is never written back to the
 * file); otherwise the data is read and converted into a new C-contiguous tensor. Object arrays,
 * complex numbers, strings, structured types and {@code float128} are refused with an
 * {@link IOException} that names the type, as are a bad magic string, a malformed header, a shape
 * whose size overflows, and a file shorter than its header says. Bytes after the data are ignored,
 * as NumPy ignores them.
 *
 * <p><b>Writing</b> produces version 1.0 (2.0 when the header needs more than 65535 bytes) with the
 * header padded so that the data starts at a multiple of 64 bytes, C order, in the machine's byte
 * order (little-endian on x86 and ARM), atomically through {@link AtomicFiles}. NumPy has no
 * {@code bfloat16} type, and storing its bits under another type would let NumPy read wrong numbers
 * without notice, so writing a bfloat16 tensor is refused: convert it first with
 * {@code t.to(DType.FLOAT32)}, which is exact.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads headers so that the data starts at a multiple of this. */
    private static final int ALIGN = 64;
    /** A larger header is not a NumPy array header but a damaged or hostile file. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private Npy() {}

    /**
     * What a {@code .npy} header says.
     *
     * @param version      the format's major version: 1, 2 or 3
     * @param dtype        the element type
     * @param byteOrder    the byte order of the data in the file
     * @param fortranOrder true when the data is stored column-major
     * @param shape        the array's shape (empty for a 0-d array)
     * @param dataOffset   where the data starts in the file, in bytes
     */
    public record Header(int version, DType dtype, ByteOrder byteOrder, boolean fortranOrder, long[] shape,
                         long dataOffset) {
        /** {@return the number of elements} */
        public long numel() {
            return Shapes.numel(shape);
        }

        /** {@return the size of the data in bytes} */
        public long dataBytes() {
            return numel() * dtype.byteSize();
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads only the header of a {@code .npy} file.
     *
     * @param path the file
     * @return what the header says
     * @throws IOException when the file cannot be read, is not a {@code .npy} file, has a type the engine
     *                     lacks or is shorter than its header says
     */
    public static Header readHeader(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch::read, ch.size(), path.toString());
        }
    }

    /**
     * Reads a {@code .npy} file into a CPU tensor, mapping it without a copy when its layout allows
     * (see the class comment).
     *
     * @param path the file
     * @return the array as a tensor of its shape and dtype
     * @throws IOException when the file cannot be read, is not a {@code .npy} file, has a type the engine
     *                     lacks or is shorter than its header says
     */
    public static Tensor read(Path path) throws IOException {
        Header h = readHeader(path);
        if (h.numel() == 0) {
            return Tensor.empty(h.dtype(), Device.CPU, h.shape());
        }
        boolean cOrder = !h.fortranOrder() || nonTrivialDims(h.shape()) <= 1;
        boolean nativeOrder = h.dtype().byteSize() == 1 || h.byteOrder() == ByteOrder.nativeOrder();
        boolean aligned = h.dataOffset() % h.dtype().byteSize() == 0;
        if (cOrder && nativeOrder && aligned) {
            MemorySegment mapped = mapPrivate(path, h);
            if (mapped != null && (h.dtype() != DType.BOOL || isZeroOrOne(mapped))) {
                return Tensor.wrap(new CpuStorage(mapped), h.dtype(), h.shape(), Shapes.contiguousStrides(h.shape()), 0);
            }
        }
        MemorySegment data = CpuStorage.allocate(h.dataBytes()).segment();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            readFully(ch::read, h.dataOffset(), data, path.toString());
        }
        return toTensor(h, data);
    }

    /**
     * Reads a whole {@code .npy} stream (such as an entry of an {@code .npz} archive) into a new CPU
     * tensor. The stream is read to its end and left open.
     *
     * @param in   the stream, at the start of the {@code .npy} data
     * @param name what to call the stream in error messages
     * @return the array as a tensor of its shape and dtype
     * @throws IOException as {@link #read(Path)}
     */
    public static Tensor read(InputStream in, String name) throws IOException {
        byte[] bytes = in.readAllBytes();
        PositionalReader reader = (dst, position) -> {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            return n;
        };
        Header h = readHeader(reader, bytes.length, name);
        MemorySegment data = CpuStorage.allocate(h.dataBytes()).segment();
        readFully(reader, h.dataOffset(), data, name);
        return toTensor(h, data);
    }

    /** Reads bytes at a position, as {@link FileChannel#read(ByteBuffer, long)}: -1 at the end. */
    @FunctionalInterface
    private interface PositionalReader {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    /** The header of an open file; checks that the file holds all the data the header announces. */
    private static Header readHeader(PositionalReader ch, long size, String path) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readAt(ch, 0, pre, 10, path, "the magic string and version");
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw new IOException(path + ": not a NumPy .npy file (bad magic string)");
            }
        }
        int major = pre.get(6) & 0xFF;
        int minor = pre.get(7) & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new IOException(path + ": unsupported .npy format version " + major + "." + minor
                    + " (versions 1.0, 2.0 and 3.0 are supported)");
        }
        long headerLength;
        int preamble;
        if (major == 1) {
            headerLength = pre.getShort(8) & 0xFFFF;
            preamble = 10;
        } else {
            readAt(ch, 10, pre.position(10), 2, path, "the header length");
            headerLength = pre.getInt(8) & 0xFFFFFFFFL;
            preamble = 12;
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IOException(path + ": .npy header of " + headerLength + " bytes is larger than the "
                    + MAX_HEADER_BYTES + " bytes allowed");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readAt(ch, preamble, headerBytes, (int) headerLength, path, "the header");
        String text = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(text, major, preamble + headerLength, path);
        long available = size - h.dataOffset();
        if (available < h.dataBytes()) {
            throw new IOException(path + ": truncated .npy file: the header announces " + h.dataBytes()
                    + " bytes of data (" + h.dtype() + ", shape " + Shapes.str(h.shape()) + ") but the file holds "
                    + Math.max(available, 0));
        }
        return h;
    }

    private static void readAt(PositionalReader ch, long position, ByteBuffer buf, int length, String path, String what)
            throws IOException {
        int start = buf.position();
        while (buf.position() - start < length) {
            int n = ch.read(buf.limit(start + length), position + buf.position() - start);
            if (n < 0) {
                throw new IOException(path + ": truncated .npy file: it ends inside " + what);
            }
        }
    }

    private static void readFully(PositionalReader ch, long position, MemorySegment dst, String path) throws IOException {
        long done = 0;
        long total = dst.byteSize();
        while (done < total) {
            int chunk = (int) Math.min(total - done, 1 << 30);
            ByteBuffer buf = dst.asSlice(done, chunk).asByteBuffer();
            while (buf.hasRemaining()) {
                if (ch.read(buf, position + done + buf.position()) < 0) {
                    throw new EOFException(path + ": truncated .npy file while reading its data");
                }
            }
            done += chunk;
        }
    }

    /**
     * Maps the data copy-on-write, or returns null when the file cannot be opened for that (a
     * read-only file or file system): the caller then reads a copy.
     */
    private static MemorySegment mapPrivate(Path path, Header h) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.PRIVATE, h.dataOffset(), h.dataBytes(), Arena.ofAuto());
        } catch (FileSystemException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean isZeroOrOne(MemorySegment s) {
        for (long i = 0; i < s.byteSize(); i++) {
            if ((s.get(ValueLayout.JAVA_BYTE, i) & 0xFE) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int nonTrivialDims(long[] shape) {
        int n = 0;
        for (long d : shape) {
            if (d != 1) {
                n++;
            }
        }
        return n;
    }

    /** A C-contiguous tensor from raw file data: bytes swapped to native order, Fortran order transposed. */
    private static Tensor toTensor(Header h, MemorySegment data) {
        DType dtype = h.dtype();
        if (dtype.byteSize() > 1 && h.byteOrder() != ByteOrder.nativeOrder()) {
            swapBytes(data, dtype.byteSize());
        }
        if (dtype == DType.BOOL) {
            for (long i = 0; i < data.byteSize(); i++) {
                data.set(ValueLayout.JAVA_BYTE, i, (byte) (data.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0));
            }
        }
        long[] shape = h.shape();
        CpuStorage storage = new CpuStorage(data);
        if (!h.fortranOrder()) {
            return Tensor.wrap(storage, dtype, shape, Shapes.contiguousStrides(shape), 0);
        }
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = 0; i < shape.length; i++) {
            strides[i] = s;
            s *= shape[i];
        }
        return Tensor.wrap(storage, dtype, shape, strides, 0).clone();
    }

    private static void swapBytes(MemorySegment s, int size) {
        long n = s.byteSize() / size;
        switch (size) {
            case 2 -> {
                for (long i = 0; i < n; i++) {
                    s.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i,
                            Short.reverseBytes(s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i)));
                }
            }
            case 4 -> {
                for (long i = 0; i < n; i++) {
                    s.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i,
                            Integer.reverseBytes(s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i)));
                }
            }
            case 8 -> {
                for (long i = 0; i < n; i++) {
                    s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i,
                            Long.reverseBytes(s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i)));
                }
            }
            default -> throw new AssertionError(size);
        }
    }

    // ---------------------------------------------------------------- the header dictionary

    private static Header parseHeader(String text, int version, long dataOffset, String path) throws IOException {
        Map<String, Object> dict;
        try {
            dict = new LiteralParser(text).dict();
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": malformed .npy header " + quoted(text) + ": " + e.getMessage(), e);
        }
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new IOException(path + ": .npy header must have exactly the keys descr, fortran_order and shape, got "
                    + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new IOException(path + ": structured dtypes are not supported (descr " + dict.get("descr") + ")");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IOException(path + ": .npy header's fortran_order is not True or False: " + dict.get("fortran_order"));
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new IOException(path + ": .npy header's shape is not a tuple of integers: " + dict.get("shape"));
        }
        try {
            long numel = Shapes.numel(shape);
            DType dtype = dtypeOf(descr);
            Math.multiplyExact(numel, dtype.byteSize());
            return new Header(version, dtype, byteOrderOf(descr), fortran, shape, dataOffset);
        } catch (ArithmeticException e) {
            throw new IOException(path + ": .npy shape " + Shapes.str(shape) + " is too large (its size overflows)", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    private static String quoted(String s) {
        return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s.strip()) + "'";
    }

    private static ByteOrder byteOrderOf(String descr) {
        return switch (descr.charAt(0)) {
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            default -> ByteOrder.nativeOrder();
        };
    }

    /** The engine dtype for a NumPy type string such as {@code <f4}; unsupported types name themselves. */
    static DType dtypeOf(String descr) {
        String code = descr.isEmpty() || "<>|=".indexOf(descr.charAt(0)) < 0 ? descr : descr.substring(1);
        return switch (code) {
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "i1" -> DType.INT8;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "u1" -> DType.UINT8;
            case "u2" -> DType.UINT16;
            case "u4" -> DType.UINT32;
            case "u8" -> DType.UINT64;
            case "b1", "?" -> DType.BOOL;
            default -> throw new IllegalArgumentException("unsupported .npy dtype '" + descr + "' (" + describe(code)
                    + "); supported: float16/32/64, int8/16/32/64, uint8/16/32/64 and bool");
        };
    }

    private static String describe(String code) {
        if (code.isEmpty()) {
            return "empty type";
        }
        return switch (code.charAt(0)) {
            case 'O' -> "object arrays hold Python objects, which need pickle";
            case 'c' -> "complex numbers";
            case 'U', 'S', 'a' -> "strings";
            case 'V' -> "raw or structured data";
            case 'M', 'm' -> "dates and times";
            case 'f' -> "a floating point size the engine does not have";
            default -> "not a type the engine has";
        };
    }

    /** The NumPy type string of a dtype in the machine's byte order. */
    static String descrOf(DType dtype) {
        String order = dtype.byteSize() == 1 ? "|" : ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "<" : ">";
        String code = switch (dtype) {
            case FLOAT16 -> "f2";
            case FLOAT32 -> "f4";
            case FLOAT64 -> "f8";
            case INT8 -> "i1";
            case INT16 -> "i2";
            case INT32 -> "i4";
            case INT64 -> "i8";
            case UINT8 -> "u1";
            case UINT16 -> "u2";
            case UINT32 -> "u4";
            case UINT64 -> "u8";
            case BOOL -> "b1";
            case BFLOAT16 -> throw new IllegalArgumentException("NumPy has no bfloat16 type, so a bfloat16 tensor "
                    + "cannot be written to .npy: convert it first with to(DType.FLOAT32), which is exact");
        };
        return order + code;
    }

    /** Parses the Python literal subset that .npy headers use: a dict of strings, booleans and int tuples. */
    private static final class LiteralParser {
        private final String s;
        private int pos;

        LiteralParser(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (out.put(key, value()) != null) {
                    throw new IllegalArgumentException("duplicate key '" + key + "'");
                }
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("',' or '}'");
                }
            }
            pos++;
            if (peek() != 0) {
                throw error("the end of the header");
            }
            return out;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                return skipList();
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("a string, a tuple, True or False");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (peek() != ')') {
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw error("a non-negative integer");
                }
                try {
                    dims.add(Long.parseLong(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("dimension " + s.substring(start, pos) + " is too large", e);
                }
                if (pos < s.length() && s.charAt(pos) == 'L') {
                    pos++; // Python 2 wrote long integers with a suffix
                }
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw error("',' or ')'");
                }
            }
            pos++;
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        /** Skips a (possibly nested) list, the descr of a structured dtype, and returns its text as a list. */
        private List<String> skipList() {
            int start = pos;
            int depth = 0;
            do {
                if (pos >= s.length()) {
                    throw error("']'");
                }
                char c = s.charAt(pos++);
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            } while (depth > 0);
            return List.of(s.substring(start, pos));
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("a quoted string");
            }
            int end = s.indexOf(quote, ++pos);
            if (end < 0) {
                throw error("the closing quote");
            }
            String out = s.substring(pos, end);
            pos = end + 1;
            return out;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        /** The next non-blank character, or 0 at the end. */
        private char peek() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("expected " + expected + " at position " + pos);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a tensor (any device, any layout) to a {@code .npy} file, atomically.
     *
     * @param t    the tensor
     * @param path the file, replaced when it exists
     * @throws IOException when the file cannot be written (the old file, if any, is left whole)
     * @throws IllegalArgumentException for a bfloat16 tensor, which NumPy cannot hold
     */
    public static void write(Tensor t, Path path) throws IOException {
        descrOf(t.dtype());
        AtomicFiles.write(path, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(t, out);
            }
        });
    }

    /**
     * Writes a tensor in {@code .npy} format to a stream (which stays open).
     *
     * @param t   the tensor
     * @param out the stream
     * @throws IOException when the stream fails
     * @throws IllegalArgumentException for a bfloat16 tensor, which NumPy cannot hold
     */
    public static void write(Tensor t, OutputStream out) throws IOException {
        out.write(header(t.dtype(), t.shape()));
        Tensor host = t.detach().cpu().contiguous();
        long bytes = host.numel() * host.dtype().byteSize();
        MemorySegment data = ((CpuStorage) host.storage()).segment()
                .asSlice(host.offset() * host.dtype().byteSize(), bytes);
        byte[] buf = new byte[(int) Math.min(bytes, 1 << 20)];
        for (long done = 0; done < bytes; done += buf.length) {
            int n = (int) Math.min(buf.length, bytes - done);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, done, buf, 0, n);
            out.write(buf, 0, n);
        }
    }

    /** The magic string, version and padded header dictionary for an array of this type and shape. */
    static byte[] header(DType dtype, long[] shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i > 0 ? ", " : "").append(shape[i]);
        }
        dims.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descrOf(dtype) + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int version = dict.length() + 11 > 65535 ? 2 : 1;
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        String text = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer out = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) text.length());
        } else {
            out.putInt(text.length());
        }
        out.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }
}
