package dev.arbor.cuda;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.UnaryOp;
import dev.arbor.backend.cpu.Elements;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.util.Arrays;

/** Copy with conversion, fill, unary, binary and where over strided views, as elementwise.cu kernels. */
final class CudaElementwise {
    private CudaElementwise() {}

    /** Grid size of an elementwise kernel: every thread takes ITEMS elements per step; the grid strides over the rest. */
    static long blocks(long numel) {
        return Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceilDiv(numel, (long) KernelSource.BLOCK * KernelSource.ITEMS)));
    }

    private static void run(CudaDevice dev, KernelSource.Spec spec, StridedLayout layout, Object... args) {
        if (layout.numel() == 0) {
            return;
        }
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = layout.words();
        dev.launch(spec, blocks(layout.numel()), 1, KernelSource.BLOCK, all);
    }

    /**
     * True when two views of one storage share bytes without being the same view: a copy between them
     * must go through a temporary, as no kernel or DMA order is defined for overlapping elements.
     */
    static boolean partlyOverlap(Tensor a, Tensor b) {
        if (a.storage() != b.storage() || a.numel() == 0 || b.numel() == 0) {
            return false;
        }
        if (a.offset() == b.offset() && Arrays.equals(a.strides(), b.strides())
                && a.dtype().byteSize() == b.dtype().byteSize()) {
            return false;
        }
        long aStart = a.offset() * a.dtype().byteSize();
        long aEnd = (a.offset() + StridedLayout.reach(a.shape(), a.strides()) + 1) * a.dtype().byteSize();
        long bStart = b.offset() * b.dtype().byteSize();
        long bEnd = (b.offset() + StridedLayout.reach(b.shape(), b.strides()) + 1) * b.dtype().byteSize();
        return aStart < bEnd && bStart < aEnd;
    }

    static void copy(CudaDevice dev, Tensor src, Tensor dst) {
        if (partlyOverlap(src, dst)) {
            Tensor tmp = Tensor.wrap(dev.scratch(src.numel() * src.dtype().byteSize()), src.dtype(), src.shape(),
                    Shapes.contiguousStrides(src.shape()), 0);
            copy(dev, src, tmp);
            src = tmp;
        }
        DType st = src.dtype();
        DType dt = dst.dtype();
        if (st == dt && src.isContiguous() && dst.isContiguous()) {
            long bytes = dst.numel() * dt.byteSize();
            if (bytes > 0) {
                dev.activate();
                dev.driver().memcpyDtoDAsync(CudaDevice.pointer(dst), CudaDevice.pointer(src), bytes, dev.stream());
            }
            Reference.reachabilityFence(src);
            Reference.reachabilityFence(dst);
            return;
        }
        StridedLayout layout = StridedLayout.of(dst.shape(), 0, dst.strides(), src.strides());
        KernelSource.Spec spec = st == dt ? KernelSource.copy(st.byteSize(), layout.index())
                : KernelSource.cast(st, dt, layout.index());
        run(dev, spec, layout, dst, src);
    }

    /**
     * The bits of {@code value} as an element of {@code t}, converted as the CPU backend's fill
     * converts (integral Java values through long, others through double).
     */
    static long elementBits(DType t, Number value) {
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cell = arena.allocate(8, 8);
            if (integral) {
                Elements.setLong(cell, t, 0, value.longValue());
            } else {
                Elements.setDouble(cell, t, 0, value.doubleValue());
            }
            return cell.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    static void fill(CudaDevice dev, Tensor dst, Number value) {
        DType t = dst.dtype();
        long bits = elementBits(t, value);
        if (bits == 0 && dst.isContiguous()) {
            long bytes = dst.numel() * t.byteSize();
            if (bytes > 0) {
                dev.activate();
                dev.driver().memsetD8Async(CudaDevice.pointer(dst), (byte) 0, bytes, dev.stream());
            }
            Reference.reachabilityFence(dst);
            return;
        }
        StridedLayout layout = StridedLayout.of(dst.shape(), 0, dst.strides());
        run(dev, KernelSource.fill(t.byteSize(), layout.index()), layout, dst, bits);
    }

    /** True when {@code op} is defined on inputs of dtype {@code t}: bitwise_not needs integers or bool, most others floats. */
    static boolean unaryDefined(UnaryOp op, DType t) {
        return op == UnaryOp.BITWISE_NOT ? !t.isFloatingPoint() : t.isFloatingPoint() || op.isIntegerOp();
    }

    static void unary(CudaDevice dev, UnaryOp op, Tensor src, Tensor dst) {
        DType st = src.dtype();
        if (!unaryDefined(op, st)) {
            throw new IllegalArgumentException(op == UnaryOp.BITWISE_NOT
                    ? "bitwise_not is only defined for integer and bool, got " + st
                    : op + " is not defined for integer tensors (got " + st + ")");
        }
        StridedLayout layout = StridedLayout.of(dst.shape(), 0, dst.strides(), src.strides());
        run(dev, KernelSource.unary(op, st, dst.dtype(), layout.index()), layout, dst, src);
    }

    /** True when {@code op} is defined on inputs of dtype {@code t}: bitwise ops need integers or bool, atan2 floats. */
    static boolean binaryDefined(BinaryOp op, DType t) {
        return switch (op) {
            case BITWISE_AND, BITWISE_OR, BITWISE_XOR, SHIFT_LEFT, SHIFT_RIGHT -> !t.isFloatingPoint();
            case ATAN2 -> t.isFloatingPoint();
            default -> true;
        };
    }

    static void binary(CudaDevice dev, BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        DType t = a.dtype();
        if (b.dtype() != t) {
            throw new IllegalArgumentException(op + ": inputs must share a dtype, got " + t + " and " + b.dtype());
        }
        if (!binaryDefined(op, t)) {
            throw new IllegalArgumentException(op + (t.isFloatingPoint() ? " is only defined for integer and bool tensors"
                    : " needs floating point inputs") + ", got " + t);
        }
        StridedLayout layout = StridedLayout.of(dst.shape(), 0, dst.strides(), a.strides(), b.strides());
        run(dev, KernelSource.binary(op, t, dst.dtype(), layout.index()), layout, dst, a, b);
    }

    static void where(CudaDevice dev, Tensor cond, Tensor a, Tensor b, Tensor dst) {
        StridedLayout layout = StridedLayout.of(dst.shape(), 0, dst.strides(), cond.strides(), a.strides(), b.strides());
        run(dev, KernelSource.where(dst.dtype().byteSize(), layout.index()), layout, dst, cond, a, b);
    }
}
