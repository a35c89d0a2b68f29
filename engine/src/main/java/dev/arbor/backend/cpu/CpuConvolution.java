package dev.arbor.backend.cpu;

import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col and col2im, the data movement around convolution's matrix multiply, and the direct depthwise
 * convolution that needs no multiply, for float32 and float64.
 * Both walk one kernel tap at a time: along the last spatial dimension the input positions a tap
 * reads are an arithmetic progression, so each output row is a padding run, one (usually contiguous)
 * copy or add, and another padding run.
 */
final class CpuConvolution {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** Eight lanes: im2col and col2im rows are often only 8 to 64 elements long. */
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements per parallel task below which a loop stays on one thread. */
    private static final long GRAIN = 1 << 15;

    private CpuConvolution() {}

    /** The part of a tap's walk along the last dimension that lands inside the input. */
    private record Run(long offset, long first, long end) {
        /** Output positions {@code o} in {@code [first, end)} read input {@code o * stride + offset}. */
        static Run of(long tapOffset, long stride, long inputSize, long outputSize) {
            long first = tapOffset >= 0 ? 0 : Math.min(outputSize, ceilDiv(-tapOffset, stride));
            long end = inputSize - tapOffset <= 0 ? 0 : ceilDiv(inputSize - tapOffset, stride);
            return new Run(tapOffset, first, Math.max(first, Math.min(end, outputSize)));
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The walk shared by im2col and col2im: geometry in local arrays, taps decoded per row. */
    private static final class Walk {
        final int dims;
        final long[] in;
        final long[] kernel;
        final long[] stride;
        final long[] padding;
        final long[] dilation;
        final long[] out;
        final long[] inStride;
        final long taps;
        final long outVolume;
        final long inVolume;
        final long rowLength;
        final long rowsPerTap;
        /**
         * Per tap and output row, the input offset within a plane where the row starts reading (or -1
         * for a row in the padding): the same for every plane, so computed once per call.
         */
        final long[] rowOffsets;
        /** Per tap, its run along the last dimension. */
        final Run[] runs;
        /**
         * A 2-d window with stride 1 whose output rows are as wide as the input's: each tap's columns
         * row is the input plane shifted by one offset, so it moves as one block plus border fixes.
         */
        final boolean shifted;

        Walk(Window w) {
            dims = w.dims();
            in = w.inputSize();
            kernel = w.kernel();
            stride = w.stride();
            padding = w.padding();
            dilation = w.dilation();
            out = w.outputSize();
            inStride = new long[dims];
            long s = 1;
            for (int d = dims - 1; d >= 0; d--) {
                inStride[d] = s;
                s *= in[d];
            }
            taps = w.kernelVolume();
            outVolume = w.outputVolume();
            inVolume = w.inputVolume();
            rowLength = out[dims - 1];
            rowsPerTap = rowLength == 0 ? 0 : outVolume / rowLength;
            shifted = dims == 2 && stride[0] == 1 && stride[1] == 1 && out[1] == in[1];
            int t = Math.toIntExact(taps);
            int rows = Math.toIntExact(rowsPerTap);
            rowOffsets = new long[Math.multiplyExact(t, rows)];
            runs = new Run[t];
            long[] tap = new long[dims];
            for (int i = 0; i < t; i++) {
                decodeTap(i, tap);
                runs[i] = lastRun(tap);
                for (int q = 0; q < rows; q++) {
                    rowOffsets[i * rows + q] = rowOffset(q, tap);
                }
            }
        }

        /** Decodes tap number {@code t} (row-major) into {@code tap}. */
        void decodeTap(long t, long[] tap) {
            for (int d = dims - 1; d >= 0; d--) {
                tap[d] = t % kernel[d];
                t /= kernel[d];
            }
        }

        /**
         * The input offset (within a plane) of output row {@code row} for {@code tap} along every
         * dimension but the last, or -1 when that row lies in the padding.
         */
        long rowOffset(long row, long[] tap) {
            long offset = 0;
            for (int d = dims - 2; d >= 0; d--) {
                long o = row % out[d];
                row /= out[d];
                long p = o * stride[d] - padding[d] + tap[d] * dilation[d];
                if (p < 0 || p >= in[d]) {
                    return -1;
                }
                offset += p * inStride[d];
            }
            return offset;
        }

        Run lastRun(long[] tap) {
            int d = dims - 1;
            return Run.of(tap[d] * dilation[d] - padding[d], stride[d], in[d], out[d]);
        }
    }

    static void im2col(Tensor input, Window window, double padValue, Tensor columns) {
        Walk w = new Walk(window);
        if (w.outVolume == 0 || columns.numel() == 0) {
            return;
        }
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment dst = CpuElementwise.seg(columns);
        boolean f32 = input.dtype() == DType.FLOAT32;
        long srcBase = input.offset();
        long dstBase = columns.offset();
        long rows = input.size(0) * input.size(1) * w.taps;
        long lastStride = w.stride[w.dims - 1];
        CpuParallel.forRange(rows, Math.max(1, GRAIN / w.outVolume), (from, to) -> {
            for (long r = from; r < to; r++) {
                int t = (int) (r % w.taps);
                long plane = srcBase + r / w.taps * w.inVolume;
                Run run = w.runs[t];
                long dstRow = dstBase + r * w.outVolume;
                if (w.shifted) {
                    shiftedTap(w, t, src, plane, dst, dstRow, padValue, f32);
                    continue;
                }
                int tableRow = t * (int) w.rowsPerTap;
                for (int q = 0; q < w.rowsPerTap; q++) {
                    long at = dstRow + q * w.rowLength;
                    long offset = w.rowOffsets[tableRow + q];
                    if (offset < 0) {
                        fill(dst, at, w.rowLength, padValue, f32);
                        continue;
                    }
                    fill(dst, at, run.first, padValue, f32);
                    long from0 = plane + offset + run.first * lastStride + run.offset;
                    if (f32 && lastStride == 1) {
                        copyF32(src, from0, dst, at + run.first, run.end - run.first);
                    } else {
                        copy(src, from0, lastStride, dst, at + run.first, run.end - run.first, f32);
                    }
                    fill(dst, at + run.end, w.rowLength - run.end, padValue, f32);
                }
            }
        });
    }

    /**
     * One tap's columns row of a {@link Walk#shifted} window: output element {@code j} reads input
     * element {@code j + shift} of the plane, so the rows inside the input move as one block; then the
     * few columns per row that wrapped around a row end get the pad value, as do rows outside.
     */
    private static void shiftedTap(Walk w, int t, MemorySegment src, long plane, MemorySegment dst, long dstRow,
                                   double padValue, boolean f32) {
        long width = w.in[1];
        long dh = t / w.kernel[1] * w.dilation[0] - w.padding[0];
        long dw = t % w.kernel[1] * w.dilation[1] - w.padding[1];
        long shift = dh * width + dw;
        long rows = w.out[0];
        long qFirst = Math.min(rows, Math.max(0, -dh));
        long qEnd = Math.max(qFirst, Math.min(rows, w.in[0] - dh));
        fill(dst, dstRow, qFirst * width, padValue, f32);
        fill(dst, dstRow + qEnd * width, (rows - qEnd) * width, padValue, f32);
        // the block stays inside the plane; what it leaves out at its ends are wrapped columns
        long jStart = Math.max(qFirst * width, -shift);
        long jEnd = Math.min(qEnd * width, w.inVolume - shift);
        if (jEnd > jStart) {
            if (f32) {
                copyF32(src, plane + jStart + shift, dst, dstRow + jStart, jEnd - jStart);
            } else {
                copy(src, plane + jStart + shift, 1, dst, dstRow + jStart, jEnd - jStart, false);
            }
        }
        long left = Math.min(width, Math.max(0, -dw));
        long right = Math.max(0, Math.min(width, width - dw));
        for (long q = qFirst; q < qEnd; q++) {
            long row = dstRow + q * width;
            fill(dst, row, left, padValue, f32);
            fill(dst, row + right, width - right, padValue, f32);
        }
    }

    static void col2im(Tensor columns, Window window, Tensor output) {
        Walk w = new Walk(window);
        if (w.outVolume == 0 || output.numel() == 0) {
            return;
        }
        MemorySegment src = CpuElementwise.seg(columns);
        MemorySegment dst = CpuElementwise.seg(output);
        boolean f32 = output.dtype() == DType.FLOAT32;
        long srcBase = columns.offset();
        long dstBase = output.offset();
        long planes = output.size(0) * output.size(1);
        long lastStride = w.stride[w.dims - 1];
        // taps of one plane add into the same elements, so a plane is one thread's work
        CpuParallel.forRange(planes, Math.max(1, GRAIN / (w.taps * w.outVolume)), (from, to) -> {
            for (long plane = from; plane < to; plane++) {
                long dstPlane = dstBase + plane * w.inVolume;
                for (int t = 0; t < w.taps; t++) {
                    Run run = w.runs[t];
                    long srcRow = srcBase + (plane * w.taps + t) * w.outVolume;
                    int tableRow = t * (int) w.rowsPerTap;
                    for (int q = 0; q < w.rowsPerTap; q++) {
                        long offset = w.rowOffsets[tableRow + q];
                        if (offset < 0 || run.end == run.first) {
                            continue;
                        }
                        long to0 = dstPlane + offset + run.first * lastStride + run.offset;
                        add(src, srcRow + q * w.rowLength + run.first, dst, to0, lastStride, run.end - run.first, f32);
                    }
                }
            }
        });
    }

    /** The depthwise convolution of any dtype and dimension count (see {@code Backend.depthwiseConv}). */
    static void depthwise(Tensor input, Tensor weight, Tensor bias, Window window, Tensor output) {
        Walk w = new Walk(window);
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment ker = CpuElementwise.seg(weight);
        MemorySegment shift = bias == null ? null : CpuElementwise.seg(bias);
        MemorySegment dst = CpuElementwise.seg(output);
        boolean f32 = input.dtype() == DType.FLOAT32;
        long channels = input.size(1);
        long outChannels = output.size(1);
        long multiplier = outChannels / channels;
        long srcBase = input.offset();
        long kerBase = weight.offset();
        long dstBase = output.offset();
        long lastStride = w.stride[w.dims - 1];
        long planes = output.size(0) * outChannels;
        // each output plane is one input plane's taps added up: planes are independent tasks
        CpuParallel.forRange(planes, Math.max(1, GRAIN / Math.max(1, w.taps * w.outVolume)), (from, to) -> {
            for (long plane = from; plane < to; plane++) {
                long o = plane % outChannels;
                long in = srcBase + (plane / outChannels * channels + o / multiplier) * w.inVolume;
                long out = dstBase + plane * w.outVolume;
                long b = bias == null ? 0 : bias.offset() + o;
                fill(dst, out, w.outVolume, shift == null ? 0 : f32 ? shift.getAtIndex(F32, b) : shift.getAtIndex(F64, b),
                        f32);
                for (int t = 0; t < w.taps; t++) {
                    long k = kerBase + o * w.taps + t;
                    double scale = f32 ? ker.getAtIndex(F32, k) : ker.getAtIndex(F64, k);
                    Run run = w.runs[t];
                    long n = run.end - run.first;
                    if (n <= 0) {
                        continue;
                    }
                    int tableRow = t * (int) w.rowsPerTap;
                    for (int q = 0; q < w.rowsPerTap; q++) {
                        long offset = w.rowOffsets[tableRow + q];
                        if (offset < 0) {
                            continue;
                        }
                        long from0 = in + offset + run.first * lastStride + run.offset;
                        long at = out + q * w.rowLength + run.first;
                        if (f32) {
                            axpyF32((float) scale, src, from0, lastStride, dst, at, n);
                        } else {
                            for (long i = 0; i < n; i++) {
                                dst.setAtIndex(F64, at + i, dst.getAtIndex(F64, at + i)
                                        + scale * src.getAtIndex(F64, from0 + i * lastStride));
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@code dst[at + i] += a * src[from + i * stride]} for {@code i < n}. */
    private static void axpyF32(float a, MemorySegment src, long from, long stride, MemorySegment dst, long at, long n) {
        int i = 0;
        if (stride == 1) {
            FloatVector scale = FloatVector.broadcast(F8, a);
            for (long bound = F8.loopBound(n); i < bound; i += F8.length()) {
                long d = (at + i) * Float.BYTES;
                FloatVector.fromMemorySegment(F8, src, (from + i) * Float.BYTES, NATIVE)
                        .fma(scale, FloatVector.fromMemorySegment(F8, dst, d, NATIVE))
                        .intoMemorySegment(dst, d, NATIVE);
            }
        }
        for (; i < n; i++) {
            dst.setAtIndex(F32, at + i, dst.getAtIndex(F32, at + i) + a * src.getAtIndex(F32, from + i * stride));
        }
    }

    private static void fill(MemorySegment dst, long at, long n, double value, boolean f32) {
        if (n <= 0) {
            return;
        }
        int size = f32 ? Float.BYTES : Double.BYTES;
        if (value == 0 && Double.doubleToRawLongBits(value) == 0 && n >= 64) {
            dst.asSlice(at * size, n * size).fill((byte) 0);
        } else if (f32) {
            for (long i = 0; i < n; i++) {
                dst.setAtIndex(F32, at + i, (float) value);
            }
        } else {
            for (long i = 0; i < n; i++) {
                dst.setAtIndex(F64, at + i, value);
            }
        }
    }

    /**
     * {@code dst[at + i] = src[from + i * stride]} for {@code i < n}: strided and float64 rows (unit-stride
     * float32 rows go to {@link #copyF32} directly, small enough for the JIT to inline at the hot call).
     */
    private static void copy(MemorySegment src, long from, long stride, MemorySegment dst, long at, long n,
                             boolean f32) {
        if (n <= 0) {
            return;
        }
        if (stride == 1 && !f32) {
            MemorySegment.copy(src, from * Double.BYTES, dst, at * Double.BYTES, n * Double.BYTES);
        } else if (f32) {
            for (long i = 0; i < n; i++) {
                dst.setAtIndex(F32, at + i, src.getAtIndex(F32, from + i * stride));
            }
        } else {
            for (long i = 0; i < n; i++) {
                dst.setAtIndex(F64, at + i, src.getAtIndex(F64, from + i * stride));
            }
        }
    }

    /** A unit-stride float32 row: short (tens of elements), so an 8-lane loop beats MemorySegment.copy's fixed cost. */
    private static void copyF32(MemorySegment src, long from, MemorySegment dst, long at, long n) {
        int i = 0;
        for (long bound = F8.loopBound(n); i < bound; i += F8.length()) {
            FloatVector.fromMemorySegment(F8, src, (from + i) * Float.BYTES, NATIVE)
                    .intoMemorySegment(dst, (at + i) * Float.BYTES, NATIVE);
        }
        for (; i < n; i++) {
            dst.setAtIndex(F32, at + i, src.getAtIndex(F32, from + i));
        }
    }

    /** {@code dst[at + i * stride] += src[from + i]} for {@code i < n}. */
    private static void add(MemorySegment src, long from, MemorySegment dst, long at, long stride, long n,
                            boolean f32) {
        long i = 0;
        if (f32) {
            if (stride == 1) {
                for (long bound = F8.loopBound(n); i < bound; i += F8.length()) {
                    long d = (at + i) * Float.BYTES;
                    FloatVector.fromMemorySegment(F8, dst, d, NATIVE)
                            .add(FloatVector.fromMemorySegment(F8, src, (from + i) * Float.BYTES, NATIVE))
                            .intoMemorySegment(dst, d, NATIVE);
                }
            }
            for (; i < n; i++) {
                long d = at + i * stride;
                dst.setAtIndex(F32, d, dst.getAtIndex(F32, d) + src.getAtIndex(F32, from + i));
            }
        } else {
            if (stride == 1) {
                for (long bound = DS.loopBound(n); i < bound; i += DS.length()) {
                    long d = (at + i) * Double.BYTES;
                    DoubleVector.fromMemorySegment(DS, dst, d, NATIVE)
                            .add(DoubleVector.fromMemorySegment(DS, src, (from + i) * Double.BYTES, NATIVE))
                            .intoMemorySegment(dst, d, NATIVE);
                }
            }
            for (; i < n; i++) {
                long d = at + i * stride;
                dst.setAtIndex(F64, d, dst.getAtIndex(F64, d) + src.getAtIndex(F64, from + i));
            }
        }
    }
}
