package dev.arbor.pytorch;

import static dev.arbor.pytorch.Opcodes.*;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes pickle protocol 2 opcodes, the protocol {@code torch.save} uses, keeping to those that
 * {@code torch.load(weights_only=True)} of PyTorch 1.13 reads for state dicts. Globals are memoized so
 * each is spelled out once.
 */
final class PickleWriter {
    /** Items per APPENDS or SETITEMS batch, as Python's pickler does. */
    static final int BATCH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();

    /** Starts the pickle. */
    PickleWriter() {
        out.write(PROTO);
        out.write(2);
    }

    /** Ends the pickle and gives its bytes. */
    byte[] finish() {
        out.write(STOP);
        return out.toByteArray();
    }

    void opcode(int op) {
        out.write(op);
    }

    void none() {
        out.write(NONE);
    }

    void bool(boolean value) {
        out.write(value ? NEWTRUE : NEWFALSE);
    }

    void integer(long value) {
        if (value >= 0 && value < 0x100) {
            out.write(BININT1);
            out.write((int) value);
        } else if (value >= 0 && value < 0x10000) {
            out.write(BININT2);
            le(value, 2);
        } else if (value == (int) value) {
            out.write(BININT);
            le(value, 4);
        } else {
            integer(BigInteger.valueOf(value));
        }
    }

    void integer(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        if (bigEndian.length < 0x100) {
            out.write(LONG1);
            out.write(bigEndian.length);
        } else {
            out.write(LONG4);
            le(bigEndian.length, 4);
        }
        for (int i = bigEndian.length - 1; i >= 0; i--) {
            out.write(bigEndian[i]);
        }
    }

    void floating(double value) {
        out.write(BINFLOAT);
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift));
        }
    }

    void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        le(utf8.length, 4);
        out.writeBytes(utf8);
    }

    /** Pushes the global {@code module.name}, from the memo after its first use. */
    void global(String module, String name) {
        String key = module + "\n" + name + "\n";
        Integer index = memo.get(key);
        if (index != null) {
            if (index < 0x100) {
                out.write(BINGET);
                out.write(index);
            } else {
                out.write(LONG_BINGET);
                le(index, 4);
            }
            return;
        }
        out.write(GLOBAL);
        out.writeBytes(key.getBytes(StandardCharsets.UTF_8));
        index = memo.size();
        memo.put(key, index);
        if (index < 0x100) {
            out.write(BINPUT);
            out.write(index);
        } else {
            out.write(LONG_BINPUT);
            le(index, 4);
        }
    }

    /** A tuple of ints, such as a tensor's size or stride. */
    void tuple(long[] values) {
        if (values.length == 0) {
            out.write(EMPTY_TUPLE);
            return;
        }
        if (values.length > 3) {
            out.write(MARK);
        }
        for (long v : values) {
            integer(v);
        }
        endTuple(values.length);
    }

    /** Closes a tuple of {@code size} items just written (after a MARK when there are more than three). */
    void endTuple(int size) {
        switch (size) {
            case 0 -> out.write(EMPTY_TUPLE);
            case 1 -> out.write(TUPLE1);
            case 2 -> out.write(TUPLE2);
            case 3 -> out.write(TUPLE3);
            default -> out.write(TUPLE);
        }
    }

    /** {@code collections.OrderedDict()}. */
    void emptyOrderedDict() {
        global("collections", "OrderedDict");
        out.write(EMPTY_TUPLE);
        out.write(REDUCE);
    }

    /** Items written between MARK and SETITEMS/APPENDS, in batches. */
    interface ItemWriter<T> {
        void write(T item) throws java.io.IOException;
    }

    /** Writes {@code items} with {@code each} in MARK ... {@code closer} batches (APPENDS or SETITEMS). */
    <T> void batches(List<T> items, int closer, ItemWriter<T> each) throws java.io.IOException {
        for (int start = 0; start < items.size(); start += BATCH) {
            out.write(MARK);
            for (T item : items.subList(start, Math.min(items.size(), start + BATCH))) {
                each.write(item);
            }
            out.write(closer);
        }
    }

    private void le(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
