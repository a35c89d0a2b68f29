package dev.arbor.backend.cpu;

import dev.arbor.backend.Window;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
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
 * dropped when the rows are copied out. No tap needs a bounds test or a mask.
 */
final class CpuDirectConvolution {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels of a dense tile: four weights broadcast against each pair of input vectors. */
    private static final int BLOCK = 4;
    /** Positions of a tile: a dense tile is {@code BLOCK x 2} vectors, a depthwise one {@code 1 x 4}. */
    private static final int DENSE_SPAN = 2 * L;
    private static final int DEPTHWISE_SPAN = 4 * L;
    /**
     * Above this many output channels the product's rows fill the packed kernel, which then wins.
     * Measured one thread, 3x3, stride 1: batch 32, 32 to 32 channels on 16x16 1528 us against 1914 for
     * im2col and the product (with 33); 32 to 64 even (2978 against 3049); batch 1, 128 to 128 on 28x28
     * 2148 against 1645.
     */
    private static final long MAX_OUT_CHANNELS = 32;
    /** Floats of padded input per chunk of images (4 MiB; at least one image). */
    private static final long PADDED_BUDGET = 1 << 20;
    /** Padded floats per parallel task of the copy below which it stays on one thread. */
    private static final long PAD_GRAIN = 1 << 15;
    /** Flattened output positions per task at most, so a large image still splits across threads. */
    private static final int SEGMENT = 4096;
    /**
     * Multiply-adds per parallel task below which a loop stays on one thread. Waking a worker costs tens
     * of microseconds on a small VM: with 2^16 the ResNet-style net at batch 1 took 412 us on two threads
     * against 112 on one; with 2^19, 112 on both.
     */
    private static final long GRAIN = 1 << 19;
    /** This thread's padded images, blocked weights and unpadded images, reused from call to call. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);
    /** Each worker's tile of output rows before they are copied out. */
    private static final ThreadLocal<float[][]> TILE = ThreadLocal.withInitial(() -> new float[1][0]);

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
     * {@code output = conv(input, weight) + bias}; all contiguous, shapes as {@link #accepts} took.
     *
     * @param input  {@code [N, C, *in]}
     * @param weight {@code [O, C, *kernel]}
     * @param bias   {@code [O]}, or null for none
     * @param w      the window
     * @param output {@code [N, O, *out]}, every element written
     */
    static void convolve(Tensor input, Tensor weight, Tensor bias, Window w, Tensor output) {
        int channels = (int) input.size(1);
        int outChannels = (int) weight.size(0);
        Geometry g = Geometry.of(w);
        float[][] scratch = SCRATCH.get();
        float[] blocked = blockedWeights(scratch, CpuElementwise.seg(weight), weight.offset(), channels * g.taps(),
                outChannels);
        int[] offsets = tapOffsets(g, channels);
        float[] biases = biases(bias, outChannels);
        int blocks = Math.ceilDiv(outChannels, BLOCK);
        run(input, output, g, scratch, blocks, (long) BLOCK * offsets.length,
                (padded, image, block, y0, y1, tile) -> dense(padded, image, blocked, offsets, biases, block, y0, y1,
                        g, tile), block -> Math.min(BLOCK, outChannels - block * BLOCK), block -> block * BLOCK);
    }

    /**
     * The depthwise convolution: output channel {@code o} of {@code [N, C * m, *out]} is input channel
     * {@code o / m} convolved with {@code weight[o, 0]}, plus {@code bias[o]}; all contiguous.
     *
     * @param input  {@code [N, C, *in]}
     * @param weight {@code [C * m, 1, *kernel]}
     * @param bias   {@code [C * m]}, or null for none
     * @param w      the window
     * @param output {@code [N, C * m, *out]}, every element written
     */
    static void depthwise(Tensor input, Tensor weight, Tensor bias, Window w, Tensor output) {
        int channels = (int) input.size(1);
        int outChannels = (int) weight.size(0);
        int multiplier = outChannels / channels;
        Geometry g = Geometry.of(w);
        int[] offsets = tapOffsets(g, 1);
        float[] weights = new float[outChannels * offsets.length];
        MemorySegment.copy(CpuElementwise.seg(weight), F32, weight.offset() * Float.BYTES, weights, 0, weights.length);
        float[] biases = biases(bias, outChannels);
        run(input, output, g, SCRATCH.get(), outChannels, offsets.length,
                (padded, image, o, y0, y1, tile) -> depthwiseRows(padded, image + o / multiplier * g.channelSize(),
                        weights, o * offsets.length, offsets, biases[o], y0, y1, g, tile), o -> 1, o -> o);
    }

    /** Computes rows {@code [y0, y1)} of one tile's output channels into {@code tile}, plane after plane. */
    private interface TileRows {
        void compute(float[] padded, int image, int tile, int y0, int y1, float[] rows);
    }

    /** Maps a tile to a number of output channels, or to its first one. */
    private interface TileChannels {
        int of(int tile);
    }

    /**
     * Pads chunks of images and computes their output in parallel tasks of (image, row segment, tile),
     * each copied out row by row.
     *
     * @param tiles       output-channel tiles per image
     * @param tapsPerTile multiply-adds per output position of a tile, for the parallel grain
     */
    private static void run(Tensor input, Tensor output, Geometry g, float[][] scratch, int tiles, long tapsPerTile,
                            TileRows rows, TileChannels channelsOf, TileChannels firstOf) {
        int n = (int) input.size(0);
        int channels = (int) input.size(1);
        int outChannels = (int) output.size(1);
        int rowsPerSegment = Math.max(1, Math.min(g.oh, SEGMENT / g.pitch));
        int segments = Math.ceilDiv(g.oh, rowsPerSegment);
        long taskWork = tapsPerTile * rowsPerSegment * g.pitch;
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment out = CpuElementwise.seg(output);
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
                        float[][] tileHolder = TILE.get();
                        for (long task = from; task < to; task++) {
                            int tile = (int) (task % tiles);
                            int segment = (int) (task / tiles % segments);
                            int image = (int) (task / tiles / segments);
                            int y0 = segment * rowsPerSegment;
                            int y1 = Math.min(g.oh, y0 + rowsPerSegment);
                            int span = g.span(y0, y1);
                            int count = channelsOf.of(tile);
                            // a dense tile computes all of its block's channels, some maybe past the last
                            if (tileHolder[0].length < BLOCK * span) {
                                tileHolder[0] = new float[BLOCK * span];
                            }
                            float[] buffer = tileHolder[0];
                            rows.compute(padded, image * channels * g.channelSize(), tile, y0, y1, buffer);
                            long at = outBase + ((long) image * outChannels + firstOf.of(tile)) * outVolume;
                            copyOut(buffer, span, count, y0, y1, g, out, at);
                        }
                    });
        }
    }

    /**
     * The sizes of one call. A channel of the padded copy is {@code phases} planes of
     * {@code planeRows x pitch}; tap {@code (ky, kx)} of output {@code (y, x)} reads padded element
     * {@code (y * sh + ky * dh, x * sw + kx * dw)}, which lies in phase plane
     * {@code ((ky * dh) % sh, (kx * dw) % sw)} at row {@code y + ky * dh / sh}, column {@code x + kx * dw / sw}.
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
            int sw = (int) w.stride()[d];
            int pw = (int) w.padding()[d];
            int planeRows = Math.ceilDiv(ih + 2 * ph, sh);
            int pitch = Math.ceilDiv(iw + 2 * pw, sw);
            return new Geometry(ih, iw, kh, (int) w.kernel()[d], sh, sw, dh, (int) w.dilation()[d], ph, pw, oh,
                    (int) w.outputSize()[d], planeRows, pitch);
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

        /** Floats a tile holds per channel for output rows {@code [y0, y1)}: the rows and the widest tile's overrun. */
        int span(int y0, int y1) {
            return (y1 - y0) * pitch + DEPTHWISE_SPAN;
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
     * The images with zero borders, each channel split into its phase planes, and a tile's worth of
     * slack after the last for the vector reads of the last positions (whose results are dropped). The
     * images come over in one bulk copy, then row by row within the heap, where a short copy is cheap.
     */
    private static float[] pad(float[][] scratch, MemorySegment src, long base, int n, int channels, Geometry g) {
        int size = n * channels * g.channelSize() + DEPTHWISE_SPAN;
        int volume = g.ih * g.iw;
        if (scratch[0].length < size) {
            scratch[0] = new float[size];
        }
        if (scratch[2].length < n * channels * volume) {
            scratch[2] = new float[n * channels * volume];
        }
        float[] padded = scratch[0];
        float[] images = scratch[2];
        Arrays.fill(padded, n * channels * g.channelSize(), size, 0f);
        boolean[] read = new boolean[g.sh * g.sw];
        for (int phase = 0; phase < read.length; phase++) {
            read[phase] = g.reads(phase / g.sw, phase % g.sw);
        }
        // planes in parallel: at batch 32 the copy is a fifth of a small layer's time
        CpuParallel.forRange((long) n * channels, Math.max(1, PAD_GRAIN / g.channelSize()), (from, to) -> {
            int first = (int) from;
            int count = (int) (to - from);
            Arrays.fill(padded, first * g.channelSize(), (first + count) * g.channelSize(), 0f);
            MemorySegment.copy(src, F32, (base + (long) first * volume) * Float.BYTES, images, first * volume,
                    count * volume);
            for (int p = first; p < first + count; p++) {
                padPlane(images, p * volume, padded, p * g.channelSize(), read, g);
            }
        });
        return padded;
    }

    /** One channel's rows into its phase planes at {@code channelAt}. */
    private static void padPlane(float[] images, int planeAt, float[] padded, int channelAt, boolean[] read,
                                 Geometry g) {
        int plane = g.planeSize();
        for (int r = 0; r < g.ih; r++) {
            int pr = r + g.ph;
            int from = planeAt + r * g.iw;
            int rowAt = channelAt + (pr % g.sh) * g.sw * plane + (pr / g.sh) * g.pitch;
            if (g.sw == 1 && read[pr % g.sh]) {
                System.arraycopy(images, from, padded, rowAt + g.pw, g.iw);
                continue;
            }
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
     * The weights as {@code [block][tap][4]}: the four output channels of a block side by side for each
     * tap {@code (c * kh + ky) * kw + kx}, output channels rounded up to whole blocks (the extra ones zero).
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
     * Output rows {@code [y0, y1)} of the block's four channels into {@code tile}: channel {@code j}'s
     * flattened positions {@code [y0 * pitch, y1 * pitch)} at {@code j * span}.
     */
    private static void dense(float[] padded, int image, float[] weights, int[] offsets, float[] biases, int block,
                              int y0, int y1, Geometry g, float[] tile) {
        int taps = offsets.length;
        int span = g.span(y0, y1);
        int w = block * taps * BLOCK;
        int o = block * BLOCK;
        FloatVector b0 = FloatVector.broadcast(S, biases[o]);
        FloatVector b1 = FloatVector.broadcast(S, biases[o + 1]);
        FloatVector b2 = FloatVector.broadcast(S, biases[o + 2]);
        FloatVector b3 = FloatVector.broadcast(S, biases[o + 3]);
        int last = (y1 - 1) * g.pitch + g.ow;
        int p = y0 * g.pitch;
        for (; p + L < last; p += DENSE_SPAN) {
            int origin = image + p;
            FloatVector a0 = b0;
            FloatVector a1 = b1;
            FloatVector a2 = b2;
            FloatVector a3 = b3;
            FloatVector c0 = b0;
            FloatVector c1 = b1;
            FloatVector c2 = b2;
            FloatVector c3 = b3;
            // one loop over every (channel, ky, kx): a loop of kw steps runs too short to pay for itself
            for (int t = 0, wt = w; t < taps; t++, wt += BLOCK) {
                int at = origin + offsets[t];
                FloatVector u = FloatVector.fromArray(S, padded, at);
                FloatVector v = FloatVector.fromArray(S, padded, at + L);
                FloatVector w0 = FloatVector.broadcast(S, weights[wt]);
                FloatVector w1 = FloatVector.broadcast(S, weights[wt + 1]);
                FloatVector w2 = FloatVector.broadcast(S, weights[wt + 2]);
                FloatVector w3 = FloatVector.broadcast(S, weights[wt + 3]);
                a0 = u.fma(w0, a0);
                c0 = v.fma(w0, c0);
                a1 = u.fma(w1, a1);
                c1 = v.fma(w1, c1);
                a2 = u.fma(w2, a2);
                c2 = v.fma(w2, c2);
                a3 = u.fma(w3, a3);
                c3 = v.fma(w3, c3);
            }
            int q = p - y0 * g.pitch;
            a0.intoArray(tile, q);
            c0.intoArray(tile, q + L);
            a1.intoArray(tile, span + q);
            c1.intoArray(tile, span + q + L);
            a2.intoArray(tile, 2 * span + q);
            c2.intoArray(tile, 2 * span + q + L);
            a3.intoArray(tile, 3 * span + q);
            c3.intoArray(tile, 3 * span + q + L);
        }
        if (p < last) {
            // the last vector alone
            FloatVector a0 = b0;
            FloatVector a1 = b1;
            FloatVector a2 = b2;
            FloatVector a3 = b3;
            for (int t = 0, wt = w; t < taps; t++, wt += BLOCK) {
                FloatVector u = FloatVector.fromArray(S, padded, image + p + offsets[t]);
                a0 = u.fma(FloatVector.broadcast(S, weights[wt]), a0);
                a1 = u.fma(FloatVector.broadcast(S, weights[wt + 1]), a1);
                a2 = u.fma(FloatVector.broadcast(S, weights[wt + 2]), a2);
                a3 = u.fma(FloatVector.broadcast(S, weights[wt + 3]), a3);
            }
            int q = p - y0 * g.pitch;
            a0.intoArray(tile, q);
            a1.intoArray(tile, span + q);
            a2.intoArray(tile, 2 * span + q);
            a3.intoArray(tile, 3 * span + q);
        }
    }

    /** Output rows {@code [y0, y1)} of one depthwise channel into {@code tile}, positions from 0. */
    private static void depthwiseRows(float[] padded, int plane, float[] weights, int w, int[] offsets, float bias,
                                      int y0, int y1, Geometry g, float[] tile) {
        int taps = offsets.length;
        FloatVector b = FloatVector.broadcast(S, bias);
        int last = (y1 - 1) * g.pitch + g.ow;
        int p = y0 * g.pitch;
        for (; p + 3 * L < last; p += DEPTHWISE_SPAN) {
            int origin = plane + p;
            FloatVector a0 = b;
            FloatVector a1 = b;
            FloatVector a2 = b;
            FloatVector a3 = b;
            for (int t = 0; t < taps; t++) {
                int at = origin + offsets[t];
                FloatVector k = FloatVector.broadcast(S, weights[w + t]);
                a0 = FloatVector.fromArray(S, padded, at).fma(k, a0);
                a1 = FloatVector.fromArray(S, padded, at + L).fma(k, a1);
                a2 = FloatVector.fromArray(S, padded, at + 2 * L).fma(k, a2);
                a3 = FloatVector.fromArray(S, padded, at + 3 * L).fma(k, a3);
            }
            int q = p - y0 * g.pitch;
            a0.intoArray(tile, q);
            a1.intoArray(tile, q + L);
            a2.intoArray(tile, q + 2 * L);
            a3.intoArray(tile, q + 3 * L);
        }
        // the last one to three vectors one at a time
        for (; p < last; p += L) {
            FloatVector a = b;
            for (int t = 0; t < taps; t++) {
                FloatVector k = FloatVector.broadcast(S, weights[w + t]);
                a = FloatVector.fromArray(S, padded, plane + p + offsets[t]).fma(k, a);
            }
            a.intoArray(tile, p - y0 * g.pitch);
        }
    }

    /**
     * Copies the valid columns of rows {@code [y0, y1)} of {@code count} channels from the tile to the
     * output: the rows are first closed up within the tile, so each channel's part is one bulk copy.
     */
    private static void copyOut(float[] tile, int span, int count, int y0, int y1, Geometry g, MemorySegment out,
                                long at) {
        long outVolume = (long) g.oh * g.ow;
        for (int j = 0; j < count; j++) {
            int channel = j * span;
            if (g.pitch != g.ow) {
                for (int y = 1; y < y1 - y0; y++) {
                    System.arraycopy(tile, channel + y * g.pitch, tile, channel + y * g.ow, g.ow);
                }
            }
            MemorySegment.copy(tile, channel, out, F32, (at + j * outVolume + (long) y0 * g.ow) * Float.BYTES,
                    (y1 - y0) * g.ow);
        }
    }
}
