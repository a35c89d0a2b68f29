package dev.arbor.nn;

import dev.arbor.tensor.Tensor;
import java.util.Arrays;

/**
 * What the transposed convolutions share, as PyTorch's {@code _ConvTransposeNd}: the forward with an
 * optional {@code output_size} that picks the output padding. Called with one tensor, or with the
 * requested output size: {@code Tensor y = deconv.call(x, new long[] {16, 16});} (the spatial sizes,
 * or every size including batch and channels).
 */
public abstract class ConvTransposeNd extends ConvNd {
    ConvTransposeNd(ConvOptions<?> options) {
        super(options);
    }

    /** {@code F.conv_transposeNd} with the layer's weight and the given output padding. */
    abstract Tensor convTranspose(Tensor input, long[] outputPadding);

    /**
     * Applies the transposed convolution with the layer's {@code output_padding}, as
     * {@code F.conv_transposeNd}.
     *
     * @param input {@code (N, C_in, *)} or unbatched {@code (C_in, *)}, with one size per spatial dimension
     * @return {@code (N, C_out, *)} (unbatched without N), each spatial size being
     *         {@code (in - 1) stride - 2 padding + dilation (kernel_size - 1) + output_padding + 1}
     */
    @Override
    public Tensor forward(Tensor input) {
        return convTranspose(input, outputPadding);
    }

    /**
     * Applies the transposed convolution with the output padding that makes the output
     * {@code outputSize}, as PyTorch's {@code forward(input, output_size)}.
     *
     * @param input      {@code (N, C_in, *)} or unbatched {@code (C_in, *)}
     * @param outputSize the spatial sizes of the output, or every size including batch and channels;
     *                   null for the layer's {@code output_padding}
     * @return {@code (N, C_out, *outputSize)} (unbatched without N)
     * @throws IllegalArgumentException with PyTorch's message when {@code outputSize} has the wrong length
     *                                  or a size outside the range this stride allows
     */
    public Tensor forward(Tensor input, long[] outputSize) {
        return convTranspose(input, outputSize == null ? outputPadding : outputPaddingFor(input, outputSize));
    }

    /**
     * Runs {@link #forward(Tensor, long[])} on {@code (input, output_size)}, or {@link #forward(Tensor)} on
     * one tensor.
     *
     * @param inputs a tensor, optionally followed by a {@code long[]} output size (or null)
     * @return the output tensor
     * @throws IllegalArgumentException for other arguments
     */
    @Override
    public Object forward(Object... inputs) {
        if (inputs.length == 2 && inputs[0] instanceof Tensor x && (inputs[1] == null || inputs[1] instanceof long[])) {
            return forward(x, (long[]) inputs[1]);
        }
        return super.forward(inputs);
    }

    /**
     * PyTorch's {@code _output_padding}: the padding that reaches {@code outputSize}, checked against the valid range.
     */
    private long[] outputPaddingFor(Tensor input, long[] outputSize) {
        int dims = kernelSize.length;
        int nonSpatial = input.dim() == dims + 2 ? 2 : 1;
        long[] size = outputSize;
        if (size.length == nonSpatial + dims) {
            size = Arrays.copyOfRange(size, nonSpatial, size.length);
        }
        if (size.length != dims) {
            throw new IllegalArgumentException("ConvTranspose" + dims + "D: for " + input.dim() + "D input, output_size "
                    + "must have " + dims + " or " + (nonSpatial + dims) + " elements (got " + outputSize.length + ")");
        }
        long[] min = new long[dims];
        long[] max = new long[dims];
        for (int d = 0; d < dims; d++) {
            min[d] = (input.size(d + nonSpatial) - 1) * stride[d] - 2 * padding[d]
                    + dilation[d] * (kernelSize[d] - 1) + 1;
            max[d] = min[d] + stride[d] - 1;
        }
        long[] out = new long[dims];
        for (int d = 0; d < dims; d++) {
            if (size[d] < min[d] || size[d] > max[d]) {
                long[] spatial = Arrays.copyOfRange(input.shape(), input.dim() - dims, input.dim());
                throw new IllegalArgumentException("requested an output size of " + Arrays.toString(size)
                        + ", but valid sizes range from " + Arrays.toString(min) + " to " + Arrays.toString(max)
                        + " (for an input of torch.Size(" + Arrays.toString(spatial) + "))");
            }
            out[d] = size[d] - min[d];
        }
        return out;
    }
}
