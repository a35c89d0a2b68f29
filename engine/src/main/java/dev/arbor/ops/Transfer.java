package dev.arbor.ops;

import dev.arbor.backend.Backend;
import dev.arbor.backend.Backends;
import dev.arbor.backend.cpu.CpuStorage;
import dev.arbor.backend.cpu.Elements;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;

/** Copies, casts, moves between devices, in-place writes and reading values out to Java. */
public final class Transfer {
    private Transfer() {}

    /** The backend of {@code t}'s device. */
    static Backend backend(Tensor t) {
        return Backends.of(t.device());
    }

    /** Rejects tensors on different devices with PyTorch's message. */
    static void sameDevice(String op, Tensor... tensors) {
        Device first = null;
        for (Tensor t : tensors) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t.device();
            } else if (!first.equals(t.device())) {
                throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least "
                        + "two devices, " + first + " and " + t.device() + "! (when checking arguments for " + op + ")");
            }
        }
    }

    /** A converted copy (itself for the same dtype), with backward between floating types; see {@link Tensor#to(DType)}. */
    public static Tensor toDType(Tensor t, DType dtype) {
        if (t.dtype() == dtype) {
            return t;
        }
        long trace = OpTraces.begin();
        Tensor out = Creation.empty(dtype, t.device(), t.shape());
        backend(t).copy(t, out);
        if (dtype.isFloatingPoint() && t.dtype().isFloatingPoint()) {
            DType from = t.dtype();
            Autograd.record("ToCopyBackward0", out, new Tensor[] {t}, g -> new Tensor[] {g.to(from)});
        }
        return trace < 0 ? out : OpTraces.end(trace, "to", out, t, dtype);
    }

    /** A copy on another device, with backward; see {@link Tensor#to(dev.arbor.tensor.Device)}. */
    public static Tensor toDevice(Tensor t, Device device) {
        if (t.device().equals(device)) {
            return t;
        }
        long trace = OpTraces.begin();
        Tensor src = t.contiguous();
        Tensor out = Creation.empty(t.dtype(), device, t.shape());
        long bytes = t.numel() * t.dtype().byteSize();
        long srcOffset = src.offset() * t.dtype().byteSize();
        if (t.device().isCpu()) {
            MemorySegment host = ((CpuStorage) src.storage()).segment().asSlice(srcOffset, bytes);
            Backends.of(device).copyFromHost(host, out.storage(), 0, bytes);
        } else if (device.isCpu()) {
            backend(t).copyToHost(src.storage(), srcOffset, ((CpuStorage) out.storage()).segment(), bytes);
        } else {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment host = arena.allocate(Math.max(bytes, 1), 64);
                backend(t).copyToHost(src.storage(), srcOffset, host, bytes);
                Backends.of(device).copyFromHost(host, out.storage(), 0, bytes);
            }
        }
        Device from = t.device();
        Autograd.record("ToCopyBackward0", out, new Tensor[] {t}, g -> new Tensor[] {g.to(from)});
        return trace < 0 ? out : OpTraces.end(trace, "to", out, t, device);
    }

    /** A contiguous copy with backward; see {@link Tensor#clone}. */
    public static Tensor cloneTensor(Tensor t) {
        long trace = OpTraces.begin();
        Tensor out = Creation.empty(t.dtype(), t.device(), t.shape());
        backend(t).copy(t, out);
        Autograd.record("CloneBackward0", out, new Tensor[] {t}, g -> new Tensor[] {g});
        return trace < 0 ? out : OpTraces.end(trace, "clone", out, t);
    }

    /**
     * Writes {@code src} (broadcast to {@code dst}'s shape, converted, from any device) into {@code dst}
     * and bumps its version. In grad mode, when either needs gradients, the write is recorded with
     * {@link Autograd#recordOverwrite} (so in-place changes to views reach the viewed tensor's history,
     * as in PyTorch); under {@code noGrad} histories are left as they are.
     */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        long trace = OpTraces.begin();
        checkInPlace(dst);
        boolean tracked = GradMode.isEnabled() && (dst.requiresGrad() || src.requiresGrad());
        Tensor s = src.device().equals(dst.device()) ? src : src.to(dst.device());
        long[] shape = dst.shape();
        try {
            Shapes.broadcast(s.shape(), shape);
            backend(dst).copy(s.detach().expand(shape), dst);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("copy_: the source of shape " + Shapes.str(src.shape())
                    + " does not broadcast to the destination of shape " + Shapes.str(shape), e);
        }
        dst.storage().bumpVersion();
        if (tracked) {
            Autograd.recordOverwrite(dst, s);
        }
        return trace < 0 ? dst : OpTraces.end(trace, "copy_", dst, dst, src);
    }

    /**
     * Refuses in-place writes PyTorch refuses: into a tensor whose elements share memory (an expanded
     * view), and, in grad mode, into a leaf that requires grad or a view of one.
     */
    static void checkInPlace(Tensor dst) {
        for (int i = 0; i < dst.dim(); i++) {
            if (dst.stride(i) == 0 && dst.size(i) > 1) {
                throw new IllegalArgumentException("unsupported operation: more than one element of the written-to "
                        + "tensor refers to a single memory location. Please clone() the tensor before performing the "
                        + "operation. (tensor of shape " + Shapes.str(dst.shape()) + ", strides " + Shapes.str(dst.strides())
                        + ")");
            }
        }
        Autograd.checkInPlace(dst);
    }

    /**
     * Sets every element of {@code dst} to {@code value} in place (recorded as an overwrite under autograd).
     *
     * @throws IllegalArgumentException with PyTorch's message when the value overflows the dtype (see
     *                                  {@link ScalarConversion})
     */
    public static Tensor fill(Tensor dst, Number value) {
        long trace = OpTraces.begin();
        Number checked = ScalarConversion.checked(value, dst.dtype());
        checkInPlace(dst);
        if (GradMode.isEnabled() && dst.requiresGrad()) {
            copyInto(dst, Creation.full(checked, dst.dtype(), dst.device()));
        } else {
            backend(dst).fill(dst, checked);
            dst.storage().bumpVersion();
        }
        return trace < 0 ? dst : OpTraces.end(trace, "fill_", dst, dst, value);
    }

    /** A CPU, contiguous tensor with these values (the tensor itself when it already is one). */
    private static Tensor hostContiguous(Tensor t, DType dtype) {
        return t.detach().to(Device.CPU).to(dtype).contiguous();
    }

    private static MemorySegment hostSlice(Tensor t) {
        long bytes = t.numel() * t.dtype().byteSize();
        return ((CpuStorage) t.storage()).segment().asSlice(t.offset() * t.dtype().byteSize(), bytes);
    }

    /** See {@link Tensor#toFloatArray}. */
    public static float[] toFloatArray(Tensor t) {
        return hostSlice(hostContiguous(t, DType.FLOAT32)).toArray(ValueLayout.JAVA_FLOAT);
    }

    /** See {@link Tensor#toDoubleArray}. */
    public static double[] toDoubleArray(Tensor t) {
        return hostSlice(hostContiguous(t, DType.FLOAT64)).toArray(ValueLayout.JAVA_DOUBLE);
    }

    /** See {@link Tensor#toLongArray}. */
    public static long[] toLongArray(Tensor t) {
        return hostSlice(hostContiguous(t, DType.INT64)).toArray(ValueLayout.JAVA_LONG);
    }

    /** See {@link Tensor#toBooleanArray}. */
    public static boolean[] toBooleanArray(Tensor t) {
        byte[] b = hostSlice(hostContiguous(t, DType.BOOL)).toArray(ValueLayout.JAVA_BYTE);
        boolean[] out = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] != 0;
        }
        return out;
    }

    /**
     * The single value of a one-element tensor: a Double for floating types, a Long for the other
     * integer and bool types, a BigInteger for uint64 (so values above 2<sup>63</sup> stay positive).
     */
    public static Number item(Tensor t) {
        if (t.numel() != 1) {
            throw new IllegalArgumentException("a Tensor with " + t.numel() + " elements cannot be converted to Scalar");
        }
        Tensor h = t.detach().to(Device.CPU);
        MemorySegment seg = ((CpuStorage) h.storage()).segment();
        if (h.dtype().isFloatingPoint()) {
            return Elements.getDouble(seg, h.dtype(), h.offset());
        }
        long v = Elements.getLong(seg, h.dtype(), h.offset());
        return h.dtype() == DType.UINT64 ? new BigInteger(Long.toUnsignedString(v)) : (Number) v;
    }

    /** One element by full index; see {@link Tensor#get}. */
    public static double get(Tensor t, long... index) {
        if (index.length != t.dim()) {
            throw new IllegalArgumentException("get: expected " + t.dim() + " indices for shape " + Shapes.str(t.shape())
                    + ", got " + index.length);
        }
        long off = t.offset();
        for (int i = 0; i < index.length; i++) {
            long size = t.size(i);
            long k = index[i] < 0 ? index[i] + size : index[i];
            if (k < 0 || k >= size) {
                throw new IndexOutOfBoundsException("index " + index[i] + " is out of bounds for dimension " + i
                        + " with size " + size);
            }
            off += k * t.stride(i);
        }
        Tensor h = t.detach().asStrided(new long[0], new long[0], off).to(Device.CPU);
        return Elements.getDouble(((CpuStorage) h.storage()).segment(), h.dtype(), h.offset());
    }
}
