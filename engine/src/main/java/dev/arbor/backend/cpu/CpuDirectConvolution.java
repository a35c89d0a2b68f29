package dev.arbor.backend.cpu;

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
 * Dense 2-d float32 convolution (stride 1, one group) straight from the image, for the layers with few
 * output channels that small imported CNNs are made of: there im2col writes the image kernel-size
 * times over and the product has too few rows for the packed GEMM kernel to pay for its packing. Each
 * output row is computed in vectors along its width, four output channels at a time, from a
 * zero-padded copy of the input (so no tap needs a bounds test), each input vector loaded once for the
 * four channels, in one loop over every (channel, ky, kx) tap.
 */
final class CpuDirectConvolution {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Output channels computed together: four accumulators share each input vector. */
    private static final int BLOCK = 4;
    /**
     * Above this many output channels the product's rows fill the packed kernel, which then wins. Measured
     * one thread, batch 32, 3x3 on 16x16 unless said: 8 to 8 channels 130 against 354 us (im2col and the
     * product), 1 to 6 on 28x28 5x5 150 against 499, 16 to 32 933 against 1269, 32 to 32 1891 against
     * 2021, 32 to 64 3100 against 2785.
     */
    private static final long MAX_OUT_CHANNELS = 32;
    /** Floats of padded input per chunk of images (4 MiB; at least one image). */
    private static final long PADDED_BUDGET = 1 << 20;
    /**
     * Multiply-adds per parallel task below which a loop stays on one thread. Waking a worker costs tens
     * of microseconds on a small VM: with 2^16 the ResNet-style net at batch 1 took 412 us on two threads
     * against 112 on one; with 2^19, 112 on both.
     */
    private static final long GRAIN = 1 << 19;
    /** This thread's padded images and blocked weights, reused from call to call. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private CpuDirectConvolution() {}

    /** {@return whether {@link #convolve} handles these shapes, and is then the faster way} */
    static boolean accepts(Tensor input, Tensor weight, Window w) {
        if (input.dtype() != DType.FLOAT32 || weight.dtype() != DType.FLOAT32 || w.dims() != 2
                || weight.size(1) != input.size(1) || weight.size(0) > MAX_OUT_CHANNELS) {
            return false;
        }
        for (int d = 0; d < 2; d++) {
            if (w.stride()[d] != 1 || w.dilation()[d] != 1) {
                return false;
            }
        }
        long paddedPlane = (w.inputSize()[0] + 2 * w.padding()[0]) * (w.inputSize()[1] + 2 * w.padding()[1]);
        // rows narrower than half a vector waste most lanes; a padded image must fit one Java array
        return w.outputSize()[1] * 2 >= S.length() && w.outputVolume() > 0
                && input.size(1) * paddedPlane < Integer.MAX_VALUE - S.length();
    }

    /**
     * {@code output = conv2d(input, weight)} without bias; all contiguous, shapes as {@link #accepts} took.
     *
     * @param input  {@code [N, C, H, W]}
     * @param weight {@code [O, C, kh, kw]}
     * @param w      the window (stride and dilation 1)
     * @param output {@code [N, O, *w.outputSize()]}, every element written
     */
    static void convolve(Tensor input, Tensor weight, Window w, Tensor output) {
        int n = (int) input.size(0);
        int channels = (int) input.size(1);
        int outChannels = (int) weight.size(0);
        int ih = (int) w.inputSize()[0];
        int iw = (int) w.inputSize()[1];
        int kh = (int) w.kernel()[0];
        int kw = (int) w.kernel()[1];
        int ph = (int) w.padding()[0];
        int pw = (int) w.padding()[1];
        int oh = (int) w.outputSize()[0];
        int ow = (int) w.outputSize()[1];
        Geometry g = new Geometry(channels, outChannels, kh, kw, iw + 2 * pw, (ih + 2 * ph) * (iw + 2 * pw), oh, ow);
        float[][] scratch = SCRATCH.get();
        float[] blocked = weights(scratch, CpuElementwise.seg(weight), weight.offset(), g);
        int[] offsets = tapOffsets(g);
        MemorySegment src = CpuElementwise.seg(input);
        MemorySegment out = CpuElementwise.seg(output);
        long rowWork = (long) outChannels * channels * kh * kw * ow;
        // images in chunks, so the padded copy this thread keeps stays small
        int chunk = (int) Math.max(1, Math.min(n, PADDED_BUDGET / ((long) channels * g.plane)));
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int images = Math.min(chunk, n - n0);
            float[] padded = pad(scratch, src, input.offset() + (long) n0 * channels * ih * iw, images, channels, ih,
                    iw, ph, pw, g);
            long outBase = output.offset() + (long) n0 * outChannels * oh * ow;
            CpuParallel.forRange((long) images * oh, Math.max(1, GRAIN / Math.max(1, rowWork)), (from, to) -> {
                for (long task = from; task < to; task++) {
                    int image = (int) (task / oh);
                    int y = (int) (task % oh);
                    for (int o = 0; o < outChannels; o += BLOCK) {
                        row(padded, image * channels * g.plane, blocked, offsets, o, y, g, out,
                                outBase + ((long) image * outChannels + o) * oh * ow + (long) y * ow);
                    }
                }
            });
        }
    }

    /** Sizes of one call, as ints for the inner loops. */
    private record Geometry(int channels, int outChannels, int kh, int kw, int paddedWidth, int plane, int oh,
                            int ow) {
        int weightsPerChannel() {
            return channels * kh * kw;
        }
    }

    /** The input with zero borders, plane after plane, and a vector's worth of slack for the last row's reads. */
    private static float[] pad(float[][] scratch, MemorySegment src, long base, int n, int channels, int ih, int iw,
                               int ph, int pw, Geometry g) {
        int size = n * channels * g.plane + S.length();
        if (scratch[0].length < size) {
            scratch[0] = new float[size];
        } else if (ph > 0 || pw > 0) {
            Arrays.fill(scratch[0], 0, size, 0f);
        }
        float[] padded = scratch[0];
        for (int p = 0; p < n * channels; p++) {
            for (int r = 0; r < ih; r++) {
                MemorySegment.copy(src, F32, (base + ((long) p * ih + r) * iw) * Float.BYTES, padded,
                        p * g.plane + (r + ph) * g.paddedWidth + pw, iw);
            }
        }
        return padded;
    }

    /**
     * The weights as {@code [block][tap][4]}: the four output channels of a block side by side for each
     * tap {@code (c * kh + ky) * kw + kx}, output channels rounded up to whole blocks (the extra ones zero).
     */
    private static float[] weights(float[][] scratch, MemorySegment src, long base, Geometry g) {
        int taps = g.weightsPerChannel();
        int blocks = Math.ceilDiv(g.outChannels, BLOCK);
        int size = blocks * taps * BLOCK;
        if (scratch[1].length < size) {
            scratch[1] = new float[size];
        }
        float[] blocked = scratch[1];
        Arrays.fill(blocked, 0, size, 0f);
        for (int o = 0; o < g.outChannels; o++) {
            int at = (o / BLOCK) * taps * BLOCK + o % BLOCK;
            for (int t = 0; t < taps; t++) {
                blocked[at + t * BLOCK] = src.getAtIndex(F32, base + (long) o * taps + t);
            }
        }
        return blocked;
    }

    /** For each tap, where it reads in the padded input relative to the output position's top-left. */
    private static int[] tapOffsets(Geometry g) {
        int[] offsets = new int[g.weightsPerChannel()];
        for (int c = 0, t = 0; c < g.channels; c++) {
            for (int ky = 0; ky < g.kh; ky++) {
                for (int kx = 0; kx < g.kw; kx++, t++) {
                    offsets[t] = c * g.plane + ky * g.paddedWidth + kx;
                }
            }
        }
        return offsets;
    }

    /** Output row {@code y} of channels {@code o .. o + 3} of one image, written at {@code at} (channel o's row). */
    private static void row(float[] padded, int image, float[] weights, int[] offsets, int o, int y, Geometry g,
                            MemorySegment out, long at) {
        int taps = offsets.length;
        long step = (long) g.oh * g.ow * Float.BYTES;
        int valid = Math.min(BLOCK, g.outChannels - o);
        int w = (o / BLOCK) * taps * BLOCK;
        for (int x = 0; x < g.ow; x += S.length()) {
            int origin = image + y * g.paddedWidth + x;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            // one loop over every (channel, ky, kx): a loop of kw steps runs too short to pay for itself
            for (int t = 0, wt = w; t < taps; t++, wt += BLOCK) {
                FloatVector v = FloatVector.fromArray(S, padded, origin + offsets[t]);
                a0 = v.fma(FloatVector.broadcast(S, weights[wt]), a0);
                a1 = v.fma(FloatVector.broadcast(S, weights[wt + 1]), a1);
                a2 = v.fma(FloatVector.broadcast(S, weights[wt + 2]), a2);
                a3 = v.fma(FloatVector.broadcast(S, weights[wt + 3]), a3);
            }
            VectorMask<Float> lanes = S.indexInRange(x, g.ow);
            long offset = (at + x) * Float.BYTES;
            a0.intoMemorySegment(out, offset, NATIVE, lanes);
            if (valid > 1) {
                a1.intoMemorySegment(out, offset + step, NATIVE, lanes);
            }
            if (valid > 2) {
                a2.intoMemorySegment(out, offset + 2 * step, NATIVE, lanes);
            }
            if (valid > 3) {
                a3.intoMemorySegment(out, offset + 3 * step, NATIVE, lanes);
            }
        }
    }
}
