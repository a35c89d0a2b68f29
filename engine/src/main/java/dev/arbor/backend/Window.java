package dev.arbor.backend;

import java.util.Arrays;

/**
 * The geometry of a sliding window over the spatial dimensions of an {@code [N, C, *inputSize]}
 * tensor, shared by convolution, {@code unfold}/{@code fold} and pooling kernels.
 *
 * <p>Along spatial dimension {@code d}, tap {@code k} of output position {@code o} reads input
 * position {@code o * stride[d] - padding[d] + k * dilation[d]}; positions outside
 * {@code [0, inputSize[d])} are padding. {@code padding} is the padding before each dimension; the
 * padding after it is implied by {@code outputSize} (so asymmetric padding, as convolution's
 * {@code "same"} needs, is expressible), except for average pooling, whose divisor counts
 * {@code padding[d]} after the input too, as PyTorch's does.
 *
 * @param inputSize  spatial sizes of the input (the "image" side)
 * @param kernel     kernel size per dimension, at least 1
 * @param stride     step between output positions, at least 1
 * @param padding    padding before each dimension, at least 0
 * @param dilation   step between kernel taps, at least 1
 * @param outputSize number of window positions per dimension
 */
public record Window(long[] inputSize, long[] kernel, long[] stride, long[] padding, long[] dilation,
                     long[] outputSize) {
    /** Copies the arrays and checks they have one length and sensible values. */
    public Window {
        inputSize = inputSize.clone();
        kernel = kernel.clone();
        stride = stride.clone();
        padding = padding.clone();
        dilation = dilation.clone();
        outputSize = outputSize.clone();
        int n = inputSize.length;
        if (kernel.length != n || stride.length != n || padding.length != n || dilation.length != n
                || outputSize.length != n) {
            throw new IllegalArgumentException("window arrays differ in length: "
                    + describe(inputSize, kernel, stride, padding, dilation, outputSize));
        }
        for (int d = 0; d < n; d++) {
            if (kernel[d] < 1 || stride[d] < 1 || dilation[d] < 1 || padding[d] < 0 || inputSize[d] < 0
                    || outputSize[d] < 0) {
                throw new IllegalArgumentException("invalid window: "
                        + describe(inputSize, kernel, stride, padding, dilation, outputSize));
            }
        }
    }

    /** {@return a copy of the spatial sizes of the input} */
    @Override
    public long[] inputSize() {
        return inputSize.clone();
    }

    /** {@return a copy of the kernel size per dimension} */
    @Override
    public long[] kernel() {
        return kernel.clone();
    }

    /** {@return a copy of the step between output positions per dimension} */
    @Override
    public long[] stride() {
        return stride.clone();
    }

    /** {@return a copy of the padding before each dimension} */
    @Override
    public long[] padding() {
        return padding.clone();
    }

    /** {@return a copy of the step between kernel taps per dimension} */
    @Override
    public long[] dilation() {
        return dilation.clone();
    }

    /** {@return a copy of the number of window positions per dimension} */
    @Override
    public long[] outputSize() {
        return outputSize.clone();
    }

    /** {@return the number of spatial dimensions} */
    public int dims() {
        return inputSize.length;
    }

    /** {@return the number of taps in one window, the product of the kernel sizes} */
    public long kernelVolume() {
        return product(kernel);
    }

    /** {@return the number of window positions, the product of the output sizes} */
    public long outputVolume() {
        return product(outputSize);
    }

    /** {@return the number of input positions per channel, the product of the input sizes} */
    public long inputVolume() {
        return product(inputSize);
    }

    /**
     * {@return the input position tap {@code k} of output position {@code o} reads along dimension
     * {@code d}; outside {@code [0, inputSize[d])} it is padding}
     *
     * @param d the spatial dimension, from 0
     * @param o the output position along {@code d}
     * @param k the tap along {@code d}, from 0 to {@code kernel[d] - 1}
     */
    public long position(int d, long o, long k) {
        return o * stride[d] - padding[d] + k * dilation[d];
    }

    /**
     * The factor of average pooling's divisor along dimension {@code d} at output position {@code o}:
     * the taps inside the input, or with {@code countPadding} also those in the padding on either side
     * (but not those past it, which ceil mode can create). The divisor is the product over dimensions.
     *
     * @param d the spatial dimension, from 0
     * @param o the output position along {@code d}
     * @param countPadding whether taps in the padding count ({@code count_include_pad})
     * @return the number of taps counted
     */
    public long averageCount(int d, long o, boolean countPadding) {
        long start = o * stride[d] - padding[d];
        long end = Math.min(start + kernel[d], inputSize[d] + padding[d]);
        if (countPadding) {
            return end - start;
        }
        return Math.min(end, inputSize[d]) - Math.max(start, 0);
    }

    /**
     * The flat index, within the input's spatial volume, that each tap reads: element
     * {@code l * kernelVolume() + k} for output position {@code l} and tap {@code k} (both row-major),
     * or -1 where the tap falls in the padding.
     *
     * @return the table, {@code outputVolume() * kernelVolume()} entries
     *
     * @throws ArithmeticException when the table or the input volume does not fit an int
     */
    public int[] tapIndices() {
        int dims = dims();
        int taps = Math.toIntExact(kernelVolume());
        int[] table = new int[Math.toIntExact(Math.multiplyExact(outputVolume(), (long) taps))];
        Math.toIntExact(inputVolume());
        long[] o = new long[dims];
        long[] k = new long[dims];
        for (int l = 0, at = 0; at < table.length; l++) {
            for (int t = 0; t < taps; t++, at++) {
                long flat = 0;
                for (int d = 0; d < dims && flat >= 0; d++) {
                    long p = position(d, o[d], k[d]);
                    flat = p < 0 || p >= inputSize[d] ? -1 : flat * inputSize[d] + p;
                }
                table[at] = (int) flat;
                increment(k, kernel);
            }
            increment(o, outputSize);
        }
        return table;
    }

    /**
     * Average pooling's divisor for each output position (row-major): {@code divisor} when it is
     * positive, otherwise the product over dimensions of {@link #averageCount}.
     *
     * @param countPadding whether taps in the padding count ({@code count_include_pad})
     * @param divisor the divisor for every position ({@code divisor_override}), or 0 or less to count taps
     * @return one divisor for each output position
     */
    public double[] averageDivisors(boolean countPadding, long divisor) {
        double[] out = new double[Math.toIntExact(outputVolume())];
        long[] o = new long[dims()];
        for (int l = 0; l < out.length; l++) {
            long count = 1;
            for (int d = 0; d < o.length; d++) {
                count *= averageCount(d, o[d], countPadding);
            }
            out[l] = divisor > 0 ? divisor : count;
            increment(o, outputSize);
        }
        return out;
    }

    /** Advances a row-major multi-index within {@code sizes}, wrapping to zeros after the last. */
    private static void increment(long[] index, long[] sizes) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < sizes[d]) {
                return;
            }
            index[d] = 0;
        }
    }

    private static long product(long[] a) {
        long p = 1;
        for (long v : a) {
            p = Math.multiplyExact(p, v);
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Window w && Arrays.equals(inputSize, w.inputSize) && Arrays.equals(kernel, w.kernel)
                && Arrays.equals(stride, w.stride) && Arrays.equals(padding, w.padding)
                && Arrays.equals(dilation, w.dilation) && Arrays.equals(outputSize, w.outputSize);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(inputSize), Arrays.hashCode(kernel), Arrays.hashCode(stride),
            Arrays.hashCode(padding), Arrays.hashCode(dilation), Arrays.hashCode(outputSize)});
    }

    @Override
    public String toString() {
        return describe(inputSize, kernel, stride, padding, dilation, outputSize);
    }

    private static String describe(long[] inputSize, long[] kernel, long[] stride, long[] padding, long[] dilation,
                                   long[] outputSize) {
        return "Window[inputSize=" + Arrays.toString(inputSize) + ", kernel=" + Arrays.toString(kernel) + ", stride="
                + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding) + ", dilation="
                + Arrays.toString(dilation) + ", outputSize=" + Arrays.toString(outputSize) + "]";
    }
}
