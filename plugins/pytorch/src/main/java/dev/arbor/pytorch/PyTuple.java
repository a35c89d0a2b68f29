package dev.arbor.pytorch;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A Python tuple from a pickle: an unmodifiable list. It knows whether it is hashable (only hashable
 * values may be dict keys or set members, as in Python) and how many values it holds in all, so that a
 * hostile pickle cannot make a key whose hashing or comparison takes exponential time.
 */
final class PyTuple extends AbstractList<Object> implements RandomAccess {
    /** The most values, nested tuples counted in full, that a tuple used as a key may hold. */
    static final long MAX_KEY_WEIGHT = 1000;

    static final PyTuple EMPTY = new PyTuple(new Object[0]);

    private final Object[] items;
    private final boolean hashable;
    private final long weight;
    private final int hash;

    PyTuple(Object[] items) {
        this.items = items;
        boolean h = true;
        long w = 1;
        for (Object item : items) {
            if (item instanceof PyTuple t) {
                h &= t.hashable;
                w += t.weight;
            } else {
                h &= isHashableScalar(item);
                w++;
            }
            w = Math.min(w, Long.MAX_VALUE / 2);
        }
        this.hashable = h && w <= MAX_KEY_WEIGHT;
        this.weight = w;
        this.hash = hashable ? super.hashCode() : 0;
    }

    /** True for the values Python can hash that are not tuples. */
    static boolean isHashableScalar(Object o) {
        return o == null || o instanceof String || o instanceof Long || o instanceof BigInteger || o instanceof Double
                || o instanceof Boolean || o instanceof DType || o instanceof Tensor;
    }

    /** True when {@code o} may be a dict key or a set member. */
    static boolean isHashable(Object o) {
        return o instanceof PyTuple t ? t.hashable : isHashableScalar(o);
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public int hashCode() {
        return hashable ? hash : super.hashCode();
    }

    @Override
    public String toString() {
        return Unpickler.repr(this);
    }
}
