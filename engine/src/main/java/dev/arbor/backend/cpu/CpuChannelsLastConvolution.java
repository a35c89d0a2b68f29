package dev.arbor.backend.cpu;

import dev.arbor.backend.Clamp;
import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 2-d convolution into a channels-last output (memory {@code [N, H, W, O]}, seen as
 * {@code [N, O, H, W]}), for the layers of small CNNs whose output rows are shorter than a vector. There
 * {@link CpuDirectConvolution}'s vectors along a row carry padding columns and its phase planes of
 * short rows cost as much to fill as the arithmetic; here vectors run across output channels instead. A
 * dense layer broadcasts each input element against a vector of its tap's weights for the output
 * channels; a depthwise layer multiplies a vector of input channels (so its input must be channels-last)
 * by a vector of weights. Each image is first copied with its zero border into this thread's buffer, in
 * the input's own layout (whole rows of {@code W C} floats when it is channels-last), so no tap needs a
 * bounds test.
 *
 * <p>As with PyTorch's {@code channels_last} memory format, the layout then propagates: a convolution
 * whose input is channels-last comes here whatever its size.
 */
final class CpuChannelsLastConvolution {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Output positions computed together: eight independent sums hide the multiply-add latency. */
    private static final int POSITIONS = 8;
    /** Most output channels of a dense layer: more rows fill the im2col product's packed kernel. */
    private static final long MAX_OUT_CHANNELS = 64;
    /**
     * Most taps per output position for an input that is not channels-last: a first layer's few input
     * planes. With more, each broadcast input element still feeds one vector of output channels while
     * {@link CpuDirectConvolution} feeds two vectors of positions per broadcast weight: measured at batch
     * 32, two threads, a 3 to 16 channel 3x3 stride-2 stem on 16x16 (27 taps) took 34 to 43 us here
     * against 52, LeNet's 6 to 16 channel 5x5 layer on 12x12 (150 taps) made the net 504-663 us against
     * 300-467. A 1x1 layer (a ResNet downsample) also stays: the plane-wise kernel copies its input
     * without a border, and a channels-last result would be copied back to add it to the other branch
     * (the ResNet-style net at batch 32 took 1140 us against 957-967).
     */
    private static final long MAX_TAPS_FROM_PLANES = 32;
    /**
     * Multiply-adds per parallel task below which a loop stays on one thread: twice
     * {@link CpuDirectConvolution}'s, as the depthwise net's 1x1 layer (16 to 32 channels, 8x8, batch 32:
     * 1M multiply-adds) took 31-33 us on one thread and 40 us split in two on this VM.
     */
    private static final long GRAIN = 1 << 20;
    /**
     * This thread's padded image (with a vector of slack, for a depthwise layer's partial last vector of
     * channels), one output image's sums and one input image as it is, reused from call to call; each
     * with another vector of room to start at a line ({@link ArrayAlignment}).
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private CpuChannelsLastConvolution() {}

    /**
     * {@return whether {@link #convolve} takes these shapes, and is then the faster way}: float32, 2-d, a
     * dense layer of at most {@value #MAX_OUT_CHANNELS} output channels on a contiguous or channels-last
     * input, or a depthwise one (one output channel per input channel) on a channels-last input; either
     * with an input of several channels laid out channels-last, or with output rows shorter than a vector,
     * a kernel wider than 1x1 and at most {@value #MAX_TAPS_FROM_PLANES} taps per position; a residual,
     * if any, channels-last.
     */
    static boolean accepts(Tensor input, Tensor weight, Window w, long groups, Tensor residual) {
        if (input.dtype() != DType.FLOAT32 || weight.dtype() != DType.FLOAT32 || w.dims() != 2
                || w.outputVolume() == 0 || residual != null && !isChannelsLast(residual)) {
            return false;
        }
        long channels = input.size(1);
        boolean channelsLast = isChannelsLast(input);
        boolean wanted = channelsLast && channels > 1
                || w.outputSize()[1] < L && w.kernelVolume() > 1
                        && channels * w.kernelVolume() <= MAX_TAPS_FROM_PLANES;
        if (!wanted || (long) Layer.paddedRows(w) * Layer.paddedColumns(w) * channels >= Integer.MAX_VALUE / 2) {
            return false;
        }
        if (groups == 1) {
            return weight.size(0) <= MAX_OUT_CHANNELS && (channelsLast || input.isContiguous());
        }
        return groups == channels && weight.size(0) == channels && channelsLast;
    }

    /** {@return whether {@code t} is a 4-d tensor laid out as {@code [N, H, W, C]}} */
    static boolean isChannelsLast(Tensor t) {
        if (t.dim() != 4) {
            return false;
        }
        long c = t.size(1);
        long h = t.size(2);
        long w = t.size(3);
        return (c == 1 || t.stride(1) == 1) && (w == 1 || t.stride(3) == c) && (h == 1 || t.stride(2) == w * c)
                && (t.size(0) == 1 || t.stride(0) == h * w * c);
    }

    /**
     * {@return {@code clamp(conv(input, weight) + bias + residual)}, channels-last}; shapes as
     * {@link #accepts} took them.
     *
     * @param input    {@code [N, C, H, W]}, contiguous or channels-last
     * @param weight   {@code [O, C / groups, kh, kw]}, contiguous
     * @param bias     {@code [O]}, contiguous, or null for none
     * @param w        the window
     * @param groups   1, or {@code C} for a depthwise layer
     * @param residual {@code [N, O, *out]}, channels-last, or null for none
     * @param clamp    the bounds of the output
     * @param average  whether to return each channel's mean over the output positions, {@code [N, O, 1, 1]},
     *                 instead of the output
     */
    static Tensor convolve(Tensor input, Tensor weight, Tensor bias, Window w, long groups, Tensor residual,
                           Clamp clamp, boolean average) {
        Layer layer = new Layer(input, weight, w, groups == 1);
        long n = input.size(0);
        int outChannels = layer.outChannels;
        Tensor output;
        if (average) {
            output = Tensor.empty(DType.FLOAT32, input.device(), n, outChannels, 1, 1);
        } else {
            Tensor flat = Tensor.empty(DType.FLOAT32, input.device(), n * layer.oh * layer.ow * outChannels);
            output = Tensor.wrap(flat.storage(), DType.FLOAT32, new long[] {n, outChannels, layer.oh, layer.ow},
                    new long[] {(long) layer.oh * layer.ow * outChannels, 1, (long) layer.ow * outChannels,
                        outChannels}, flat.offset());
        }
        // with a vector of room to start at a line
        float[] packed = new float[(layer.offsets.length + 1) * layer.tapWidth() + L];
        int weightStart = ArrayAlignment.firstAligned(packed);
        packWeights(weight, bias, layer, packed, weightStart);
        Image image = new Image(layer, packed, weightStart, CpuElementwise.seg(input),
                input.offset(), input.stride(0), CpuElementwise.seg(output), output.offset(),
                residual == null ? null : CpuElementwise.seg(residual), residual == null ? 0 : residual.offset(), clamp,
                average);
        long work = (long) layer.oh * layer.ow * layer.vectors * L * layer.offsets.length;
        CpuParallel.forRange(n, Math.max(1, GRAIN / Math.max(1, work)), (from, to) -> {
            float[][] scratch = SCRATCH.get();
            // each used from its first element that starts a line, so whole vectors of channels do too
            float[] padded = scratch(scratch, 0, layer.paddedSize() + 2 * L);
            float[] sums = scratch(scratch, 1, layer.oh * layer.ow * layer.tapWidth() + L);
            float[] stage = scratch(scratch, 2, layer.imageSize() + L);
            int paddedStart = ArrayAlignment.firstAligned(padded);
            int sumsStart = ArrayAlignment.firstAligned(sums);
            int stageStart = ArrayAlignment.firstAligned(stage);
            // the border, which the images' copies leave as it is
            Arrays.fill(padded, paddedStart, paddedStart + layer.paddedSize(), 0f);
            for (long i = from; i < to; i++) {
                image.compute(i, padded, paddedStart, sums, sumsStart, stage, stageStart);
            }
        });
        return output;
    }

    /** This thread's scratch array {@code which}, at least {@code size} floats. */
    private static float[] scratch(float[][] scratch, int which, int size) {
        if (scratch[which].length < size) {
            scratch[which] = new float[size];
        }
        return scratch[which];
    }

    /**
     * The sizes of one call, the layout of the padded image, and each tap's offset in it from its output
     * position's origin (the element under tap {@code (0, 0)}). Dense taps are {@code (ky, kx, c)} in
     * that order, depthwise taps {@code (ky, kx)}.
     */
    private static final class Layer {
        final boolean dense;
        final boolean channelsLast;
        final int channels;
        final int outChannels;
        /** Vectors of output channels, the last one masked when they are not a whole number. */
        final int vectors;
        final int ih;
        final int iw;
        final int sh;
        final int sw;
        final int ph;
        final int pw;
        final int oh;
        final int ow;
        final int rows;
        final int columns;
        /** Strides of the padded image: {@code [C][rows][columns]}, or {@code [rows][columns][C]} when channels-last. */
        final int channelStride;
        final int rowStride;
        final int columnStride;
        /** Input elements between channels and between rows. */
        final long inChannelStride;
        final long inRowStride;
        /** Taps per kernel position: the input channels of a dense layer, one for a depthwise one. */
        final int tapsPerPosition;
        final int kernel;
        final int[] offsets;

        Layer(Tensor input, Tensor weight, Window w, boolean dense) {
            this.dense = dense;
            channelsLast = isChannelsLast(input);
            channels = (int) input.size(1);
            outChannels = (int) weight.size(0);
            vectors = Math.ceilDiv(outChannels, L);
            ih = (int) w.inputSize()[0];
            iw = (int) w.inputSize()[1];
            int kh = (int) w.kernel()[0];
            int kw = (int) w.kernel()[1];
            sh = (int) w.stride()[0];
            sw = (int) w.stride()[1];
            int dh = (int) w.dilation()[0];
            int dw = (int) w.dilation()[1];
            ph = (int) w.padding()[0];
            pw = (int) w.padding()[1];
            oh = (int) w.outputSize()[0];
            ow = (int) w.outputSize()[1];
            rows = paddedRows(w);
            columns = paddedColumns(w);
            columnStride = channelsLast ? channels : 1;
            rowStride = columns * columnStride;
            channelStride = channelsLast ? 1 : rows * columns;
            inChannelStride = input.stride(1);
            inRowStride = input.stride(2);
            tapsPerPosition = dense ? channels : 1;
            kernel = kh * kw;
            offsets = new int[kernel * tapsPerPosition];
            for (int ky = 0, t = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    for (int c = 0; c < tapsPerPosition; c++, t++) {
                        offsets[t] = ky * dh * rowStride + kx * dw * columnStride + c * channelStride;
                    }
                }
            }
        }

        /** The padded image reaches as far as the farthest tap reads, past the padding after the input if need be. */
        static int paddedRows(Window w) {
            long[] p = w.padding();
            return (int) Math.max(p[0] + w.inputSize()[0],
                    (w.outputSize()[0] - 1) * w.stride()[0] + (w.kernel()[0] - 1) * w.dilation()[0] + 1);
        }

        static int paddedColumns(Window w) {
            long[] p = w.padding();
            return (int) Math.max(p[1] + w.inputSize()[1],
                    (w.outputSize()[1] - 1) * w.stride()[1] + (w.kernel()[1] - 1) * w.dilation()[1] + 1);
        }

        /** Floats of one input image, contiguous in either layout. */
        int imageSize() {
            return channels * ih * iw;
        }

        int paddedSize() {
            return rows * columns * channels;
        }

        /** Floats of packed weights per tap: whole vectors of output channels. */
        int tapWidth() {
            return vectors * L;
        }

    }

    /**
     * Packs the weights into {@code packed} from element {@code start} as {@code [tap][output channel]},
     * each tap's row padded with zeros to whole vectors, then the biases likewise.
     */
    private static void packWeights(Tensor weight, Tensor bias, Layer layer, float[] packed, int start) {
        MemorySegment src = CpuElementwise.seg(weight);
        int width = layer.tapWidth();
        int taps = layer.offsets.length;
        for (int o = 0; o < layer.outChannels; o++) {
            for (int c = 0; c < layer.tapsPerPosition; c++) {
                for (int k = 0; k < layer.kernel; k++) {
                    packed[start + (k * layer.tapsPerPosition + c) * width + o] = src.getAtIndex(F32,
                            weight.offset() + ((long) o * layer.tapsPerPosition + c) * layer.kernel + k);
                }
            }
        }
        if (bias != null) {
            MemorySegment.copy(CpuElementwise.seg(bias), F32, bias.offset() * Float.BYTES, packed,
                    start + taps * width, layer.outChannels);
        }
    }

    /**
     * Pads, computes and stores whole images of one call. The padded image and the weights are Java
     * arrays: the inner loops' reads are then plain array loads (through a memory segment each scalar
     * read also checks the segment's session; measured in one JVM, heap reads took 15 to 20% less; the
     * whole depthwise net, with every access through segments, took twice as long). Each array is used
     * from its first element that starts a line ({@link ArrayAlignment}): the depthwise net at batch
     * 32 took 73-81 us against 78-87 in the same JVMs with the arrays used from element 0.
     */
    private static final class Image {
        private final Layer layer;
        /** Packed weights from {@link #weightStart}, then the biases ({@link #biases} further). */
        private final float[] weights;
        private final int weightStart;
        private final int biases;
        private final int[] offsets;
        private final MemorySegment in;
        private final long inOffset;
        private final long imageStride;
        private final MemorySegment out;
        private final long outOffset;
        private final MemorySegment residual;
        private final long residualOffset;
        /** Whether the blocks clamp their sums (max and min keep NaN, as torch.clamp): no residual comes first. */
        private final boolean clampsInBlock;
        private final float min;
        private final float max;
        /** Whether an image's output is its channels' means over its positions. */
        private final boolean average;

        Image(Layer layer, float[] weights, int weightStart, MemorySegment in, long inOffset, long imageStride,
              MemorySegment out, long outOffset, MemorySegment residual, long residualOffset, Clamp clamp,
              boolean average) {
            this.layer = layer;
            this.weights = weights;
            this.weightStart = weightStart;
            this.biases = layer.offsets.length * layer.tapWidth();
            this.offsets = layer.offsets;
            this.in = in;
            this.inOffset = inOffset;
            this.imageStride = imageStride;
            this.out = out;
            this.outOffset = outOffset;
            this.residual = residual;
            this.residualOffset = residualOffset;
            this.clampsInBlock = !clamp.isNone() && residual == null;
            this.min = (float) clamp.min();
            this.max = (float) clamp.max();
            this.average = average;
        }

        /**
         * Image {@code image}: padded into {@code padded}, summed into {@code sums}
         * ({@code [oh][ow][whole vectors of output channels]}), then stored.
         */
        void compute(long image, float[] padded, int paddedStart, float[] sums, int sumsStart, float[] stage,
                     int stageStart) {
            pad(image, padded, paddedStart, stage, stageStart);
            Layer g = layer;
            int whole = g.ow / POSITIONS * POSITIONS;
            int width = g.tapWidth();
            for (int y = 0; y < g.oh; y++) {
                int rowOrigin = paddedStart + y * g.sh * g.rowStride;
                int row = sumsStart + y * g.ow * width;
                for (int x = 0; x < g.ow; x += x < whole ? POSITIONS : 1) {
                    int origin = rowOrigin + x * g.sw * g.columnStride;
                    for (int v = 0; v < g.vectors; v++) {
                        int at = row + x * width + v * L;
                        if (x >= whole) {
                            single(padded, origin, v, sums, at);
                        } else if (!g.dense) {
                            depthwiseBlock(padded, origin, v, sums, at);
                        } else if (v + 1 < g.vectors) {
                            densePair(padded, origin, v++, sums, at);
                        } else {
                            denseBlock(padded, origin, v, sums, at);
                        }
                    }
                }
            }
            store(sums, sumsStart, image);
        }

        /**
         * Copies image {@code image} into the inside of {@code padded} (from {@code paddedStart}), in the
         * input's layout: the image (contiguous in either layout) in one bulk copy into {@code stage} (from
         * {@code stageStart}), then a row at a time in vectors (a copy from native memory per short row
         * cost more than the row). The border is left as it is (zero: cleared once per thread and call).
         */
        private void pad(long image, float[] padded, int paddedStart, float[] stage, int stageStart) {
            Layer g = layer;
            MemorySegment.copy(in, F32, (inOffset + image * imageStride) * Float.BYTES, stage, stageStart,
                    g.imageSize());
            int planes = g.channelsLast ? 1 : g.channels;
            // a channels-last row is W C floats in one run; a plane row W floats
            int run = g.iw * g.columnStride;
            int whole = run / L * L;
            VectorMask<Float> tail = S.indexInRange(whole, run);
            for (int p = 0; p < planes; p++) {
                int from = stageStart + (int) (p * g.inChannelStride);
                int to = paddedStart + p * g.channelStride + g.ph * g.rowStride + g.pw * g.columnStride;
                for (int r = 0; r < g.ih; r++, from += (int) g.inRowStride, to += g.rowStride) {
                    for (int i = 0; i < whole; i += L) {
                        FloatVector.fromArray(S, stage, from + i).intoArray(padded, to + i);
                    }
                    if (whole < run) {
                        FloatVector.fromArray(S, stage, from + whole, tail).intoArray(padded, to + whole, tail);
                    }
                }
            }
        }

        /**
         * Vector {@code v} of a dense layer's output channels at {@value #POSITIONS} positions from padded
         * element {@code origin}, into {@code sums} from {@code at}, a position's vectors apart.
         */
        private void denseBlock(float[] padded, int origin, int v, float[] sums, int at) {
            int width = layer.tapWidth();
            int step = layer.sw * layer.columnStride;
            int[] offsets = this.offsets;
            float[] w = weights;
            int w0 = weightStart + v * L;
            FloatVector b = FloatVector.fromArray(S, w, biases + w0);
            FloatVector a0 = b;
            FloatVector a1 = b;
            FloatVector a2 = b;
            FloatVector a3 = b;
            FloatVector a4 = b;
            FloatVector a5 = b;
            FloatVector a6 = b;
            FloatVector a7 = b;
            for (int t = 0; t < offsets.length; t++) {
                FloatVector k = FloatVector.fromArray(S, w, t * width + w0);
                int p = origin + offsets[t];
                a0 = FloatVector.broadcast(S, padded[p]).fma(k, a0);
                a1 = FloatVector.broadcast(S, padded[p + step]).fma(k, a1);
                a2 = FloatVector.broadcast(S, padded[p + 2 * step]).fma(k, a2);
                a3 = FloatVector.broadcast(S, padded[p + 3 * step]).fma(k, a3);
                a4 = FloatVector.broadcast(S, padded[p + 4 * step]).fma(k, a4);
                a5 = FloatVector.broadcast(S, padded[p + 5 * step]).fma(k, a5);
                a6 = FloatVector.broadcast(S, padded[p + 6 * step]).fma(k, a6);
                a7 = FloatVector.broadcast(S, padded[p + 7 * step]).fma(k, a7);
            }
            if (clampsInBlock) {
                a0 = a0.max(min).min(max);
                a1 = a1.max(min).min(max);
                a2 = a2.max(min).min(max);
                a3 = a3.max(min).min(max);
                a4 = a4.max(min).min(max);
                a5 = a5.max(min).min(max);
                a6 = a6.max(min).min(max);
                a7 = a7.max(min).min(max);
            }
            a0.intoArray(sums, at);
            a1.intoArray(sums, at + width);
            a2.intoArray(sums, at + 2 * width);
            a3.intoArray(sums, at + 3 * width);
            a4.intoArray(sums, at + 4 * width);
            a5.intoArray(sums, at + 5 * width);
            a6.intoArray(sums, at + 6 * width);
            a7.intoArray(sums, at + 7 * width);
        }

        /**
         * Vectors {@code v} and {@code v + 1} of a dense layer's output channels at {@value #POSITIONS}
         * positions, as {@link #denseBlock}: each input element broadcast once for both.
         */
        private void densePair(float[] padded, int origin, int v, float[] sums, int at) {
            int width = layer.tapWidth();
            int step = layer.sw * layer.columnStride;
            int[] offsets = this.offsets;
            float[] w = weights;
            int w0 = weightStart + v * L;
            FloatVector b = FloatVector.fromArray(S, w, biases + w0);
            FloatVector c = FloatVector.fromArray(S, w, biases + w0 + L);
            FloatVector a0 = b;
            FloatVector a1 = b;
            FloatVector a2 = b;
            FloatVector a3 = b;
            FloatVector a4 = b;
            FloatVector a5 = b;
            FloatVector a6 = b;
            FloatVector a7 = b;
            FloatVector c0 = c;
            FloatVector c1 = c;
            FloatVector c2 = c;
            FloatVector c3 = c;
            FloatVector c4 = c;
            FloatVector c5 = c;
            FloatVector c6 = c;
            FloatVector c7 = c;
            for (int t = 0; t < offsets.length; t++) {
                FloatVector k = FloatVector.fromArray(S, w, t * width + w0);
                FloatVector j = FloatVector.fromArray(S, w, t * width + w0 + L);
                int p = origin + offsets[t];
                FloatVector x = FloatVector.broadcast(S, padded[p]);
                a0 = x.fma(k, a0);
                c0 = x.fma(j, c0);
                x = FloatVector.broadcast(S, padded[p + step]);
                a1 = x.fma(k, a1);
                c1 = x.fma(j, c1);
                x = FloatVector.broadcast(S, padded[p + 2 * step]);
                a2 = x.fma(k, a2);
                c2 = x.fma(j, c2);
                x = FloatVector.broadcast(S, padded[p + 3 * step]);
                a3 = x.fma(k, a3);
                c3 = x.fma(j, c3);
                x = FloatVector.broadcast(S, padded[p + 4 * step]);
                a4 = x.fma(k, a4);
                c4 = x.fma(j, c4);
                x = FloatVector.broadcast(S, padded[p + 5 * step]);
                a5 = x.fma(k, a5);
                c5 = x.fma(j, c5);
                x = FloatVector.broadcast(S, padded[p + 6 * step]);
                a6 = x.fma(k, a6);
                c6 = x.fma(j, c6);
                x = FloatVector.broadcast(S, padded[p + 7 * step]);
                a7 = x.fma(k, a7);
                c7 = x.fma(j, c7);
            }
            if (clampsInBlock) {
                a0 = a0.max(min).min(max);
                a1 = a1.max(min).min(max);
                a2 = a2.max(min).min(max);
                a3 = a3.max(min).min(max);
                a4 = a4.max(min).min(max);
                a5 = a5.max(min).min(max);
                a6 = a6.max(min).min(max);
                a7 = a7.max(min).min(max);
                c0 = c0.max(min).min(max);
                c1 = c1.max(min).min(max);
                c2 = c2.max(min).min(max);
                c3 = c3.max(min).min(max);
                c4 = c4.max(min).min(max);
                c5 = c5.max(min).min(max);
                c6 = c6.max(min).min(max);
                c7 = c7.max(min).min(max);
            }
            a0.intoArray(sums, at);
            c0.intoArray(sums, at + L);
            a1.intoArray(sums, at + width);
            c1.intoArray(sums, at + width + L);
            a2.intoArray(sums, at + 2 * width);
            c2.intoArray(sums, at + 2 * width + L);
            a3.intoArray(sums, at + 3 * width);
            c3.intoArray(sums, at + 3 * width + L);
            a4.intoArray(sums, at + 4 * width);
            c4.intoArray(sums, at + 4 * width + L);
            a5.intoArray(sums, at + 5 * width);
            c5.intoArray(sums, at + 5 * width + L);
            a6.intoArray(sums, at + 6 * width);
            c6.intoArray(sums, at + 6 * width + L);
            a7.intoArray(sums, at + 7 * width);
            c7.intoArray(sums, at + 7 * width + L);
        }

        /**
         * Vector {@code v} of a depthwise layer's channels at {@value #POSITIONS} positions from padded
         * element {@code origin}, as {@link #denseBlock}. The padded image ends with a vector of slack, so
         * a partial vector of channels loads whole.
         */
        private void depthwiseBlock(float[] padded, int origin, int v, float[] sums, int at) {
            int width = layer.tapWidth();
            int step = layer.sw * layer.columnStride;
            int[] offsets = this.offsets;
            float[] w = weights;
            int k0 = v * L;
            int w0 = weightStart + k0;
            FloatVector b = FloatVector.fromArray(S, w, biases + w0);
            FloatVector a0 = b;
            FloatVector a1 = b;
            FloatVector a2 = b;
            FloatVector a3 = b;
            FloatVector a4 = b;
            FloatVector a5 = b;
            FloatVector a6 = b;
            FloatVector a7 = b;
            for (int t = 0; t < offsets.length; t++) {
                FloatVector k = FloatVector.fromArray(S, w, t * width + w0);
                int p = origin + offsets[t] + k0;
                a0 = FloatVector.fromArray(S, padded, p).fma(k, a0);
                a1 = FloatVector.fromArray(S, padded, p + step).fma(k, a1);
                a2 = FloatVector.fromArray(S, padded, p + 2 * step).fma(k, a2);
                a3 = FloatVector.fromArray(S, padded, p + 3 * step).fma(k, a3);
                a4 = FloatVector.fromArray(S, padded, p + 4 * step).fma(k, a4);
                a5 = FloatVector.fromArray(S, padded, p + 5 * step).fma(k, a5);
                a6 = FloatVector.fromArray(S, padded, p + 6 * step).fma(k, a6);
                a7 = FloatVector.fromArray(S, padded, p + 7 * step).fma(k, a7);
            }
            if (clampsInBlock) {
                a0 = a0.max(min).min(max);
                a1 = a1.max(min).min(max);
                a2 = a2.max(min).min(max);
                a3 = a3.max(min).min(max);
                a4 = a4.max(min).min(max);
                a5 = a5.max(min).min(max);
                a6 = a6.max(min).min(max);
                a7 = a7.max(min).min(max);
            }
            a0.intoArray(sums, at);
            a1.intoArray(sums, at + width);
            a2.intoArray(sums, at + 2 * width);
            a3.intoArray(sums, at + 3 * width);
            a4.intoArray(sums, at + 4 * width);
            a5.intoArray(sums, at + 5 * width);
            a6.intoArray(sums, at + 6 * width);
            a7.intoArray(sums, at + 7 * width);
        }

        /** Vector {@code v} of output channels at the one position from padded element {@code origin}, as {@link #denseBlock}. */
        private void single(float[] padded, int origin, int v, float[] sums, int at) {
            int width = layer.tapWidth();
            int k0 = v * L;
            int w0 = weightStart + k0;
            FloatVector a = FloatVector.fromArray(S, weights, biases + w0);
            for (int t = 0; t < offsets.length; t++) {
                FloatVector k = FloatVector.fromArray(S, weights, t * width + w0);
                int p = origin + offsets[t];
                FloatVector x = layer.dense ? FloatVector.broadcast(S, padded[p])
                        : FloatVector.fromArray(S, padded, p + k0);
                a = x.fma(k, a);
            }
            if (clampsInBlock) {
                a = a.max(min).min(max);
            }
            a.intoArray(sums, at);
        }

        /**
         * Stores image {@code image}'s sums (from {@code start}, each position's channels a whole number
         * of vectors apart), with the residual, if any, added and clamped; or their means.
         */
        private void store(float[] sums, int start, long image) {
            Layer g = layer;
            int count = g.oh * g.ow * g.outChannels;
            int width = g.tapWidth();
            if (width != g.outChannels) {
                // close up the lanes past the last channel: position i's channels to i * O
                for (int i = 1; i < g.oh * g.ow; i++) {
                    System.arraycopy(sums, start + i * width, sums, start + i * g.outChannels, g.outChannels);
                }
            }
            if (residual != null) {
                long from = residualOffset + image * count;
                int i = 0;
                for (; i + L <= count; i += L) {
                    FloatVector a = FloatVector.fromArray(S, sums, start + i)
                            .add(FloatVector.fromMemorySegment(S, residual, (from + i) * Float.BYTES, ORDER));
                    // max and min keep NaN, as torch.clamp
                    a.max(min).min(max).intoArray(sums, start + i);
                }
                for (; i < count; i++) {
                    float a = sums[start + i] + residual.getAtIndex(F32, from + i);
                    sums[start + i] = Math.min(Math.max(a, min), max);
                }
            }
            if (average) {
                average(sums, start, outOffset + image * g.outChannels);
            } else {
                MemorySegment.copy(sums, start, out, F32, (outOffset + image * count) * Float.BYTES, count);
            }
        }

        /**
         * Writes at output element {@code at} each channel's mean over the image's positions, from its
         * stored values ({@code [positions][O]} from {@code start}); four partial sums per vector of
         * channels, as one chain of additions would wait on each one's latency.
         */
        private void average(float[] values, int start, long at) {
            int channels = layer.outChannels;
            int positions = layer.oh * layer.ow;
            int whole = positions / 4 * 4;
            for (int c = 0; c < channels; c += L) {
                VectorMask<Float> lanes = S.indexInRange(c, channels);
                FloatVector a = FloatVector.zero(S);
                FloatVector b = a;
                FloatVector d = a;
                FloatVector e = a;
                int i = 0;
                for (; i < whole; i += 4) {
                    a = a.add(FloatVector.fromArray(S, values, start + i * channels + c, lanes));
                    b = b.add(FloatVector.fromArray(S, values, start + (i + 1) * channels + c, lanes));
                    d = d.add(FloatVector.fromArray(S, values, start + (i + 2) * channels + c, lanes));
                    e = e.add(FloatVector.fromArray(S, values, start + (i + 3) * channels + c, lanes));
                }
                for (; i < positions; i++) {
                    a = a.add(FloatVector.fromArray(S, values, start + i * channels + c, lanes));
                }
                a.add(b).add(d.add(e)).div((float) positions).intoMemorySegment(out, (at + c) * Float.BYTES, ORDER,
                        lanes);
            }
        }
    }
}
