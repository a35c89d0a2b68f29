package dev.arbor.pytorch;

import static dev.arbor.pytorch.Opcodes.*;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle machine that builds data and runs nothing: it knows the opcodes of protocols 0 to 5 that
 * data needs, resolves globals only through the allowlist of {@link TorchGlobals}, and hands persistent
 * ids (torch storages) to a {@link PersistentLoader}. It reads from a memory segment and checks every
 * length against the bytes left before allocating; the stack, the MARK nesting and the memo are
 * bounded. Every problem is an {@link UnpicklingException} naming the source, the byte offset and the
 * opcode.
 *
 * <p>Python values come back as Java ones: None as null, bool as {@link Boolean}, int as {@link Long}
 * (or {@link BigInteger} beyond 64 bits), float as {@link Double}, str as {@link String}, bytes and
 * bytearray as {@code byte[]}, list as a mutable {@link List}, tuple (and {@code torch.Size}) as an
 * unmodifiable {@link List}, dict and OrderedDict as {@link LinkedHashMap}, set as {@link LinkedHashSet}
 * (frozenset unmodifiable), dtypes as {@link DType}, tensors as {@link Tensor}, devices and layouts as
 * their names.
 */
final class Unpickler {
    /** Largest number of values the stack may hold. */
    static final int MAX_STACK = 1 << 22;
    /** Deepest MARK nesting. */
    static final int MAX_MARKS = 10_000;
    /** Largest number of memo entries. */
    static final int MAX_MEMO = 1 << 24;

    /** Turns a persistent id (what the pickler's {@code persistent_id} gave) into its object. */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(Object pid) throws IOException;
    }

    private static final PersistentLoader NO_PERSISTENT_IDS = pid -> {
        throw new UnpicklingException("persistent id " + pid + " where none is expected");
    };

    private final MemorySegment in;
    private final long end;
    private final String source;
    private final TorchGlobals globals;
    private final PersistentLoader loader;

    private long pos;
    private long opcodeStart;
    private int opcode;
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markDepth;
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * A machine reading {@code in} from {@code start} up to {@code end}; {@code source} names the input
     * in messages (a file and entry).
     */
    Unpickler(MemorySegment in, long start, long end, String source, TorchGlobals globals, PersistentLoader loader) {
        this.in = in;
        this.pos = start;
        this.end = end;
        this.source = source;
        this.globals = globals;
        this.loader = loader == null ? NO_PERSISTENT_IDS : loader;
    }

    /** Loads a pickle that names no persistent ids, from {@code start} to its STOP. */
    static Object loadPlain(MemorySegment in, long start, String source) throws IOException {
        return new Unpickler(in, start, in.byteSize(), source, new TorchGlobals(), null).load();
    }

    /** The offset just past the STOP of the last {@link #load}. */
    long position() {
        return pos;
    }

    /** Runs the pickle up to its STOP opcode and returns the value it built. */
    Object load() throws IOException {
        stack.clear();
        markDepth = 0;
        memo.clear();
        try {
            while (true) {
                opcodeStart = pos;
                opcode = -1;
                opcode = u8();
                if (opcode == STOP) {
                    return pop();
                }
                step();
            }
        } catch (ForbiddenGlobalException e) {
            throw new ForbiddenGlobalException(where() + e.getMessage(), e.global());
        } catch (UnpicklingException e) {
            throw new UnpicklingException(where() + e.getMessage());
        }
    }

    private String where() {
        return source + (opcode < 0 ? ": pickle ends without STOP at byte " + opcodeStart + ": "
                : ": pickle opcode " + opcodeName() + " at byte " + opcodeStart + ": ");
    }

    private String opcodeName() {
        return opcode >= 0x21 && opcode < 0x7f ? "'" + (char) opcode + "'" : String.format("0x%02x", opcode);
    }

    private void step() throws IOException {
        switch (opcode) {
            case PROTO -> {
                int protocol = u8();
                if (protocol > HIGHEST_PROTOCOL) {
                    throw new UnpicklingException("unsupported pickle protocol " + protocol);
                }
            }
            case FRAME -> {
                long length = i64();
                if (length < 0 || length > end - pos) {
                    throw new UnpicklingException("frame of " + Long.toUnsignedString(length) + " bytes, but only "
                            + (end - pos) + " are left");
                }
            }
            case MARK -> {
                if (markDepth == MAX_MARKS) {
                    throw new UnpicklingException("MARKs nest deeper than " + MAX_MARKS);
                }
                if (markDepth == marks.length) {
                    marks = Arrays.copyOf(marks, markDepth * 2);
                }
                marks[markDepth++] = stack.size();
            }
            case POP -> pop();
            case POP_MARK -> popMark();
            case DUP -> push(peek());
            case NONE -> push(null);
            case NEWTRUE -> push(Boolean.TRUE);
            case NEWFALSE -> push(Boolean.FALSE);
            case INT -> push(parseInt(line()));
            case LONG -> {
                String text = line();
                push(parseLong(text.endsWith("L") ? text.substring(0, text.length() - 1) : text));
            }
            case BININT -> push((long) i32());
            case BININT1 -> push((long) u8());
            case BININT2 -> push((long) u16());
            case LONG1 -> push(littleEndianInt(bytes(u8())));
            case LONG4 -> push(littleEndianInt(bytes(length(i32()))));
            case FLOAT -> push(parseFloat(line()));
            case BINFLOAT -> push(Double.longBitsToDouble(Long.reverseBytes(i64())));
            case STRING -> push(utf8(escapeDecode(lineBytes())));
            case BINSTRING -> push(utf8(bytes(length(i32()))));
            case SHORT_BINSTRING -> push(utf8(bytes(u8())));
            case UNICODE -> push(rawUnicodeEscape(new String(lineBytes(), StandardCharsets.ISO_8859_1)));
            case BINUNICODE -> push(utf8(bytes(u32())));
            case SHORT_BINUNICODE -> push(utf8(bytes(u8())));
            case BINUNICODE8 -> push(utf8(bytes(i64())));
            case BINBYTES -> push(bytes(u32()));
            case SHORT_BINBYTES -> push(bytes(u8()));
            case BINBYTES8, BYTEARRAY8 -> push(bytes(i64()));
            case EMPTY_TUPLE -> push(PyTuple.EMPTY);
            case TUPLE -> push(new PyTuple(popMark().toArray()));
            case TUPLE1 -> push(new PyTuple(new Object[] {pop()}));
            case TUPLE2 -> {
                Object b = pop();
                push(new PyTuple(new Object[] {pop(), b}));
            }
            case TUPLE3 -> {
                Object c = pop();
                Object b = pop();
                push(new PyTuple(new Object[] {pop(), b, c}));
            }
            case EMPTY_LIST -> push(new ArrayList<>());
            case LIST -> push(new ArrayList<>(popMark()));
            case APPEND -> {
                Object item = pop();
                list(peek()).add(item);
            }
            case APPENDS -> {
                List<Object> items = popMark();
                list(peek()).addAll(items);
            }
            case EMPTY_DICT -> push(new LinkedHashMap<>());
            case DICT -> {
                List<Object> items = popMark();
                Map<Object, Object> map = new LinkedHashMap<>();
                putAll(map, items);
                push(map);
            }
            case SETITEM -> {
                Object value = pop();
                Object key = pop();
                putAll(dict(peek()), pairList(key, value));
            }
            case SETITEMS -> {
                List<Object> items = popMark();
                putAll(dict(peek()), items);
            }
            case EMPTY_SET -> push(new LinkedHashSet<>());
            case ADDITEMS -> {
                List<Object> items = popMark();
                addAll(set(peek()), items);
            }
            case FROZENSET -> {
                Set<Object> set = new LinkedHashSet<>();
                addAll(set, popMark());
                push(Collections.unmodifiableSet(set));
            }
            case GLOBAL -> {
                String module = line();
                push(TorchGlobals.resolve(module, line()));
            }
            case STACK_GLOBAL -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new UnpicklingException("module and name must be str, not " + typeName(module) + " and "
                            + typeName(name));
                }
                push(TorchGlobals.resolve(m, n));
            }
            case INST -> {
                String module = line();
                String name = line();
                throw new ForbiddenGlobalException("refused global " + module + "." + name
                        + ": INST (creating an instance of a class) is not allowed; nothing was run",
                        module + "." + name);
            }
            case OBJ -> throw new UnpicklingException("OBJ (creating an instance of a class) is not allowed");
            case EXT1, EXT2, EXT4 -> throw new UnpicklingException(
                    "extension-registry globals (EXT1/EXT2/EXT4) are not allowed");
            case NEXT_BUFFER, READONLY_BUFFER -> throw new UnpicklingException("out-of-band buffers are not supported");
            case REDUCE -> {
                Object args = pop();
                Object callable = pop();
                push(globals.call(callable, args));
            }
            case NEWOBJ -> {
                Object args = pop();
                Object cls = pop();
                push(globals.newObject(cls, args));
            }
            case NEWOBJ_EX -> {
                Object kwargs = pop();
                Object args = pop();
                Object cls = pop();
                if (!(kwargs instanceof Map<?, ?> k) || !k.isEmpty()) {
                    throw new UnpicklingException("keyword arguments are not supported");
                }
                push(globals.newObject(cls, args));
            }
            case BUILD -> {
                Object state = pop();
                globals.build(peek(), state);
            }
            case PERSID -> push(loader.load(line()));
            case BINPERSID -> push(loader.load(pop()));
            case PUT -> memoPut(parseMemoIndex(line()));
            case BINPUT -> memoPut(u8());
            case LONG_BINPUT -> memoPut(u32());
            case MEMOIZE -> memoPut(memo.size());
            case GET -> memoGet(parseMemoIndex(line()));
            case BINGET -> memoGet(u8());
            case LONG_BINGET -> memoGet(u32());
            default -> throw new UnpicklingException("unknown opcode (not a pickle, or a corrupt one)");
        }
    }

    private static List<Object> pairList(Object key, Object value) {
        List<Object> pair = new ArrayList<>(2);
        pair.add(key);
        pair.add(value);
        return pair;
    }

    // ---------------------------------------------------------------- stack and memo

    private void push(Object value) throws UnpicklingException {
        if (stack.size() == MAX_STACK) {
            throw new UnpicklingException("the stack grows past " + MAX_STACK + " values");
        }
        stack.add(value);
    }

    private int floor() {
        return markDepth == 0 ? 0 : marks[markDepth - 1];
    }

    private Object pop() throws UnpicklingException {
        if (stack.size() <= floor()) {
            throw new UnpicklingException("stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek() throws UnpicklingException {
        if (stack.size() <= floor()) {
            throw new UnpicklingException("stack underflow");
        }
        return stack.getLast();
    }

    private List<Object> popMark() throws UnpicklingException {
        if (markDepth == 0) {
            throw new UnpicklingException("no MARK to pop to");
        }
        int mark = marks[--markDepth];
        List<Object> top = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private void memoPut(long index) throws UnpicklingException {
        if (!memo.containsKey(index) && memo.size() >= MAX_MEMO) {
            throw new UnpicklingException("the memo grows past " + MAX_MEMO + " entries");
        }
        memo.put(index, peek());
    }

    private void memoGet(long index) throws UnpicklingException {
        if (!memo.containsKey(index)) {
            throw new UnpicklingException("memo entry " + index + " was never stored");
        }
        push(memo.get(index));
    }

    // ---------------------------------------------------------------- containers

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws UnpicklingException {
        if (o instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        throw new UnpicklingException("can only append to a list, not " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) throws UnpicklingException {
        if (o instanceof LinkedHashMap<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw new UnpicklingException("can only set items of a dict, not " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> set(Object o) throws UnpicklingException {
        if (o instanceof LinkedHashSet<?> set) {
            return (Set<Object>) set;
        }
        throw new UnpicklingException("can only add items to a set, not " + typeName(o));
    }

    private static void putAll(Map<Object, Object> map, List<Object> items) throws UnpicklingException {
        if (items.size() % 2 != 0) {
            throw new UnpicklingException("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            checkHashable(items.get(i));
            map.put(items.get(i), items.get(i + 1));
        }
    }

    private static void addAll(Set<Object> set, List<Object> items) throws UnpicklingException {
        for (Object item : items) {
            checkHashable(item);
            set.add(item);
        }
    }

    /** Refuses dict keys and set members that Python could not hash, or that would be costly to compare. */
    static void checkHashable(Object key) throws UnpicklingException {
        if (!PyTuple.isHashable(key)) {
            throw new UnpicklingException("unhashable type: '" + typeName(key) + "'"
                    + (key instanceof PyTuple ? " (holding unhashable values or more than " + PyTuple.MAX_KEY_WEIGHT
                            + " values)" : ""));
        }
    }

    /** The Python type name of a value the unpickler made, for messages. */
    static String typeName(Object o) {
        return switch (o) {
            case null -> "NoneType";
            case String s -> "str";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case Boolean b -> "bool";
            case byte[] b -> "bytes";
            case PyTuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Set<?> s -> "set";
            case Tensor t -> "Tensor";
            case DType d -> "torch.dtype";
            case TorchStorage s -> "storage";
            case TorchGlobal g -> g.pythonName();
            case StorageType t -> t.name();
            default -> o == TorchStorage.UNBOUND_TENSOR ? "Tensor" : o.getClass().getSimpleName();
        };
    }

    /** A short Python-style rendering of a value for messages, bounded in depth and length. */
    static String repr(Object o) {
        StringBuilder sb = new StringBuilder();
        repr(o, sb, 3);
        return sb.length() <= 120 ? sb.toString() : sb.substring(0, 120) + "...";
    }

    private static void repr(Object o, StringBuilder sb, int depth) {
        if (sb.length() > 120) {
            return;
        }
        switch (o) {
            case null -> sb.append("None");
            case String s -> sb.append('\'').append(s.length() <= 60 ? s : s.substring(0, 60) + "...").append('\'');
            case Boolean b -> sb.append(b ? "True" : "False");
            case BigInteger b -> sb.append(b.bitLength() <= 128 ? b.toString() : "<int of " + b.bitLength() + " bits>");
            case Long l -> sb.append(l);
            case Double d -> sb.append(d);
            case List<?> list when depth > 0 -> {
                boolean tuple = list instanceof PyTuple;
                sb.append(tuple ? '(' : '[');
                for (int i = 0; i < list.size() && sb.length() <= 120; i++) {
                    sb.append(i > 0 ? ", " : "");
                    repr(list.get(i), sb, depth - 1);
                }
                sb.append(tuple && list.size() == 1 ? ",)" : tuple ? ")" : "]");
            }
            default -> sb.append(o instanceof DType d ? "torch." + d : typeName(o));
        }
    }

    // ---------------------------------------------------------------- reading

    private void need(long n) throws UnpicklingException {
        if (n < 0 || n > end - pos) {
            throw new UnpicklingException("needs " + (n < 0 ? Long.toUnsignedString(n) : n) + " bytes, but only "
                    + (end - pos) + " are left (truncated or corrupt)");
        }
    }

    private int u8() throws UnpicklingException {
        need(1);
        return Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, pos++));
    }

    private int u16() throws UnpicklingException {
        need(2);
        int v = Short.toUnsignedInt(in.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos));
        pos += 2;
        return v;
    }

    private int i32() throws UnpicklingException {
        need(4);
        int v = in.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos);
        pos += 4;
        return v;
    }

    private long u32() throws UnpicklingException {
        return Integer.toUnsignedLong(i32());
    }

    private long i64() throws UnpicklingException {
        need(8);
        long v = in.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos);
        pos += 8;
        return v;
    }

    private static long length(int declared) throws UnpicklingException {
        if (declared < 0) {
            throw new UnpicklingException("negative length " + declared);
        }
        return declared;
    }

    private byte[] bytes(long n) throws UnpicklingException {
        need(n);
        if (n > Integer.MAX_VALUE - 8) {
            throw new UnpicklingException("a value of " + n + " bytes is too large");
        }
        byte[] out = new byte[(int) n];
        MemorySegment.copy(in, ValueLayout.JAVA_BYTE, pos, out, 0, out.length);
        pos += n;
        return out;
    }

    /** The UTF-8 text up to the next newline (protocol 0's arguments), which it consumes. */
    private String line() throws UnpicklingException {
        return utf8(lineBytes());
    }

    /** The bytes up to the next newline, which it consumes. */
    private byte[] lineBytes() throws UnpicklingException {
        long start = pos;
        while (pos < end && in.get(ValueLayout.JAVA_BYTE, pos) != '\n') {
            pos++;
        }
        if (pos == end) {
            throw new UnpicklingException("line without a newline (truncated or corrupt)");
        }
        if (pos - start > Integer.MAX_VALUE - 8) {
            throw new UnpicklingException("line too long");
        }
        byte[] text = new byte[(int) (pos - start)];
        MemorySegment.copy(in, ValueLayout.JAVA_BYTE, start, text, 0, text.length);
        pos++;
        return text;
    }

    private static String utf8(byte[] bytes) throws UnpicklingException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnpicklingException("text is not valid UTF-8");
        }
    }

    // ---------------------------------------------------------------- protocol 0 text

    private static Object parseInt(String text) throws UnpicklingException {
        if (text.equals("00")) {
            return Boolean.FALSE;
        }
        if (text.equals("01")) {
            return Boolean.TRUE;
        }
        return parseLong(text);
    }

    private static Object parseLong(String text) throws UnpicklingException {
        if (text.length() > 10_000 || !text.matches("[+-]?[0-9]+")) {
            throw new UnpicklingException("not an integer: '" + abbreviate(text) + "'");
        }
        return normalize(new BigInteger(text));
    }

    private static long parseMemoIndex(String text) throws UnpicklingException {
        if (parseLong(text) instanceof Long index && index >= 0) {
            return index;
        }
        throw new UnpicklingException("bad memo index '" + abbreviate(text) + "'");
    }

    private static double parseFloat(String text) throws UnpicklingException {
        switch (text) {
            case "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
                if (!text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                    throw new UnpicklingException("not a float: '" + abbreviate(text) + "'");
                }
                return Double.parseDouble(text);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Python 2's quoted str with backslash escapes (protocol 0's STRING), as bytes. */
    private static byte[] escapeDecode(byte[] quoted) throws UnpicklingException {
        if (quoted.length < 2 || (quoted[0] != '\'' && quoted[0] != '"') || quoted[quoted.length - 1] != quoted[0]) {
            throw new UnpicklingException("STRING argument is not quoted");
        }
        byte[] raw = Arrays.copyOfRange(quoted, 1, quoted.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xFF;
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (++i == raw.length) {
                throw new UnpicklingException("STRING ends in a backslash");
            }
            int e = raw[i] & 0xFF;
            switch (e) {
                case '\\', '\'', '"' -> out.write(e);
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case '\n' -> { }
                case 'x' -> {
                    out.write(hex(raw, i + 1, 2));
                    i += 2;
                }
                default -> {
                    if (e < '0' || e > '7') {
                        out.write('\\');
                        out.write(e);
                        break;
                    }
                    int value = 0;
                    int digits = 0;
                    while (digits < 3 && i < raw.length && raw[i] >= '0' && raw[i] <= '7') {
                        value = value * 8 + raw[i++] - '0';
                        digits++;
                    }
                    i--;
                    out.write(value & 0xFF);
                }
            }
        }
        return out.toByteArray();
    }

    /** Python's raw-unicode-escape (protocol 0's UNICODE): only {@code \\uXXXX} and {@code \\UXXXXXXXX} escapes. */
    private static String rawUnicodeEscape(String text) throws UnpicklingException {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U')) {
                int digits = text.charAt(i + 1) == 'u' ? 4 : 8;
                byte[] hexDigits = text.substring(Math.min(i + 2, text.length()),
                        Math.min(i + 2 + digits, text.length())).getBytes(StandardCharsets.ISO_8859_1);
                if (hexDigits.length != digits) {
                    throw new UnpicklingException("truncated \\u escape in UNICODE");
                }
                int code = hex(hexDigits, 0, digits);
                if (!Character.isValidCodePoint(code)) {
                    throw new UnpicklingException("\\U escape beyond U+10FFFF in UNICODE");
                }
                sb.appendCodePoint(code);
                i += 1 + digits;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int hex(byte[] text, int from, int digits) throws UnpicklingException {
        if (from + digits > text.length) {
            throw new UnpicklingException("truncated hex escape");
        }
        long value = 0;
        for (int i = from; i < from + digits; i++) {
            int d = Character.digit(text[i], 16);
            if (d < 0) {
                throw new UnpicklingException("bad hex digit in escape");
            }
            value = value * 16 + d;
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    // ---------------------------------------------------------------- numbers

    /** A little-endian two's-complement integer (LONG1, LONG4), as {@link Long} when it fits. */
    private static Object littleEndianInt(byte[] bytes) {
        if (bytes.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return normalize(new BigInteger(bigEndian));
    }

    private static Object normalize(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}
