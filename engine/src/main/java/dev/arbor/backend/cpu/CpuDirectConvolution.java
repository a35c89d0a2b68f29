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
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 1-d and 2-d convolution straight from the image, for the dense layers with few output
 * channels and the depthwise layers that small imported CNNs are made of: there im2col writes the
 * image kernel-size times over and the product has too few rows for the packed GEMM kernel to pay for
 * its packing.
 *
 * <p>The input is first copied with its zero borders, split into {@code stride * stride} phase planes
 * (rows and columns of one remainder modulo the stride), so that every kernel tap of every output
 * position reads at a fixed offset from the position, whatever the stride and dilation. Output
 * positions are then computed in vectors along the flattened plane whose row pitch is the phase plane's
 * width: a vector spans several short rows, and the few columns past each row's end are computed and
 * never stored. No tap needs a bounds test or a mask. The bias starts each sum and the {@link Clamp}
 * is applied before the rows are copied out, so a following ReLU costs no pass of its own.
 */
final class CpuDirectConvolution {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /**
     * Output channels of a dense tile: eight weights broadcast against each pair of input vectors, so
     * sixteen independent sums hide the multiply-add latency (four channels reached 60 GMAC/s a
     * thread on a 16x16 layer, eight 87).
     */
    private static final int BLOCK = 8;
    /**
     * Zeros after the last padded plane: a vector that starts at an output row's last column reads up
     * to {@code L - 1} floats past the row, and so past the last plane.
     */
    private static final int READ_SLACK = L;
    /** Mask bits of lanes 0, 2, 4, ... */
    private static final long EVEN_LANES = 0x5555_5555_5555_5555L & bits(0, L);
    /**
     * Above this many output channels the product's rows fill the packed kernel, which then holds its
     * own. Measured one thread, 3x3: batch 32, 32 to 64 channels on 16x16 1900 us against 3010 for
     * im2col and the product, 64 to 64 on 8x8 1282 against 1844; batch 1, 128 to 128 on 28x28 even
     * (1672 against 1636), 256 to 256 on 7x7 708 against 645.
     */
    private static final long MAX_OUT_CHANNELS = 64;
    /** Floats of padded input per chunk of images (4 MiB; at least one image). */
    private static final long PADDED_BUDGET = 1 << 20;
    /** Padded floats per parallel task of the copy below which it stays on one thread. */
    private static final long PAD_GRAIN = 1 << 15;
    /**
     * Flattened output positions per task at most, so a large image still splits across threads and a
     * tile's sums (eight channels of a segment) stay within 64 KiB.
     */
    private static final int SEGMENT = 2048;
    /**
     * Multiply-adds per parallel task below which a loop stays on one thread. Waking a worker costs tens
     * of microseconds on a small VM: with 2^16 the ResNet-style net at batch 1 took 412 us on two threads
     * against 112 on one; with 2^19, 112 on both.
     */
    private static final long GRAIN = 1 << 19;
    /** This thread's padded images, blocked weights and unpadded images, reused from call to call. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);
    /** Each worker's sums of one tile's row segment, before they are stored. */
    private static final ThreadLocal<float[][]> SUMS = ThreadLocal.withInitial(() -> new float[1][0]);

    private CpuDirectConvolution() {}

    /** {@return whether {@link #convolve} handles these shapes, and is then the faster way} */
    static boolean accepts(Tensor input, Tensor weight, Window w) {
        return input.dtype() == DType.FLOAT32 && weight.dtype() == DType.FLOAT32 && w.dims() <= 2
                && weight.size(1) == input.size(1) && weight.size(0) <= MAX_OUT_CHANNELS && fits(input, w);
    }

    /** {@return whether {@link #depthwise} handles these shapes} */
    static boolean acceptsDepthwise(Tensor input, Tensor weight, Window w) {
        return input.dtype() == DType.FLOAT32 && weight.dtype() == DType.FLOAT32 && w.dims() <= 2 && fits(input, w);
    }

    /** Whether there is output, and a chunk's padded copy fits one Java array. */
    private static boolean fits(Tensor input, Window w) {
        return w.outputVolume() > 0 && input.size(1) * Geometry.of(w).channelSize() < Integer.MAX_VALUE / 2;
    }

    /**
     * {@code output = clamp(conv(input, weight) + bias + residual)}; all contiguous, shapes as
     * {@link #accepts} took.
     *
     * @param input    {@code [N, C, *in]}
     * @param weight   {@code [O, C, *kernel]}
     * @param bias     {@code [O]}, or null for none
     * @param w        the window
     * @param residual {@code [N, O, *out]}, or null for none
     * @param clamp    the bounds of the output
     * @param output   {@code [N, O, *out]}, every element written
     */
    static void convolve(Tensor input, Tensor weight, Tensor bias, Window w, Tensor residual, Clamp clamp,
                         Tensor output) {
        int channels = (int) input.size(1);
        int outChannels = (int) weight.size(0);
        Geometry g = Geometry.of(w);
        float[][] scratch = SCRATCH.get();
        float[] blocked = blockedWeights(scratch, CpuElementwise.seg(weight), weight.offset(), channels * g.taps(),
                outChannels);
        int[] offsets = tapOffsets(g, channels);
        float[] biases = biases(bias, outChannels);
        int blocks = Math.ceilDiv(outChannels, BLOCK);
        run(input, output, g, residual, clamp, scratch, blocks, (long) BLOCK * offsets.length,
                (padded, image, block, y0, stores, sums) -> dense(padded, image, blocked, offsets, biases, block, y0,
                        stores, sums), block -> Math.min(BLOCK, outChannels - block * BLOCK), block -> block * BLOCK);
    }

    /**
     * The depthwise convolution: output channel {@code o} of {@code [N, C * m, *out]} is input channel
     * {@code o / m} convolved with {@code weight[o, 0]}, plus {@code bias[o]} and the residual, clamped;
     * all contiguous.
     *
     * @param input    {@code [N, C, *in]}
     * @param weight   {@code [C * m, 1, *kernel]}
     * @param bias     {@code [C * m]}, or null for none
     * @param w        the window
     * @param residual {@code [N, C * m, *out]}, or null for none
     * @param clamp    the bounds of the output
     * @param output   {@code [N, C * m, *out]}, every element written
     */
    static void depthwise(Tensor input, Tensor weight, Tensor bias, Window w, Tensor residual, Clamp clamp,
                          Tensor output) {
        int channels = (int) input.size(1);
        int outChannels = (int) weight.size(0);
        int multiplier = outChannels / channels;
        Geometry g = Geometry.of(w);
        int[] offsets = tapOffsets(g, 1);
        float[] weights = new float[outChannels * offsets.length];
        MemorySegment.copy(CpuElementwise.seg(weight), F32, weight.offset() * Float.BYTES, weights, 0, weights.length);
        float[] biases = biases(bias, outChannels);
        run(input, output, g, residual, clamp, SCRATCH.get(), outChannels, offsets.length,
                (padded, image, o, y0, stores, sums) -> depthwiseRows(padded, image + o / multiplier
                        * g.channelSize(), weights, o * offsets.length, offsets, biases[o], y0, stores, sums), o -> 1,
                o -> o);
    }

    /** Computes the sums of one tile's output channels for the row segment that starts at row {@code y0}. */
    private interface TileRows {
        void compute(float[] padded, int image, int tile, int y0, Stores stores, float[] sums);
    }

    /** Maps a tile to a number of output channels, or to its first one. */
    private interface TileChannels {
        int of(int tile);
    }

    /**
     * Pads chunks of images and computes their output in parallel tasks of (image, row segment, tile).
     *
     * @param tiles       output-channel tiles per image
     * @param tapsPerTile multiply-adds per output position of a tile, for the parallel grain
     */
    private static void run(Tensor input, Tensor output, Geometry g, Tensor residual, Clamp clamp, float[][] scratch,
                            int tiles, long tapsPerTile, TileRows rows, TileChannels channelsOf,
                            TileChannels firstOf) {
        int n = (int) input.size(0);
        int channels = (int) input.size(1);
        int outChannels = (int) output.size(1);
        int rowsPerSegment = Math.max(1, Math.min(g.oh, SEGMENT / g.pitch));
        int segments = Math.ceilDiv(g.oh, rowsPerSegment);
        long taskWork = tapsPerTile * rowsPerSegment * g.pitch;
        MemorySegment src = CpuElementwise.seg(input);
        Stores stores = new Stores(output, residual, g, rowsPerSegment, clamp);
        long inVolume = (long) g.ih * g.iw;
        long outVolume = (long) g.oh * g.ow;
        // images in chunks, so the padded copy this thread keeps stays small
        int chunk = (int) Math.max(1, Math.min(n, PADDED_BUDGET / ((long) channels * g.channelSize())));
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int images = Math.min(chunk, n - n0);
            float[] padded = pad(scratch, src, input.offset() + (long) n0 * channels * inVolume, images, channels, g);
            long outBase = output.offset() + (long) n0 * outChannels * outVolume;
            CpuParallel.forRange((long) images * segments * tiles, Math.max(1, GRAIN / Math.max(1, taskWork)),
                    (from, to) -> {
                        float[] sums = tileSums(stores.sumsSize());
                        for (long task = from; task < to; task++) {
                            int tile = (int) (task % tiles);
                            int segment = (int) (task / tiles % segments);
                            int image = (int) (task / tiles / segments);
                            int y0 = segment * rowsPerSegment;
                            rows.compute(padded, image * channels * g.channelSize(), tile, y0, stores, sums);
                            long at = outBase + ((long) image * outChannels + firstOf.of(tile)) * outVolume;
                            stores.put(sums, channelsOf.of(tile), y0, at, outVolume);
                        }
                    });
        }
    }

    private static float[] tileSums(int size) {
        float[][] holder = SUMS.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /**
     * The sizes of one call. A channel of the padded copy is {@code phases} planes of
     * {@code planeRows x pitch}; tap {@code (ky, kx)} of output {@code (y, x)} reads padded element
     * {@code (y * sh + ky * dh, x * sw + kx * dw)}, which lies in phase plane
     * {@code ((ky * dh) % sh, (kx * dw) % sw)} at row {@code y + ky * dh / sh}, column {@code x + kx * dw / sw}.
     * The padded image reaches as far as the farthest tap reads, so padding after the input may exceed
     * the padding before it (PyTorch's {@code "same"} with an even kernel).
     */
    private record Geometry(int ih, int iw, int kh, int kw, int sh, int sw, int dh, int dw, int ph, int pw,
                            int oh, int ow, int planeRows, int pitch) {
        static Geometry of(Window w) {
            // a 1-d window is a 2-d one of height 1
            int d = w.dims() - 1;
            int ih = d == 1 ? (int) w.inputSize()[0] : 1;
            int kh = d == 1 ? (int) w.kernel()[0] : 1;
            int sh = d == 1 ? (int) w.stride()[0] : 1;
            int dh = d == 1 ? (int) w.dilation()[0] : 1;
            int ph = d == 1 ? (int) w.padding()[0] : 0;
            int oh = d == 1 ? (int) w.outputSize()[0] : 1;
            int iw = (int) w.inputSize()[d];
            int kw = (int) w.kernel()[d];
            int sw = (int) w.stride()[d];
            int dw = (int) w.dilation()[d];
            int pw = (int) w.padding()[d];
            int ow = (int) w.outputSize()[d];
            int paddedRows = Math.max(ph + ih, (oh - 1) * sh + (kh - 1) * dh + 1);
            int paddedColumns = Math.max(pw + iw, (ow - 1) * sw + (kw - 1) * dw + 1);
            return new Geometry(ih, iw, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow, Math.ceilDiv(paddedRows, sh),
                    Math.ceilDiv(paddedColumns, sw));
        }

        int planeSize() {
            return planeRows * pitch;
        }

        /** Floats per padded channel: its phase planes. */
        int channelSize() {
            return sh * sw * planeSize();
        }

        int taps() {
            return kh * kw;
        }

        /** One past the last flattened position of output rows up to {@code y1}. */
        int last(int y1) {
            return (y1 - 1) * pitch + ow;
        }

        /** Whether any tap reads phase plane {@code (py, px)} (a 1x1 kernel with stride 2 reads one of four). */
        boolean reads(int py, int px) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    if (ky * dh % sh == py && kx * dw % sw == px) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * The vectors of output positions each row segment computes, and how their sums reach the output.
     * Row segments are {@code rowsPerSegment} output rows. When each output row fits its vectors well (a
     * 16-wide row, one 16-lane vector) vectors start at each row; otherwise (8-wide rows) they run every
     * {@code L} flattened positions through the segment, a vector spanning several short rows. Either
     * way a channel's sums hold its rows at a fixed pitch; they are closed up, the residual added, clamped
     * and copied to the output in one bulk copy, which costs less than a (masked) vector store per row
     * piece.
     */
    private static final class Stores {
        private final MemorySegment out;
        /** The residual's memory, or null; its element {@code i + residualShift} goes with output element {@code i}. */
        private final MemorySegment residual;
        private final long residualShift;
        private final float min;
        private final float max;
        private final boolean clamps;
        private final int rowsPerSegment;
        private final int oh;
        private final int ow;
        /** Floats from one output row's first column to the next row's in a channel's sums. */
        private final int rowPitch;
        /** For each segment, the index of its first vector; then the number of vectors. */
        private final int[] firstVector;
        /** The most vectors of one segment: a tile's sums hold each channel's this far apart. */
        private final int maxVectors;
        /** For each vector, its first flattened position. */
        private final int[] start;

        Stores(Tensor output, Tensor residual, Geometry g, int rowsPerSegment, Clamp clamp) {
            this.out = CpuElementwise.seg(output);
            this.residual = residual == null ? null : CpuElementwise.seg(residual);
            this.residualShift = residual == null ? 0 : residual.offset() - output.offset();
            this.min = (float) clamp.min();
            this.max = (float) clamp.max();
            this.clamps = !clamp.isNone();
            this.rowsPerSegment = rowsPerSegment;
            this.oh = g.oh;
            this.ow = g.ow;
            int perRow = Math.ceilDiv(g.ow, L);
            boolean byRow = (long) g.oh * perRow <= Math.ceilDiv(g.last(g.oh), L);
            this.rowPitch = byRow ? perRow * L : g.pitch;
            int segments = Math.ceilDiv(g.oh, rowsPerSegment);
            firstVector = new int[segments + 1];
            int vectors = 0;
            int most = 0;
            for (int s = 0; s < segments; s++) {
                firstVector[s] = vectors;
                int y0 = s * rowsPerSegment;
                int y1 = Math.min(g.oh, y0 + rowsPerSegment);
                int count = byRow ? (y1 - y0) * perRow : Math.ceilDiv(g.last(y1) - y0 * g.pitch, L);
                vectors += count;
                most = Math.max(most, count);
            }
            firstVector[segments] = vectors;
            maxVectors = most;
            start = new int[vectors];
            for (int s = 0, v = 0; s < segments; s++) {
                int y0 = s * rowsPerSegment;
                int y1 = Math.min(g.oh, y0 + rowsPerSegment);
                if (byRow) {
                    for (int y = y0; y < y1; y++) {
                        for (int x = 0; x < g.ow; x += L) {
                            start[v++] = y * g.pitch + x;
                        }
                    }
                } else {
                    for (int p = y0 * g.pitch; v < firstVector[s + 1]; p += L) {
                        start[v++] = p;
                    }
                }
            }
        }

        /** {@return the index of the first vector of the segment that starts at output row {@code y0}} */
        int firstVector(int y0) {
            return firstVector[y0 / rowsPerSegment];
        }

        /** {@return one past the index of the last vector of the segment that starts at output row {@code y0}} */
        int endVector(int y0) {
            return firstVector[y0 / rowsPerSegment + 1];
        }

        /** {@return each vector's first flattened position} */
        int[] starts() {
            return start;
        }

        /** {@return the floats of one tile's sums: {@code BLOCK} channels of a segment's vectors} */
        int sumsSize() {
            return BLOCK * maxVectors * L;
        }

        /** {@return where vector {@code k} of a segment of channel {@code j} of a tile lies in its sums} */
        int sumAt(int j, int k) {
            return (j * maxVectors + k) * L;
        }

        /**
         * Stores a tile's sums of the row segment that starts at row {@code y0}, for {@code channels}
         * output channels (at {@link #sumAt}), the first at output element {@code at} and the others
         * {@code volume} apart, with the residual added and clamped.
         */
        void put(float[] sums, int channels, int y0, long at, long volume) {
            int rows = Math.min(oh, y0 + rowsPerSegment) - y0;
            for (int j = 0; j < channels; j++) {
                int base = sumAt(j, 0);
                if (rowPitch != ow) {
                    for (int r = 1; r < rows; r++) {
                        System.arraycopy(sums, base + r * rowPitch, sums, base + r * ow, ow);
                    }
                }
                long to = at + j * volume + (long) y0 * ow;
                if (residual != null) {
                    addResidual(sums, base, rows * ow, residual, to + residualShift);
                }
                if (clamps) {
                    clamp(sums, base, rows * ow, min, max);
                }
                MemorySegment.copy(sums, base, out, F32, to * Float.BYTES, rows * ow);
            }
        }
    }

    /** Adds {@code length} floats of {@code residual} from element {@code at} to {@code a[from, from + length)}. */
    private static void addResidual(float[] a, int from, int length, MemorySegment residual, long at) {
        int i = 0;
        for (; i + L <= length; i += L) {
            FloatVector.fromArray(S, a, from + i).add(FloatVector.fromMemorySegment(S, residual,
                    (at + i) * Float.BYTES, ORDER)).intoArray(a, from + i);
        }
        for (; i < length; i++) {
            a[from + i] += residual.getAtIndex(F32, at + i);
        }
    }

    /**
     * Clamps {@code a[from, from + length)} in place, in whole vectors (the slack past the end is the
     * caller's scratch). Compare and blend rather than max/min: NaN stays NaN, as in torch.clamp.
     */
    private static void clamp(float[] a, int from, int length, float min, float max) {
        for (int i = from; i < from + length; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, i);
            FloatVector low = x.blend(min, x.compare(VectorOperators.LT, min));
            low.blend(max, low.compare(VectorOperators.GT, max)).intoArray(a, i);
        }
    }

    /**
     * The images with zero borders, each channel split into its phase planes, and a tile's worth of
     * slack after the last for the vector reads of the last positions (whose results are dropped).
     */
    private static float[] pad(float[][] scratch, MemorySegment src, long base, int n, int channels, Geometry g) {
        int size = n * channels * g.channelSize() + READ_SLACK;
        if (scratch[0].length < size) {
            scratch[0] = new float[size];
        }
        float[] padded = scratch[0];
        Arrays.fill(padded, n * channels * g.channelSize(), size, 0f);
        if (g.sh == 1 && g.sw == 1 && g.channelSize() == g.ih * g.iw) {
            // one phase plane and no border (a 1x1 kernel, or a window inside the input): the layout is
            // the input's, one bulk copy instead of a copy per row
            MemorySegment.copy(src, F32, base * Float.BYTES, padded, 0, n * channels * g.channelSize());
            return padded;
        }
        boolean[] read = new boolean[g.sh * g.sw];
        for (int phase = 0; phase < read.length; phase++) {
            read[phase] = g.reads(phase / g.sw, phase % g.sw);
        }
        int volume = g.ih * g.iw;
        float[] images = g.sw <= 2 ? null : imagesArray(scratch, n * channels * volume);
        // planes in parallel: at batch 32 the copy is a fifth of a small layer's time
        CpuParallel.forRange((long) n * channels, Math.max(1, PAD_GRAIN / g.channelSize()), (from, to) -> {
            int first = (int) from;
            int count = (int) (to - from);
            Arrays.fill(padded, first * g.channelSize(), (first + count) * g.channelSize(), 0f);
            if (images == null) {
                for (int p = first; p < first + count; p++) {
                    long at = (base + (long) p * volume) * Float.BYTES;
                    if (g.sw == 1) {
                        padRows(src, at, padded, p * g.channelSize(), read, g);
                    } else {
                        padColumnPairs(src, at, padded, p * g.channelSize(), read, g);
                    }
                }
                return;
            }
            MemorySegment.copy(src, F32, (base + (long) first * volume) * Float.BYTES, images, first * volume,
                    count * volume);
            for (int p = first; p < first + count; p++) {
                padColumnPhases(images, p * volume, padded, p * g.channelSize(), read, g);
            }
        });
        return padded;
    }

    private static float[] imagesArray(float[][] scratch, int size) {
        if (scratch[2].length < size) {
            scratch[2] = new float[size];
        }
        return scratch[2];
    }

    /**
     * One channel, stride 1 along rows, into its row phase planes at {@code channelAt}: each padded row
     * written whole, in vectors whose lanes outside the input row load zero.
     */
    private static void padRows(MemorySegment src, long channelByte, float[] padded, int channelAt, boolean[] read,
                                Geometry g) {
        int full = g.iw / L * L;
        long tail = bits(0, g.iw - full);
        for (int py = 0, planeAt = channelAt; py < g.sh; py++, planeAt += g.planeSize()) {
            if (!read[py]) {
                continue;
            }
            for (int row = 0, rowAt = planeAt + g.pw, r = py - g.ph; row < g.planeRows; row++, rowAt += g.pitch,
                    r += g.sh) {
                if (r < 0 || r >= g.ih) {
                    continue;
                }
                long from = channelByte + (long) r * g.iw * Float.BYTES;
                for (int j = 0; j < full; j += L) {
                    FloatVector.fromMemorySegment(S, src, from + (long) j * Float.BYTES, ORDER).intoArray(padded,
                            rowAt + j);
                }
                if (full < g.iw) {
                    VectorMask<Float> m = VectorMask.fromLong(S, tail);
                    FloatVector.fromMemorySegment(S, src, from + (long) full * Float.BYTES, ORDER, m).intoArray(padded,
                            rowAt + full, m);
                }
            }
        }
    }

    /**
     * One channel, stride 2 along rows, into its phase planes at {@code channelAt} (zeroed before): each
     * input row loaded in vectors whose even and odd columns are compressed into their two phase planes.
     */
    private static void padColumnPairs(MemorySegment src, long channelByte, float[] padded, int channelAt,
                                       boolean[] read, Geometry g) {
        int plane = g.planeSize();
        for (int phase = 0, planeAt = channelAt; phase < 2 * g.sh; phase++, planeAt += plane) {
            int py = phase / 2;
            int px = phase % 2;
            if (!read[phase]) {
                continue;
            }
            // chunks start at even columns: the columns of phase px are lanes first, first + 2, ...
            int first = (px - g.pw) & 1;
            long parity = first == 0 ? EVEN_LANES : EVEN_LANES << 1;
            // rows in plane order, without a division per row
            for (int row = 0, rowAt = planeAt, r = py - g.ph; row < g.planeRows; row++, rowAt += g.pitch,
                    r += g.sh) {
                if (r < 0 || r >= g.ih) {
                    continue;
                }
                long from = channelByte + (long) r * g.iw * Float.BYTES;
                for (int c = 0; c < g.iw; c += L) {
                    long loaded = bits(0, Math.min(L, g.iw - c));
                    long picked = parity & loaded;
                    FloatVector.fromMemorySegment(S, src, from + (long) c * Float.BYTES, ORDER,
                            VectorMask.fromLong(S, loaded)).compress(VectorMask.fromLong(S, picked))
                            .intoArray(padded, rowAt + (c + first + g.pw) / 2,
                                    VectorMask.fromLong(S, bits(0, Long.bitCount(picked))));
                }
            }
        }
    }

    /** Mask bits of lanes {@code [lo, hi)}. */
    private static long bits(int lo, int hi) {
        return (hi - lo == 64 ? -1L : (1L << (hi - lo)) - 1) << lo;
    }

    /** One channel's rows, strided by 3 or more along columns, into its phase planes at {@code channelAt} (zeroed before). */
    private static void padColumnPhases(float[] images, int planeAt, float[] padded, int channelAt, boolean[] read,
                                        Geometry g) {
        int plane = g.planeSize();
        for (int r = 0; r < g.ih; r++) {
            int pr = r + g.ph;
            int from = planeAt + r * g.iw;
            int rowAt = channelAt + (pr % g.sh) * g.sw * plane + (pr / g.sh) * g.pitch;
            for (int px = 0; px < g.sw; px++) {
                if (!read[pr % g.sh * g.sw + px]) {
                    continue;
                }
                // the input columns landing in phase column px, in order
                int c = Math.floorMod(px - g.pw, g.sw);
                for (int to = rowAt + px * plane + (c + g.pw) / g.sw; c < g.iw; c += g.sw, to++) {
                    padded[to] = images[from + c];
                }
            }
        }
    }

    /** For each tap {@code (c, ky, kx)} of {@code channels} input channels, its read offset from a position's. */
    private static int[] tapOffsets(Geometry g, int channels) {
        int[] offsets = new int[channels * g.taps()];
        int plane = g.planeSize();
        for (int c = 0, t = 0; c < channels; c++) {
            for (int ky = 0; ky < g.kh; ky++) {
                for (int kx = 0; kx < g.kw; kx++, t++) {
                    int y = ky * g.dh;
                    int x = kx * g.dw;
                    int phase = (y % g.sh) * g.sw + x % g.sw;
                    offsets[t] = c * g.channelSize() + phase * plane + (y / g.sh) * g.pitch + x / g.sw;
                }
            }
        }
        return offsets;
    }

    /**
     * The weights as {@code [block][tap][BLOCK]}: a block's output channels side by side for each tap
     * {@code (c * kh + ky) * kw + kx}, output channels rounded up to whole blocks (the extra ones zero).
     */
    private static float[] blockedWeights(float[][] scratch, MemorySegment src, long base, int taps, int outChannels) {
        int blocks = Math.ceilDiv(outChannels, BLOCK);
        int size = blocks * taps * BLOCK;
        if (scratch[1].length < size) {
            scratch[1] = new float[size];
        }
        float[] blocked = scratch[1];
        Arrays.fill(blocked, 0, size, 0f);
        for (int o = 0; o < outChannels; o++) {
            int at = (o / BLOCK) * taps * BLOCK + o % BLOCK;
            for (int t = 0; t < taps; t++) {
                blocked[at + t * BLOCK] = src.getAtIndex(F32, base + (long) o * taps + t);
            }
        }
        return blocked;
    }

    private static float[] biases(Tensor bias, int outChannels) {
        float[] biases = new float[outChannels + BLOCK];
        if (bias != null) {
            MemorySegment.copy(CpuElementwise.seg(bias), F32, bias.offset() * Float.BYTES, biases, 0, outChannels);
        }
        return biases;
    }

    /**
     * The sums of a block's channels over the row segment that starts at row {@code y0}, two vectors of
     * positions at a time.
     */
    private static void dense(float[] padded, int image, float[] weights, int[] offsets, float[] biases, int block,
                              int y0, Stores stores, float[] sums) {
        int taps = offsets.length;
        int w = block * taps * BLOCK;
        int o = block * BLOCK;
        int[] starts = stores.starts();
        int end = stores.endVector(y0);
        int first = stores.firstVector(y0);
        int v = first;
        for (; v + 1 < end; v += 2) {
            int p0 = image + starts[v];
            int p1 = image + starts[v + 1];
            FloatVector a0 = FloatVector.broadcast(S, biases[o]);
            FloatVector a1 = FloatVector.broadcast(S, biases[o + 1]);
            FloatVector a2 = FloatVector.broadcast(S, biases[o + 2]);
            FloatVector a3 = FloatVector.broadcast(S, biases[o + 3]);
            FloatVector a4 = FloatVector.broadcast(S, biases[o + 4]);
            FloatVector a5 = FloatVector.broadcast(S, biases[o + 5]);
            FloatVector a6 = FloatVector.broadcast(S, biases[o + 6]);
            FloatVector a7 = FloatVector.broadcast(S, biases[o + 7]);
            FloatVector c0 = a0;
            FloatVector c1 = a1;
            FloatVector c2 = a2;
            FloatVector c3 = a3;
            FloatVector c4 = a4;
            FloatVector c5 = a5;
            FloatVector c6 = a6;
            FloatVector c7 = a7;
            // one loop over every (channel, ky, kx): a loop of kw steps runs too short to pay for itself
            for (int t = 0, wt = w; t < taps; t++, wt += BLOCK) {
                FloatVector x = FloatVector.fromArray(S, padded, p0 + offsets[t]);
                FloatVector y = FloatVector.fromArray(S, padded, p1 + offsets[t]);
                FloatVector k = FloatVector.broadcast(S, weights[wt]);
                a0 = x.fma(k, a0);
                c0 = y.fma(k, c0);
                k = FloatVector.broadcast(S, weights[wt + 1]);
                a1 = x.fma(k, a1);
                c1 = y.fma(k, c1);
                k = FloatVector.broadcast(S, weights[wt + 2]);
                a2 = x.fma(k, a2);
                c2 = y.fma(k, c2);
                k = FloatVector.broadcast(S, weights[wt + 3]);
                a3 = x.fma(k, a3);
                c3 = y.fma(k, c3);
                k = FloatVector.broadcast(S, weights[wt + 4]);
                a4 = x.fma(k, a4);
                c4 = y.fma(k, c4);
                k = FloatVector.broadcast(S, weights[wt + 5]);
                a5 = x.fma(k, a5);
                c5 = y.fma(k, c5);
                k = FloatVector.broadcast(S, weights[wt + 6]);
                a6 = x.fma(k, a6);
                c6 = y.fma(k, c6);
                k = FloatVector.broadcast(S, weights[wt + 7]);
                a7 = x.fma(k, a7);
                c7 = y.fma(k, c7);
            }
            int k = stores.sumAt(0, v - first);
            int step = stores.sumAt(1, 0);
            a0.intoArray(sums, k);
            c0.intoArray(sums, k + L);
            a1.intoArray(sums, k + step);
            c1.intoArray(sums, k + step + L);
            a2.intoArray(sums, k + 2 * step);
            c2.intoArray(sums, k + 2 * step + L);
            a3.intoArray(sums, k + 3 * step);
            c3.intoArray(sums, k + 3 * step + L);
            a4.intoArray(sums, k + 4 * step);
            c4.intoArray(sums, k + 4 * step + L);
            a5.intoArray(sums, k + 5 * step);
            c5.intoArray(sums, k + 5 * step + L);
            a6.intoArray(sums, k + 6 * step);
            c6.intoArray(sums, k + 6 * step + L);
            a7.intoArray(sums, k + 7 * step);
            c7.intoArray(sums, k + 7 * step + L);
        }
        if (v < end) {
            denseLast(padded, image + starts[v], weights, w, offsets, biases, o, sums, stores.sumAt(0, v - first),
                    stores.sumAt(1, 0));
        }
    }

    /** The last vector of a dense tile's positions alone, from padded element {@code origin}, into the sums at {@code k}. */
    private static void denseLast(float[] padded, int origin, float[] weights, int w, int[] offsets, float[] biases,
                                  int o, float[] sums, int k, int step) {
        FloatVector a0 = FloatVector.broadcast(S, biases[o]);
        FloatVector a1 = FloatVector.broadcast(S, biases[o + 1]);
        FloatVector a2 = FloatVector.broadcast(S, biases[o + 2]);
        FloatVector a3 = FloatVector.broadcast(S, biases[o + 3]);
        FloatVector a4 = FloatVector.broadcast(S, biases[o + 4]);
        FloatVector a5 = FloatVector.broadcast(S, biases[o + 5]);
        FloatVector a6 = FloatVector.broadcast(S, biases[o + 6]);
        FloatVector a7 = FloatVector.broadcast(S, biases[o + 7]);
        for (int t = 0, wt = w; t < offsets.length; t++, wt += BLOCK) {
            FloatVector x = FloatVector.fromArray(S, padded, origin + offsets[t]);
            a0 = x.fma(FloatVector.broadcast(S, weights[wt]), a0);
            a1 = x.fma(FloatVector.broadcast(S, weights[wt + 1]), a1);
            a2 = x.fma(FloatVector.broadcast(S, weights[wt + 2]), a2);
            a3 = x.fma(FloatVector.broadcast(S, weights[wt + 3]), a3);
            a4 = x.fma(FloatVector.broadcast(S, weights[wt + 4]), a4);
            a5 = x.fma(FloatVector.broadcast(S, weights[wt + 5]), a5);
            a6 = x.fma(FloatVector.broadcast(S, weights[wt + 6]), a6);
            a7 = x.fma(FloatVector.broadcast(S, weights[wt + 7]), a7);
        }
        a0.intoArray(sums, k);
        a1.intoArray(sums, k + step);
        a2.intoArray(sums, k + 2 * step);
        a3.intoArray(sums, k + 3 * step);
        a4.intoArray(sums, k + 4 * step);
        a5.intoArray(sums, k + 5 * step);
        a6.intoArray(sums, k + 6 * step);
        a7.intoArray(sums, k + 7 * step);
    }

    /** The sums of one depthwise channel over the row segment that starts at row {@code y0}, four vectors at a time. */
    private static void depthwiseRows(float[] padded, int plane, float[] weights, int w, int[] offsets, float bias,
                                      int y0, Stores stores, float[] sums) {
        int taps = offsets.length;
        FloatVector b = FloatVector.broadcast(S, bias);
        int[] starts = stores.starts();
        int end = stores.endVector(y0);
        int first = stores.firstVector(y0);
        int v = first;
        for (; v + 3 < end; v += 4) {
            int p0 = plane + starts[v];
            int p1 = plane + starts[v + 1];
            int p2 = plane + starts[v + 2];
            int p3 = plane + starts[v + 3];
            FloatVector a0 = b;
            FloatVector a1 = b;
            FloatVector a2 = b;
            FloatVector a3 = b;
            for (int t = 0; t < taps; t++) {
                int offset = offsets[t];
                FloatVector k = FloatVector.broadcast(S, weights[w + t]);
                a0 = FloatVector.fromArray(S, padded, p0 + offset).fma(k, a0);
                a1 = FloatVector.fromArray(S, padded, p1 + offset).fma(k, a1);
                a2 = FloatVector.fromArray(S, padded, p2 + offset).fma(k, a2);
                a3 = FloatVector.fromArray(S, padded, p3 + offset).fma(k, a3);
            }
            int k = stores.sumAt(0, v - first);
            a0.intoArray(sums, k);
            a1.intoArray(sums, k + L);
            a2.intoArray(sums, k + 2 * L);
            a3.intoArray(sums, k + 3 * L);
        }
        // the last one to three vectors one at a time
        for (; v < end; v++) {
            int p = plane + starts[v];
            FloatVector a = b;
            for (int t = 0; t < taps; t++) {
                FloatVector k = FloatVector.broadcast(S, weights[w + t]);
                a = FloatVector.fromArray(S, padded, p + offsets[t]).fma(k, a);
            }
            a.intoArray(sums, stores.sumAt(0, v - first));
        }
    }
}
