package dev.arbor.nn;

import dev.arbor.backend.Clamp;
import dev.arbor.nn.functional.F;
import dev.arbor.ops.Convolution;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.Set;

/**
 * What the convolution layers share, as PyTorch's {@code _ConvNd}: the arguments, the parameters
 * {@code weight} ({@code [out, in / groups, *kernel]}, or {@code [in, out / groups, *kernel]} for a
 * transposed convolution) and {@code bias} ({@code [out]}, or none), their initialisation
 * ({@code kaiming_uniform_(a = sqrt(5))} for the weight, {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} for
 * the bias) and the repr. Padding modes other than zeros pad the input with {@link F#pad} first.
 */
public abstract class ConvNd extends Module {
    private static final Set<String> PADDING_MODES = Set.of("zeros", "reflect", "replicate", "circular");

    final long inChannels;
    final long outChannels;
    final long[] kernelSize;
    final long[] stride;
    /** The numeric padding per dimension, or null when given as a string. */
    final long[] padding;
    /** {@code "same"} or {@code "valid"}, or null for numeric padding. */
    final String paddingString;
    final long[] dilation;
    final long[] outputPadding;
    final long groups;
    final String paddingMode;
    /**
     * {@link F#pad}'s argument for the non-zero padding modes, as PyTorch's {@code _reversed_padding_repeated_twice}.
     */
    private final long[] reversedPadding;

    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    ConvNd(ConvOptions<?> o) {
        String layer = typeName();
        int dims = o.dims;
        if (o.groups <= 0) {
            throw new IllegalArgumentException("groups must be a positive integer");
        }
        if (o.inChannels % o.groups != 0) {
            throw new IllegalArgumentException("in_channels must be divisible by groups");
        }
        if (o.outChannels % o.groups != 0) {
            throw new IllegalArgumentException("out_channels must be divisible by groups");
        }
        this.inChannels = o.inChannels;
        this.outChannels = o.outChannels;
        this.kernelSize = LayerArgs.perDim(layer, "kernel_size", o.kernelSize, dims);
        this.stride = LayerArgs.perDim(layer, "stride", o.stride, dims);
        this.dilation = LayerArgs.perDim(layer, "dilation", o.dilation, dims);
        this.outputPadding = LayerArgs.perDim(layer, "output_padding", o.outputPadding, dims);
        if (!o.transposed && !allEqual(outputPadding, 0)) {
            throw new IllegalArgumentException(layer + ": output_padding is only for transposed convolutions");
        }
        if (o.paddingString != null) {
            if (o.transposed) {
                throw new IllegalArgumentException(layer + ": padding must be an int or a tuple, not a string");
            }
            if (!o.paddingString.equals("same") && !o.paddingString.equals("valid")) {
                throw new IllegalArgumentException("Invalid padding string '" + o.paddingString
                        + "', should be one of {'same', 'valid'}");
            }
            if (o.paddingString.equals("same") && !allEqual(stride, 1)) {
                throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
            }
        }
        if (!PADDING_MODES.contains(o.paddingMode)) {
            throw new IllegalArgumentException("padding_mode must be one of {'zeros', 'reflect', 'replicate', "
                    + "'circular'}, but got padding_mode='" + o.paddingMode + "'");
        }
        if (o.transposed && !o.paddingMode.equals("zeros")) {
            throw new IllegalArgumentException("Only \"zeros\" padding mode is supported for " + layer);
        }
        this.paddingString = o.paddingString;
        this.padding = o.paddingString == null ? LayerArgs.perDim(layer, "padding", o.padding, dims) : null;
        this.groups = o.groups;
        this.paddingMode = o.paddingMode;
        this.reversedPadding = reversedPadding();

        long[] shape = new long[dims + 2];
        shape[0] = o.transposed ? inChannels : outChannels;
        shape[1] = (o.transposed ? outChannels : inChannels) / groups;
        System.arraycopy(kernelSize, 0, shape, 2, dims);
        registerParameter("weight", new Parameter(Tensor.empty(o.dtype, o.device, shape)));
        registerParameter("bias", o.bias ? new Parameter(Tensor.empty(o.dtype, o.device, outChannels)) : null);
        initParameters();
    }

    private static boolean allEqual(long[] values, long v) {
        for (long x : values) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    /** Per dimension, last first, the padding before and after: {@code "same"} puts the odd element after. */
    private long[] reversedPadding() {
        int dims = kernelSize.length;
        long[] out = new long[2 * dims];
        for (int d = 0; d < dims; d++) {
            long before;
            long after;
            if ("same".equals(paddingString)) {
                long total = dilation[d] * (kernelSize[d] - 1);
                before = total / 2;
                after = total - before;
            } else if ("valid".equals(paddingString)) {
                before = 0;
                after = 0;
            } else {
                before = padding[d];
                after = padding[d];
            }
            int slot = 2 * (dims - 1 - d);
            out[slot] = before;
            out[slot + 1] = after;
        }
        return out;
    }

    /** Re-draws the weight and bias from PyTorch's initial distributions, as {@code reset_parameters}. */
    public void resetParameters() {
        initParameters();
    }

    private void initParameters() {
        Parameter w = weight();
        Init.kaimingUniform_(w, Math.sqrt(5), "fan_in", "leaky_relu", Generator.defaultGenerator());
        if (bias() != null) {
            long fanIn = Init.fans(w).fanIn();
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(bias(), -bound, bound);
        }
    }

    /**
     * {@return the weight: {@code (out_channels, in_channels / groups, *kernel_size)}, or
     * {@code (in_channels, out_channels / groups, *kernel_size)} for a transposed convolution}
     */
    public Parameter weight() {
        return param("weight");
    }

    /** {@return the bias {@code (out_channels)}, or null for a layer without one} */
    public Parameter bias() {
        return param("bias");
    }

    /** {@return the number of input channels, {@code in_channels}} */
    public long inChannels() {
        return inChannels;
    }

    /** {@return the number of output channels, {@code out_channels}} */
    public long outChannels() {
        return outChannels;
    }

    /** {@return the kernel size per spatial dimension, {@code kernel_size} (a copy)} */
    public long[] kernelSize() {
        return kernelSize.clone();
    }

    /** {@return the stride per spatial dimension (a copy)} */
    public long[] stride() {
        return stride.clone();
    }

    /**
     * {@return the padding per spatial dimension (a copy), or null when it was given as a string
     * ({@link #paddingString()})}
     */
    public long[] padding() {
        return padding == null ? null : padding.clone();
    }

    /** {@return the padding string, {@code "same"} or {@code "valid"}, or null for numeric padding} */
    public String paddingString() {
        return paddingString;
    }

    /** {@return the dilation per spatial dimension (a copy)} */
    public long[] dilation() {
        return dilation.clone();
    }

    /** {@return the output padding per spatial dimension, {@code output_padding} (zeros unless transposed; a copy)} */
    public long[] outputPadding() {
        return outputPadding.clone();
    }

    /** {@return the number of blocked connections from input to output channels, {@code groups}} */
    public long groups() {
        return groups;
    }

    /**
     * {@return the padding mode, {@code padding_mode}: {@code "zeros"}, {@code "reflect"},
     * {@code "replicate"} or {@code "circular"}}
     */
    public String paddingMode() {
        return paddingMode;
    }

    /**
     * A (not transposed) convolution of this layer's geometry with the given weight and bias, plus a
     * residual, clamped, and with {@code average} its mean over the positions (see
     * {@link Convolution#convolution(int, Tensor, Tensor, Tensor, long[], long[], long[], long, Tensor, Clamp,
     * boolean)}), after padding the input in the padding mode.
     */
    final Tensor fusedConvolution(Tensor input, Tensor weight, Tensor bias, Tensor residual, Clamp clamp,
                                  boolean average) {
        int dims = kernelSize.length;
        if (!paddingMode.equals("zeros")) {
            return Convolution.convolution(dims, F.pad(input, reversedPadding, paddingMode), weight, bias, stride,
                    new long[] {0}, dilation, groups, residual, clamp, average);
        }
        return paddingString != null
                ? Convolution.convolution(dims, input, weight, bias, stride, paddingString, dilation, groups, residual,
                        clamp, average)
                : Convolution.convolution(dims, input, weight, bias, stride, padding, dilation, groups, residual, clamp,
                        average);
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(PyRepr.tuple(kernelSize))
                .append(", stride=").append(PyRepr.tuple(stride));
        if (paddingString != null) {
            s.append(", padding=").append(paddingString);
        } else if (!allEqual(padding, 0)) {
            s.append(", padding=").append(PyRepr.tuple(padding));
        }
        if (!allEqual(dilation, 1)) {
            s.append(", dilation=").append(PyRepr.tuple(dilation));
        }
        if (!allEqual(outputPadding, 0)) {
            s.append(", output_padding=").append(PyRepr.tuple(outputPadding));
        }
        if (groups != 1) {
            s.append(", groups=").append(groups);
        }
        if (bias() == null) {
            s.append(", bias=False");
        }
        if (!paddingMode.equals("zeros")) {
            s.append(", padding_mode=").append(paddingMode);
        }
        return s.toString();
    }
}
