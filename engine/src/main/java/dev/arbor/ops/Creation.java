package dev.arbor.ops;

import dev.arbor.backend.Backend;
import dev.arbor.backend.Backends;
import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.LongToDoubleFunction;

/** Making tensors: empty, full, ranges, identity, random values and Java arrays. */
public final class Creation {
    /** The largest allocation Arbor makes without question: beyond it a clear error beats an OutOfMemoryError. */
    private static final long MAX_BYTES = 1L << 40;

    private Creation() {}

    /** A new contiguous tensor whose contents are unspecified: the caller writes every element. */
    public static Tensor empty(DType dtype, Device device, long... shape) {
        return allocate(dtype, device, shape, false);
    }

    private static Tensor allocate(DType dtype, Device device, long[] shape, boolean zeroed) {
        long numel;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("Trying to create tensor with negative dimension " + d + ": "
                            + Shapes.str(shape));
                }
            }
            numel = Shapes.numel(shape);
            long bytes = Math.multiplyExact(numel, dtype.byteSize());
            if (bytes > MAX_BYTES) {
                throw new ArithmeticException();
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a " + dtype + " tensor of shape " + Shapes.str(shape)
                    + " is too large to allocate", e);
        }
        Backend backend = Backends.of(device);
        long bytes = numel * dtype.byteSize();
        try {
            var storage = zeroed ? backend.allocate(device, bytes) : backend.allocateUninitialized(device, bytes);
            return Tensor.wrap(storage, dtype, shape, Shapes.contiguousStrides(shape), 0);
        } catch (OutOfMemoryError e) {
            // the JVM refuses native memory beyond its limit before allocating any: nothing is lost
            throw new IllegalStateException("not enough memory on " + device + ": you tried to allocate " + bytes
                    + " bytes for a " + dtype + " tensor of shape " + Shapes.str(shape) + " (" + e.getMessage()
                    + "; the JVM's limit is set with -XX:MaxDirectMemorySize)", e);
        }
    }

    /**
     * A new tensor filled with {@code value}, as {@code torch.full}.
     *
     * @throws IllegalArgumentException with PyTorch's message when the value overflows {@code dtype}
     *                                  (see {@link ScalarConversion})
     */
    public static Tensor full(Number value, DType dtype, Device device, long... shape) {
        return filled(ScalarConversion.checked(value, dtype), dtype, device, shape);
    }

    /**
     * A 0-d tensor of a scalar operand of arithmetic, converted without the overflow check: as in
     * PyTorch, {@code x + 300} wraps in uint8 and {@code x + 1e39} is infinite in float32.
     */
    static Tensor operandScalar(Number value, DType dtype, Device device) {
        return filled(value, dtype, device);
    }

    private static Tensor filled(Number value, DType dtype, Device device, long... shape) {
        boolean zero = value.doubleValue() == 0 && value.longValue() == 0;
        Tensor t = allocate(dtype, device, shape, zero);
        if (!zero) {
            Backends.of(device).fill(t, value);
        }
        return t;
    }

    /** {@code start, start + step, ...} below {@code end} (above, for a negative step). */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: unsupported range: " + start + " -> " + end);
        }
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be nonzero");
        }
        if ((end - start) / step < 0) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign");
        }
        return generate(dtype, new long[] {(long) Math.ceil((end - start) / step)}, i -> start + i * step);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end}, both included. */
    public static Tensor linspace(double start, double end, long steps, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative");
        }
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        long half = steps / 2;
        // as PyTorch: the first half counts up from start, the second half down from end
        return generate(dtype, new long[] {steps}, i -> i < half ? start + step * i : end - step * (steps - 1 - i));
    }

    /** An {@code n x m} matrix with ones on the main diagonal. */
    public static Tensor eye(long n, long m, DType dtype) {
        Tensor t = full(0, dtype, Device.CPU, n, m);
        Tensor diagonal = t.asStrided(new long[] {Math.min(n, m)}, new long[] {m + 1}, 0);
        diagonal.fill_(1);
        return t;
    }

    /** Uniform values in [0, 1). */
    public static Tensor rand(Generator gen, DType dtype, long... shape) {
        long trace = OpTraces.begin();
        checkFloating("rand", dtype);
        Tensor out = generate(dtype, shape, i -> gen.nextDouble());
        return trace < 0 ? out : OpTraces.end(trace, "rand", out, gen, dtype, shape);
    }

    /** Standard normal values. */
    public static Tensor randn(Generator gen, DType dtype, long... shape) {
        long trace = OpTraces.begin();
        checkFloating("randn", dtype);
        Tensor out = generate(dtype, shape, i -> gen.nextGaussian());
        return trace < 0 ? out : OpTraces.end(trace, "randn", out, gen, dtype, shape);
    }

    /** Uniform int64 values in [low, high). */
    public static Tensor randint(Generator gen, long low, long high, long... shape) {
        long trace = OpTraces.begin();
        if (high <= low) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low
                    + " >= to=" + high);
        }
        Tensor t = empty(DType.INT64, Device.CPU, shape);
        MemorySegment seg = ((CpuStorage) t.storage()).segment();
        for (long i = 0; i < t.numel(); i++) {
            seg.setAtIndex(ValueLayout.JAVA_LONG, i, gen.nextLong(low, high));
        }
        return trace < 0 ? t : OpTraces.end(trace, "randint", t, gen, low, high, shape);
    }

    /** A new CPU tensor whose element {@code i} (row-major) is {@code value(i)} converted to {@code dtype}. */
    private static Tensor generate(DType dtype, long[] shape, LongToDoubleFunction value) {
        Tensor t = empty(dtype, Device.CPU, shape);
        MemorySegment seg = ((CpuStorage) t.storage()).segment();
        for (long i = 0; i < t.numel(); i++) {
            dev.arbor.backend.cpu.Elements.setDouble(seg, dtype, i, value.applyAsDouble(i));
        }
        return t;
    }

    private static void checkFloating(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + " is only implemented for floating point types, got " + dtype);
        }
    }

    /** A CPU tensor from a Java array (float[], double[], long[], int[], boolean[]) converted to {@code dtype}. */
    public static Tensor fromArray(Object data, DType dtype, long... shape) {
        int length = java.lang.reflect.Array.getLength(data);
        long[] s = shape.length == 0 ? new long[] {length} : shape;
        if (Shapes.numel(s) != length) {
            throw new IllegalArgumentException("shape " + Shapes.str(s) + " is invalid for input of size " + length);
        }
        Tensor t = empty(dtype, Device.CPU, s);
        MemorySegment seg = ((CpuStorage) t.storage()).segment();
        switch (data) {
            case float[] f when dtype == DType.FLOAT32 -> MemorySegment.copy(f, 0, seg, ValueLayout.JAVA_FLOAT, 0, length);
            case double[] d when dtype == DType.FLOAT64 -> MemorySegment.copy(d, 0, seg, ValueLayout.JAVA_DOUBLE, 0, length);
            case long[] l when dtype == DType.INT64 -> MemorySegment.copy(l, 0, seg, ValueLayout.JAVA_LONG, 0, length);
            case int[] a when dtype == DType.INT32 -> MemorySegment.copy(a, 0, seg, ValueLayout.JAVA_INT, 0, length);
            case float[] f -> {
                for (int i = 0; i < length; i++) {
                    dev.arbor.backend.cpu.Elements.setDouble(seg, dtype, i, f[i]);
                }
            }
            case double[] d -> {
                for (int i = 0; i < length; i++) {
                    dev.arbor.backend.cpu.Elements.setDouble(seg, dtype, i, d[i]);
                }
            }
            case long[] l -> {
                for (int i = 0; i < length; i++) {
                    dev.arbor.backend.cpu.Elements.setLong(seg, dtype, i, l[i]);
                }
            }
            case int[] a -> {
                for (int i = 0; i < length; i++) {
                    dev.arbor.backend.cpu.Elements.setLong(seg, dtype, i, a[i]);
                }
            }
            case boolean[] b -> {
                for (int i = 0; i < length; i++) {
                    dev.arbor.backend.cpu.Elements.setLong(seg, dtype, i, b[i] ? 1 : 0);
                }
            }
            default -> throw new IllegalArgumentException("unsupported array type " + data.getClass().getSimpleName());
        }
        return t;
    }
}
