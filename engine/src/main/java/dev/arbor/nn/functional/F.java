package dev.arbor.nn.functional;

import dev.arbor.ops.Activations;
import dev.arbor.ops.Attention;
import dev.arbor.ops.Convolution;
import dev.arbor.ops.Distances;
import dev.arbor.ops.Dropout;
import dev.arbor.ops.Embedding;
import dev.arbor.ops.Folding;
import dev.arbor.ops.LinearMaps;
import dev.arbor.ops.Losses;
import dev.arbor.ops.MultiHeadAttention;
import dev.arbor.ops.Normalization;
import dev.arbor.ops.Padding;
import dev.arbor.ops.Pooling;
import dev.arbor.ops.Recurrent;
import dev.arbor.ops.Resampling;
import dev.arbor.ops.Softmax;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;
import java.util.List;

/**
 * The functional forms of Arbor's layers, losses and activations, as {@code torch.nn.functional}.
 *
 * <p>Names are PyTorch's in camelCase ({@code log_softmax} is {@link #logSoftmax}); optional
 * arguments are overloads, the shortest taking PyTorch's defaults; optional tensors (bias, weight)
 * may be null. Every function is differentiable with respect to its floating-point inputs and
 * parameters (the class weights of losses and the running statistics of norms are constants, as in
 * PyTorch) and checks its arguments with PyTorch's messages. Random functions (dropout,
 * gumbel-softmax) take a {@link Generator}; the overloads without one use
 * {@link Generator#defaultGenerator()}. Functions keep no state: any thread may call them.
 */
public final class F {
    /** One for every spatial dimension: the default stride and dilation of the windowed ops. */
    private static final long[] ONE = {1};
    /** Zero for every spatial dimension: the default padding of the windowed ops. */
    private static final long[] ZERO = {0};

    private F() {}

    // ---------------------------------------------------------------- softmax

    /** {@code softmax(x)} along {@code dim}, computed stably. */
    public static Tensor softmax(Tensor x, int dim) {
        return Softmax.softmax(x, dim, null);
    }

    /** {@code softmax(x)} along {@code dim}, with the input first cast to {@code dtype}. */
    public static Tensor softmax(Tensor x, int dim, DType dtype) {
        return Softmax.softmax(x, dim, dtype);
    }

    /** {@code log(softmax(x))} along {@code dim}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return Softmax.logSoftmax(x, dim, null);
    }

    /** {@code log(softmax(x))} along {@code dim}, with the input first cast to {@code dtype}. */
    public static Tensor logSoftmax(Tensor x, int dim, DType dtype) {
        return Softmax.logSoftmax(x, dim, dtype);
    }

    /** {@code softmax(-x)} along {@code dim}. */
    public static Tensor softmin(Tensor x, int dim) {
        return Softmax.softmin(x, dim, null);
    }

    /** {@code softmax(-x)} along {@code dim}, with the input first cast to {@code dtype}. */
    public static Tensor softmin(Tensor x, int dim, DType dtype) {
        return Softmax.softmin(x, dim, dtype);
    }

    /**
     * A Gumbel-softmax sample of temperature {@code tau} along {@code dim}; with {@code hard}, the
     * one-hot of its argmax, differentiated as the soft sample (straight-through).
     */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, int dim, Generator gen) {
        return Softmax.gumbelSoftmax(logits, tau, hard, dim, gen);
    }

    /** {@link #gumbelSoftmax(Tensor, double, boolean, int, Generator)} with the default generator. */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, int dim) {
        return Softmax.gumbelSoftmax(logits, tau, hard, dim, Generator.defaultGenerator());
    }

    // ---------------------------------------------------------------- activations

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** {@code min(max(x, 0), 6)}. */
    public static Tensor relu6(Tensor x) {
        return Activations.hardtanh(x, 0, 6);
    }

    /** {@code x > 0 ? x : 0.01 * x}. */
    public static Tensor leakyRelu(Tensor x) {
        return Activations.leakyRelu(x, 0.01);
    }

    /** {@code x > 0 ? x : negativeSlope * x}. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /** {@code x > 0 ? x : weight * x}, with a single weight or one per channel (dimension 1). */
    public static Tensor prelu(Tensor x, Tensor weight) {
        return Activations.prelu(x, weight);
    }

    /** ELU with {@code alpha = 1}. */
    public static Tensor elu(Tensor x) {
        return Activations.elu(x, 1.0);
    }

    /** {@code x > 0 ? x : alpha * (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        return Activations.elu(x, alpha);
    }

    /** The self-normalising ELU with its fixed scale and alpha. */
    public static Tensor selu(Tensor x) {
        return Activations.selu(x);
    }

    /** CELU with {@code alpha = 1}. */
    public static Tensor celu(Tensor x) {
        return Activations.celu(x, 1.0);
    }

    /** {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}; alpha must not be 0. */
    public static Tensor celu(Tensor x, double alpha) {
        return Activations.celu(x, alpha);
    }

    /** The exact GELU, {@code x * Phi(x)}. */
    public static Tensor gelu(Tensor x) {
        return Activations.gelu(x, "none");
    }

    /** GELU with {@code approximate} "none" (exact) or "tanh" (the tanh approximation). */
    public static Tensor gelu(Tensor x, String approximate) {
        return Activations.gelu(x, approximate);
    }

    /** {@code x * sigmoid(x)}. */
    public static Tensor silu(Tensor x) {
        return x.silu();
    }

    /** {@code x * tanh(softplus(x))}. */
    public static Tensor mish(Tensor x) {
        return x.mish();
    }

    /** {@code 1 / (1 + exp(-x))}. */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** {@code clamp(x, -1, 1)}. */
    public static Tensor hardtanh(Tensor x) {
        return Activations.hardtanh(x, -1, 1);
    }

    /** {@code clamp(x, minVal, maxVal)}, with a gradient only strictly inside the range. */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        return Activations.hardtanh(x, minVal, maxVal);
    }

    /** {@code x * relu6(x + 3) / 6}. */
    public static Tensor hardswish(Tensor x) {
        return Activations.hardswish(x);
    }

    /** {@code relu6(x + 3) / 6}. */
    public static Tensor hardsigmoid(Tensor x) {
        return Activations.hardsigmoid(x);
    }

    /** Softplus with {@code beta = 1}, {@code threshold = 20}. */
    public static Tensor softplus(Tensor x) {
        return Activations.softplus(x, 1, 20);
    }

    /** {@code log(1 + exp(beta * x)) / beta}, reverting to {@code x} where {@code beta * x > threshold}. */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return Activations.softplus(x, beta, threshold);
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        return Activations.softsign(x);
    }

    /** {@code x > threshold ? x : value}. */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        return Activations.threshold(x, threshold, value);
    }

    /** {@code log(sigmoid(x))}, computed stably. */
    public static Tensor logsigmoid(Tensor x) {
        return Activations.logsigmoid(x);
    }

    /** The gated linear unit along the last dimension. */
    public static Tensor glu(Tensor x) {
        return Activations.glu(x, -1);
    }

    /** The gated linear unit: {@code a * sigmoid(b)} where {@code a, b} are the halves of {@code dim}. */
    public static Tensor glu(Tensor x, int dim) {
        return Activations.glu(x, dim);
    }

    /** {@code x - tanh(x)}. */
    public static Tensor tanhshrink(Tensor x) {
        return Activations.tanhshrink(x);
    }

    /** Softshrink with {@code lambda = 0.5}. */
    public static Tensor softshrink(Tensor x) {
        return Activations.softshrink(x, 0.5);
    }

    /** {@code x - lambda} above {@code lambda}, {@code x + lambda} below {@code -lambda}, else 0. */
    public static Tensor softshrink(Tensor x, double lambda) {
        return Activations.softshrink(x, lambda);
    }

    /** Hardshrink with {@code lambda = 0.5}. */
    public static Tensor hardshrink(Tensor x) {
        return Activations.hardshrink(x, 0.5);
    }

    /** {@code x} where {@code |x| > lambda}, else 0. */
    public static Tensor hardshrink(Tensor x, double lambda) {
        return Activations.hardshrink(x, lambda);
    }

    // ---------------------------------------------------------------- convolution

    /** 1-d convolution of {@code [N, C, L]} (or {@code [C, L]}) with {@code weight [O, C, k]}, no bias, stride 1, no padding. */
    public static Tensor conv1d(Tensor x, Tensor weight) {
        return Convolution.convolution(1, x, weight, null, ONE, ZERO, ONE, 1);
    }

    /** 1-d convolution with a bias {@code [O]} (or null). */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convolution(1, x, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** 1-d convolution with a stride and zero padding on both sides. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convolution(1, x, weight, bias, new long[] {stride}, new long[] {padding}, ONE, 1);
    }

    /**
     * 1-d convolution, as {@code F.conv1d}: {@code weight [O, C / groups, k]}, bias {@code [O]} or null;
     * each array holds one value or one per spatial dimension.
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(1, x, weight, bias, stride, padding, dilation, groups);
    }

    /** 1-d convolution with {@code padding} {@code "valid"} or {@code "same"} (stride 1). */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(1, x, weight, bias, stride, padding, dilation, groups);
    }

    /** 2-d convolution of {@code [N, C, H, W]} (or {@code [C, H, W]}) with {@code weight [O, C, kH, kW]}, no bias, stride 1, no padding. */
    public static Tensor conv2d(Tensor x, Tensor weight) {
        return Convolution.convolution(2, x, weight, null, ONE, ZERO, ONE, 1);
    }

    /** 2-d convolution with a bias {@code [O]} (or null). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convolution(2, x, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** 2-d convolution with one stride and one zero padding for both spatial dimensions. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convolution(2, x, weight, bias, new long[] {stride}, new long[] {padding}, ONE, 1);
    }

    /**
     * 2-d convolution, as {@code F.conv2d}: {@code weight [O, C / groups, kH, kW]} (depthwise when
     * {@code groups == C}), bias {@code [O]} or null; each array holds one value or one per spatial
     * dimension. float16 and bfloat16 are computed in float32.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(2, x, weight, bias, stride, padding, dilation, groups);
    }

    /** 2-d convolution with {@code padding} {@code "valid"} or {@code "same"} (stride 1). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(2, x, weight, bias, stride, padding, dilation, groups);
    }

    /** 3-d convolution of {@code [N, C, D, H, W]} (or unbatched) with {@code weight [O, C, kD, kH, kW]}, no bias, stride 1, no padding. */
    public static Tensor conv3d(Tensor x, Tensor weight) {
        return Convolution.convolution(3, x, weight, null, ONE, ZERO, ONE, 1);
    }

    /** 3-d convolution with a bias {@code [O]} (or null). */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convolution(3, x, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** 3-d convolution with one stride and one zero padding for all spatial dimensions. */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convolution(3, x, weight, bias, new long[] {stride}, new long[] {padding}, ONE, 1);
    }

    /** 3-d convolution, as {@code F.conv3d}; see {@link #conv2d(Tensor, Tensor, Tensor, long[], long[], long[], long)}. */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(3, x, weight, bias, stride, padding, dilation, groups);
    }

    /** 3-d convolution with {@code padding} {@code "valid"} or {@code "same"} (stride 1). */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(3, x, weight, bias, stride, padding, dilation, groups);
    }

    /** 1-d transposed convolution with {@code weight [Cin, Cout, k]} and a bias {@code [Cout]} (or null), stride 1. */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(1, x, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /**
     * 1-d transposed convolution, as {@code F.conv_transpose1d} (argument order as PyTorch's):
     * {@code weight [Cin, Cout / groups, k]}; output length
     * {@code (L - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1}.
     */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                         long[] outputPadding, long groups, long[] dilation) {
        return Convolution.convTranspose(1, x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** 2-d transposed convolution with {@code weight [Cin, Cout, kH, kW]} and a bias {@code [Cout]} (or null), stride 1. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(2, x, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /** 2-d transposed convolution with one stride and one padding for both spatial dimensions. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convTranspose(2, x, weight, bias, new long[] {stride}, new long[] {padding}, ZERO, 1, ONE);
    }

    /** 2-d transposed convolution, as {@code F.conv_transpose2d}; see {@link #convTranspose1d(Tensor, Tensor, Tensor, long[], long[], long[], long, long[])}. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                         long[] outputPadding, long groups, long[] dilation) {
        return Convolution.convTranspose(2, x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** 3-d transposed convolution with {@code weight [Cin, Cout, kD, kH, kW]} and a bias (or null), stride 1. */
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(3, x, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /** 3-d transposed convolution, as {@code F.conv_transpose3d}; see {@link #convTranspose1d(Tensor, Tensor, Tensor, long[], long[], long[], long, long[])}. */
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                         long[] outputPadding, long groups, long[] dilation) {
        return Convolution.convTranspose(3, x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * The sliding blocks of {@code [N, C, H, W]} (or {@code [C, H, W]}) as columns
     * {@code [N, C * kH * kW, L]} (im2col), as {@code F.unfold} with dilation 1, no padding, stride 1.
     */
    public static Tensor unfold(Tensor x, long[] kernelSize) {
        return Folding.unfold(x, kernelSize, ONE, ZERO, ONE);
    }

    /** {@code F.unfold} (im2col) with dilation, zero padding and stride. */
    public static Tensor unfold(Tensor x, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        return Folding.unfold(x, kernelSize, dilation, padding, stride);
    }

    /** Sums columns {@code [N, C * kH * kW, L]} into an image {@code [N, C, *outputSize]} (col2im), as {@code F.fold}. */
    public static Tensor fold(Tensor x, long[] outputSize, long[] kernelSize) {
        return Folding.fold(x, outputSize, kernelSize, ONE, ZERO, ONE);
    }

    /** {@code F.fold} (col2im) with dilation, padding and stride: the adjoint of {@link #unfold(Tensor, long[], long[], long[], long[])}. */
    public static Tensor fold(Tensor x, long[] outputSize, long[] kernelSize, long[] dilation, long[] padding,
                              long[] stride) {
        return Folding.fold(x, outputSize, kernelSize, dilation, padding, stride);
    }

    // ---------------------------------------------------------------- pooling

    /** 1-d max pooling of {@code [N, C, L]} (or {@code [C, L]}) with window and stride {@code kernelSize}. */
    public static Tensor maxPool1d(Tensor x, long kernelSize) {
        return Pooling.maxPool(1, x, new long[] {kernelSize}, null, ZERO, ONE, false);
    }

    /**
     * 1-d max pooling, as {@code F.max_pool1d}; {@code stride} null or empty means {@code kernelSize};
     * padding (implicit {@code -inf}) at most half the kernel; {@code ceilMode} keeps a last partial window.
     */
    public static Tensor maxPool1d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        return Pooling.maxPool(1, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** {@link #maxPool1d(Tensor, long[], long[], long[], long[], boolean)} with the int64 indices of the maxima ({@code return_indices=True}). */
    public static Tensor.ValuesIndices maxPool1dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding,
                                                            long[] dilation, boolean ceilMode) {
        return Pooling.maxPoolWithIndices(1, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 2-d max pooling of {@code [N, C, H, W]} (or {@code [C, H, W]}) with window and stride {@code kernelSize}. */
    public static Tensor maxPool2d(Tensor x, long kernelSize) {
        return Pooling.maxPool(2, x, new long[] {kernelSize}, null, ZERO, ONE, false);
    }

    /** 2-d max pooling with one window, stride and padding for both dimensions. */
    public static Tensor maxPool2d(Tensor x, long kernelSize, long stride, long padding) {
        return Pooling.maxPool(2, x, new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, ONE, false);
    }

    /** 2-d max pooling, as {@code F.max_pool2d}; see {@link #maxPool1d(Tensor, long[], long[], long[], long[], boolean)}. */
    public static Tensor maxPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        return Pooling.maxPool(2, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 2-d max pooling with the flat (h * W + w) int64 indices of the maxima, for {@link #maxUnpool2d}. */
    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding,
                                                            long[] dilation, boolean ceilMode) {
        return Pooling.maxPoolWithIndices(2, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 3-d max pooling of {@code [N, C, D, H, W]} (or unbatched) with window and stride {@code kernelSize}. */
    public static Tensor maxPool3d(Tensor x, long kernelSize) {
        return Pooling.maxPool(3, x, new long[] {kernelSize}, null, ZERO, ONE, false);
    }

    /** 3-d max pooling, as {@code F.max_pool3d}; see {@link #maxPool1d(Tensor, long[], long[], long[], long[], boolean)}. */
    public static Tensor maxPool3d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        return Pooling.maxPool(3, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 3-d max pooling with the flat int64 indices of the maxima. */
    public static Tensor.ValuesIndices maxPool3dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding,
                                                            long[] dilation, boolean ceilMode) {
        return Pooling.maxPoolWithIndices(3, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** 1-d average pooling with window and stride {@code kernelSize}. */
    public static Tensor avgPool1d(Tensor x, long kernelSize) {
        return Pooling.avgPool(1, x, new long[] {kernelSize}, null, ZERO, false, true, null);
    }

    /**
     * 1-d average pooling, as {@code F.avg_pool1d}; {@code stride} null or empty means
     * {@code kernelSize}; {@code countIncludePad} counts the zero padding in the divisor.
     */
    public static Tensor avgPool1d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad) {
        return Pooling.avgPool(1, x, kernelSize, stride, padding, ceilMode, countIncludePad, null);
    }

    /** 2-d average pooling with window and stride {@code kernelSize}. */
    public static Tensor avgPool2d(Tensor x, long kernelSize) {
        return Pooling.avgPool(2, x, new long[] {kernelSize}, null, ZERO, false, true, null);
    }

    /**
     * 2-d average pooling, as {@code F.avg_pool2d}; {@code divisorOverride} (or null) replaces the
     * window size as the divisor.
     */
    public static Tensor avgPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad, Long divisorOverride) {
        return Pooling.avgPool(2, x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** 3-d average pooling with window and stride {@code kernelSize}. */
    public static Tensor avgPool3d(Tensor x, long kernelSize) {
        return Pooling.avgPool(3, x, new long[] {kernelSize}, null, ZERO, false, true, null);
    }

    /** 3-d average pooling, as {@code F.avg_pool3d}; see {@link #avgPool2d(Tensor, long[], long[], long[], boolean, boolean, Long)}. */
    public static Tensor avgPool3d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad, Long divisorOverride) {
        return Pooling.avgPool(3, x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** Adaptive average pooling of {@code [N, C, L]} to length {@code outputSize}, as {@code F.adaptive_avg_pool1d}. */
    public static Tensor adaptiveAvgPool1d(Tensor x, long outputSize) {
        return Pooling.adaptiveAvgPool(1, x, new long[] {outputSize});
    }

    /** Adaptive average pooling of {@code [N, C, H, W]} to {@code outputSize} (one value for both, or two). */
    public static Tensor adaptiveAvgPool2d(Tensor x, long... outputSize) {
        return Pooling.adaptiveAvgPool(2, x, outputSize);
    }

    /** Adaptive average pooling of {@code [N, C, D, H, W]} to {@code outputSize} (one value for all, or three). */
    public static Tensor adaptiveAvgPool3d(Tensor x, long... outputSize) {
        return Pooling.adaptiveAvgPool(3, x, outputSize);
    }

    /** Adaptive max pooling of {@code [N, C, L]} to length {@code outputSize}. */
    public static Tensor adaptiveMaxPool1d(Tensor x, long outputSize) {
        return Pooling.adaptiveMaxPool(1, x, new long[] {outputSize});
    }

    /** Adaptive max pooling of {@code [N, C, L]} with the int64 indices of the maxima. */
    public static Tensor.ValuesIndices adaptiveMaxPool1dWithIndices(Tensor x, long outputSize) {
        return Pooling.adaptiveMaxPoolWithIndices(1, x, new long[] {outputSize});
    }

    /** Adaptive max pooling of {@code [N, C, H, W]} to {@code outputSize} (one value for both, or two). */
    public static Tensor adaptiveMaxPool2d(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPool(2, x, outputSize);
    }

    /** Adaptive 2-d max pooling with the flat int64 indices of the maxima. */
    public static Tensor.ValuesIndices adaptiveMaxPool2dWithIndices(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPoolWithIndices(2, x, outputSize);
    }

    /** Adaptive max pooling of {@code [N, C, D, H, W]} to {@code outputSize} (one value for all, or three). */
    public static Tensor adaptiveMaxPool3d(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPool(3, x, outputSize);
    }

    /** Adaptive 3-d max pooling with the flat int64 indices of the maxima. */
    public static Tensor.ValuesIndices adaptiveMaxPool3dWithIndices(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPoolWithIndices(3, x, outputSize);
    }

    /** Power-average pooling {@code (sum x^p)^(1/p)} over windows of {@code [N, C, L]}, as {@code F.lp_pool1d}; stride null for the kernel size. */
    public static Tensor lpPool1d(Tensor x, double normType, long kernelSize, Long stride, boolean ceilMode) {
        return Pooling.lpPool(1, x, normType, new long[] {kernelSize}, stride == null ? null : new long[] {stride},
                ceilMode);
    }

    /** Power-average pooling over windows of {@code [N, C, H, W]}, as {@code F.lp_pool2d}; stride null for the kernel size. */
    public static Tensor lpPool2d(Tensor x, double normType, long[] kernelSize, long[] stride, boolean ceilMode) {
        return Pooling.lpPool(2, x, normType, kernelSize, stride, ceilMode);
    }

    /**
     * Puts each value of {@code x} at its index from {@link #maxPool1dWithIndices} in a zero output,
     * as {@code F.max_unpool1d}; {@code outputSize} null for {@code (L - 1) * stride - 2 * padding + kernel}.
     */
    public static Tensor maxUnpool1d(Tensor x, Tensor indices, long[] kernelSize, long[] stride, long[] padding,
                                     long[] outputSize) {
        return Pooling.maxUnpool(1, x, indices, kernelSize, stride, padding, outputSize);
    }

    /** The inverse of {@link #maxPool2dWithIndices}, as {@code F.max_unpool2d}; see {@link #maxUnpool1d}. */
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, long[] kernelSize, long[] stride, long[] padding,
                                     long[] outputSize) {
        return Pooling.maxUnpool(2, x, indices, kernelSize, stride, padding, outputSize);
    }

    /** The inverse of {@link #maxPool3dWithIndices}, as {@code F.max_unpool3d}; see {@link #maxUnpool1d}. */
    public static Tensor maxUnpool3d(Tensor x, Tensor indices, long[] kernelSize, long[] stride, long[] padding,
                                     long[] outputSize) {
        return Pooling.maxUnpool(3, x, indices, kernelSize, stride, padding, outputSize);
    }

    // ---------------------------------------------------------------- padding and resampling

    /**
     * Zero padding, as {@code F.pad}: {@code pad} lists (before, after) amounts from the last
     * dimension backwards, {@code (left, right, top, bottom, ...)}; negative amounts crop.
     */
    public static Tensor pad(Tensor x, long[] pad) {
        return Padding.pad(x, pad, "constant", null);
    }

    /** Padding in {@code mode}: {@code constant} (zeros), {@code reflect}, {@code replicate} or {@code circular}. */
    public static Tensor pad(Tensor x, long[] pad, String mode) {
        return Padding.pad(x, pad, mode, null);
    }

    /** Padding in {@code mode} with the fill {@code value} of {@code constant} mode (the other modes take none). */
    public static Tensor pad(Tensor x, long[] pad, String mode, double value) {
        return Padding.pad(x, pad, mode, value);
    }

    /**
     * Resizes {@code [N, C, *spatial]} to the spatial {@code size} in {@code mode} ({@code nearest},
     * {@code nearest-exact}, {@code linear}, {@code bilinear}, {@code bicubic}, {@code trilinear},
     * {@code area}), as {@code F.interpolate} with {@code align_corners=None}.
     */
    public static Tensor interpolate(Tensor x, long[] size, String mode) {
        return Resampling.interpolate(x, size, null, mode, null, false);
    }

    /** Resizes by {@code scaleFactor} (one value or one per spatial dimension; output sizes rounded down). */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode) {
        return Resampling.interpolate(x, null, scaleFactor, mode, null, false);
    }

    /**
     * {@code F.interpolate} with every option: exactly one of {@code size} and {@code scaleFactor};
     * {@code alignCorners} (null for the default) only for the linear and cubic modes;
     * {@code recomputeScaleFactor} computes positions from the output size alone.
     */
    public static Tensor interpolate(Tensor x, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
                                     boolean recomputeScaleFactor) {
        return Resampling.interpolate(x, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    /** {@code F.upsample}, PyTorch's older name for {@link #interpolate(Tensor, long[], double[], String, Boolean, boolean)}. */
    public static Tensor upsample(Tensor x, long[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        return Resampling.interpolate(x, size, scaleFactor, mode, alignCorners, false);
    }

    /** {@code F.upsample_nearest}: nearest-neighbour resizing to {@code size} or by {@code scaleFactor} (the other null). */
    public static Tensor upsampleNearest(Tensor x, long[] size, double[] scaleFactor) {
        return Resampling.interpolate(x, size, scaleFactor, "nearest", null, false);
    }

    /** {@code F.upsample_bilinear}: bilinear resizing with aligned corners, to {@code size} or by {@code scaleFactor}. */
    public static Tensor upsampleBilinear(Tensor x, long[] size, double[] scaleFactor) {
        return Resampling.interpolate(x, size, scaleFactor, "bilinear", true, false);
    }

    /** Rearranges {@code [*, C * r^2, H, W]} into {@code [*, C, H * r, W * r]}, as {@code F.pixel_shuffle}. */
    public static Tensor pixelShuffle(Tensor x, long upscaleFactor) {
        return Resampling.pixelShuffle(x, upscaleFactor);
    }

    /** Rearranges {@code [*, C, H * r, W * r]} into {@code [*, C * r^2, H, W]}, as {@code F.pixel_unshuffle}. */
    public static Tensor pixelUnshuffle(Tensor x, long downscaleFactor) {
        return Resampling.pixelUnshuffle(x, downscaleFactor);
    }

    // ---------------------------------------------------------------- linear maps

    /** {@code x @ weight^T}: x {@code [*, in]}, weight {@code [out, in]}. */
    public static Tensor linear(Tensor x, Tensor weight) {
        return LinearMaps.linear(x, weight, null);
    }

    /** {@code x @ weight^T + bias}; bias {@code [out]} or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return LinearMaps.linear(x, weight, bias);
    }

    /** {@code x1^T W[o] x2 + b[o]} for each output {@code o}: weight {@code [out, in1, in2]}, bias {@code [out]} or null. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        return LinearMaps.bilinear(x1, x2, weight, bias);
    }

    // ---------------------------------------------------------------- normalization

    /** Layer normalization over the trailing {@code normalizedShape} dimensions, without affine parameters. */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape) {
        return Normalization.layerNorm(x, normalizedShape, null, null, 1e-5);
    }

    /** Layer normalization with {@code weight} and {@code bias} (either null) of shape {@code normalizedShape}. */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, 1e-5);
    }

    /** {@code (x - mean) / sqrt(var + eps) * weight + bias} over the trailing {@code normalizedShape} dimensions. */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** Batch normalization in evaluation mode with the running statistics, without affine parameters. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar) {
        return Normalization.batchNorm(x, runningMean, runningVar, null, null, false, 0.1, 1e-5);
    }

    /** Batch normalization with momentum 0.1 and eps 1e-5. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, 0.1, 1e-5);
    }

    /**
     * Batch normalization of {@code [N, C, *]} per channel. In training, with the batch's statistics, and
     * the running statistics (when not null) updated in place:
     * {@code running = (1 - momentum) * running + momentum * batch}, with the unbiased batch variance;
     * otherwise with the running statistics. Parameters and statistics have {@code C} elements.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** Group normalization without affine parameters. */
    public static Tensor groupNorm(Tensor x, long numGroups) {
        return Normalization.groupNorm(x, numGroups, null, null, 1e-5);
    }

    /** Group normalization with per-channel {@code weight} and {@code bias} (either null). */
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias) {
        return Normalization.groupNorm(x, numGroups, weight, bias, 1e-5);
    }

    /** Normalizes each group of {@code C / numGroups} channels of each sample of {@code [N, C, *]}. */
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, numGroups, weight, bias, eps);
    }

    /** Instance normalization with the input's statistics, no running statistics and no affine parameters. */
    public static Tensor instanceNorm(Tensor x) {
        return Normalization.instanceNorm(x, null, null, null, null, true, 0.1, 1e-5);
    }

    /**
     * Normalizes each channel of each sample of {@code [N, C, *]} over its spatial elements. With
     * {@code useInputStats}, the running statistics (when not null) are updated with the average over the
     * batch; without, they are used instead.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        return Normalization.instanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    /** Local response normalization with alpha 1e-4, beta 0.75, k 1. */
    public static Tensor localResponseNorm(Tensor x, int size) {
        return Normalization.localResponseNorm(x, size, 1e-4, 0.75, 1.0);
    }

    /** {@code x / (k + alpha / size * sum of x^2 over size neighbouring channels)^beta}. */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        return Normalization.localResponseNorm(x, size, alpha, beta, k);
    }

    /** {@code x / max(||x||_2, 1e-12)} along dimension 1. */
    public static Tensor normalize(Tensor x) {
        return Normalization.normalize(x, 2, 1, 1e-12);
    }

    /** {@code x / max(||x||_p, 1e-12)} along {@code dim}. */
    public static Tensor normalize(Tensor x, double p, int dim) {
        return Normalization.normalize(x, p, dim, 1e-12);
    }

    /** {@code x / max(||x||_p, eps)} along {@code dim}. */
    public static Tensor normalize(Tensor x, double p, int dim, double eps) {
        return Normalization.normalize(x, p, dim, eps);
    }

    // ---------------------------------------------------------------- embeddings

    /** The rows of {@code weight [V, D]} at the int64/int32 indices {@code input}: shape {@code input.shape + [D]}. */
    public static Tensor embedding(Tensor input, Tensor weight) {
        return Embedding.embedding(input, weight, null, null, 2, false);
    }

    /** {@link #embedding(Tensor, Tensor)} where row {@code paddingIdx} (negative counts from the end) gets no gradient. */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx) {
        return Embedding.embedding(input, weight, paddingIdx, null, 2, false);
    }

    /**
     * An embedding lookup. {@code paddingIdx} (null: none): that row gets no gradient. {@code maxNorm}
     * (null: none): looked-up rows whose {@code normType}-norm exceeds it are rescaled in place to it
     * first. {@code scaleGradByFreq}: each row's gradient is divided by its count in {@code input}.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx, Double maxNorm, double normType,
                                   boolean scaleGradByFreq) {
        return Embedding.embedding(input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq);
    }

    /**
     * The {@code mode} ("sum", "mean" or "max") of each bag of embeddings: a 2-d {@code input} holds one
     * bag per row ({@code offsets} null); a 1-d one is split into bags starting at {@code offsets}.
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, String mode) {
        return Embedding.embeddingBag(input, weight, offsets, null, 2, false, mode, null, false, null);
    }

    /**
     * {@code F.embedding_bag} with every option: {@code perSampleWeights} (input's shape, "sum" only)
     * scale each embedding; with {@code includeLastOffset}, {@code offsets} has one more element, the
     * end of the last bag; entries equal to {@code paddingIdx} are left out of their bags.
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType,
                                      boolean scaleGradByFreq, String mode, Tensor perSampleWeights,
                                      boolean includeLastOffset, Long paddingIdx) {
        return Embedding.embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode,
                perSampleWeights, includeLastOffset, paddingIdx);
    }

    /** int64 one-hot rows {@code [*, max + 1]} of int64 class indices. */
    public static Tensor oneHot(Tensor input) {
        return Embedding.oneHot(input, -1);
    }

    /** int64 one-hot rows {@code [*, numClasses]} of int64 class indices (-1: {@code max + 1}). */
    public static Tensor oneHot(Tensor input, long numClasses) {
        return Embedding.oneHot(input, numClasses);
    }

    // ---------------------------------------------------------------- dropout

    /** Dropout with probability {@code p} in training, using the default generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return Dropout.dropout(x, p, training, Generator.defaultGenerator());
    }

    /** Zeroes elements with probability {@code p} and scales the rest by {@code 1 / (1 - p)}; the input itself when not training. */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.dropout(x, p, training, gen);
    }

    /** Channel dropout of {@code [N, C, L]} or {@code [C, L]}, using the default generator. */
    public static Tensor dropout1d(Tensor x, double p, boolean training) {
        return Dropout.dropout1d(x, p, training, Generator.defaultGenerator());
    }

    /** Zeroes whole channels of {@code [N, C, L]} or {@code [C, L]} with probability {@code p}, scaling the rest. */
    public static Tensor dropout1d(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.dropout1d(x, p, training, gen);
    }

    /** Channel dropout of {@code [N, C, H, W]}, using the default generator. */
    public static Tensor dropout2d(Tensor x, double p, boolean training) {
        return Dropout.featureDropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Zeroes whole channels of {@code [N, C, *]} with probability {@code p}, scaling the rest. As in
     * PyTorch 1.13, a 3-d input is taken as {@code [N, C, L]}.
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.featureDropout(x, p, training, gen);
    }

    /** Channel dropout of {@code [N, C, D, H, W]} or {@code [C, D, H, W]}, using the default generator. */
    public static Tensor dropout3d(Tensor x, double p, boolean training) {
        return Dropout.dropout3d(x, p, training, Generator.defaultGenerator());
    }

    /** Zeroes whole channels of {@code [N, C, D, H, W]} or {@code [C, D, H, W]} with probability {@code p}. */
    public static Tensor dropout3d(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.dropout3d(x, p, training, gen);
    }

    /** Alpha dropout, using the default generator. */
    public static Tensor alphaDropout(Tensor x, double p, boolean training) {
        return Dropout.alphaDropout(x, p, training, false, Generator.defaultGenerator());
    }

    /** Dropout for SELU networks: keeps the mean and variance of self-normalized inputs. */
    public static Tensor alphaDropout(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.alphaDropout(x, p, training, false, gen);
    }

    /** Feature alpha dropout, using the default generator. */
    public static Tensor featureAlphaDropout(Tensor x, double p, boolean training) {
        return Dropout.alphaDropout(x, p, training, true, Generator.defaultGenerator());
    }

    /** Alpha dropout of whole channels of {@code [N, C, *]}. */
    public static Tensor featureAlphaDropout(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.alphaDropout(x, p, training, true, gen);
    }

    // ---------------------------------------------------------------- losses

    /** The mean squared error. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target, Reduction.MEAN);
    }

    /** {@code (input - target)^2}, reduced; a target of another shape is broadcast with a warning, as in PyTorch. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.mseLoss(input, target, reduction);
    }

    /** The mean absolute error. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return Losses.l1Loss(input, target, Reduction.MEAN);
    }

    /** {@code |input - target|}, reduced. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.l1Loss(input, target, reduction);
    }

    /** The smooth L1 loss with beta 1, averaged. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return Losses.smoothL1Loss(input, target, Reduction.MEAN, 1.0);
    }

    /** {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}, reduced (beta 0: L1). */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return Losses.smoothL1Loss(input, target, reduction, beta);
    }

    /** The Huber loss with delta 1, averaged. */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return Losses.huberLoss(input, target, Reduction.MEAN, 1.0);
    }

    /** {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}, reduced. */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return Losses.huberLoss(input, target, reduction, delta);
    }

    /** Cross-entropy of logits against class indices or probabilities, averaged. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, null, -100, Reduction.MEAN, 0);
    }

    /**
     * Cross-entropy of logits {@code [N, C, d1...]} (or {@code [C]}) against int64 class indices
     * {@code [N, d1...]} or class probabilities of the input's shape. {@code weight} ({@code [C]} or null)
     * weights the classes, and the mean is the weighted mean {@code sum(w[t] loss) / sum(w[t])};
     * targets equal to {@code ignoreIndex} count for nothing; {@code labelSmoothing} in [0, 1] mixes the
     * target with the uniform distribution.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex,
                                      Reduction reduction, double labelSmoothing) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /** The negative log-likelihood loss, averaged. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target, null, -100, Reduction.MEAN);
    }

    /**
     * {@code -w[t] * input[t]} for log-probabilities {@code [N, C, d1...]} and int64 class indices
     * {@code [N, d1...]}; the mean is weighted ({@code / sum(w[t])}) and skips {@code ignoreIndex}.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    /** Binary cross-entropy of probabilities, averaged. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /** {@code -w (t log x + (1 - t) log(1 - x))} with the logs clamped at -100; {@code weight} broadcasts. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Losses.binaryCrossEntropy(input, target, weight, reduction);
    }

    /** Binary cross-entropy of logits, averaged. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of logits, computed stably; {@code posWeight} (broadcast over the last
     * dimension, or null) weights the positive term, {@code weight} each element.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /** The KL divergence with reduction mean (as PyTorch's default; {@link Reduction#BATCHMEAN} is the true KL). */
    public static Tensor klDiv(Tensor input, Tensor target) {
        return Losses.klDiv(input, target, Reduction.MEAN, false);
    }

    /**
     * {@code target * (log(target) - input)} for log-probabilities {@code input}; with {@code logTarget}, the
     * target is given as log-probabilities too. {@link Reduction#BATCHMEAN} divides the sum by the batch size.
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return Losses.klDiv(input, target, reduction, logTarget);
    }

    /** The cosine embedding loss with margin 0, averaged. */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, 0, Reduction.MEAN);
    }

    /** {@code 1 - cos} where the target is 1, {@code max(0, cos - margin)} where it is -1. */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
                                             Reduction reduction) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    /** The cosine similarity along dimension 1, with eps 1e-8. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) {
        return Distances.cosineSimilarity(x1, x2, 1, 1e-8);
    }

    /** The cosine similarity along {@code dim}, each norm clamped below at {@code eps}. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        return Distances.cosineSimilarity(x1, x2, dim, eps);
    }

    /** The Euclidean distance along the last dimension, with eps 1e-6. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) {
        return Distances.pairwiseDistance(x1, x2, 2, 1e-6, false);
    }

    /** {@code ||x1 - x2 + eps||_p} along the last dimension. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        return Distances.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    // ---------------------------------------------------------------- recurrent

    /**
     * A multi-layer Elman RNN, as {@code _VF.rnn_tanh} / {@code _VF.rnn_relu}: {@code input [T, N, I]}
     * ({@code [N, T, I]} with {@code batchFirst}), {@code hx [numLayers * D, N, H]} or null for zeros,
     * {@code weights} in PyTorch's flat order (per layer and direction: {@code w_ih [H, in], w_hh [H, H]},
     * then {@code b_ih, b_hh} when {@code hasBiases}); {@code nonlinearity} "tanh" or "relu"; dropout
     * between layers in training, with the default generator.
     */
    public static RecurrentOutput rnn(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases,
                                      String nonlinearity, int numLayers, double dropout, boolean training,
                                      boolean bidirectional, boolean batchFirst) {
        return rnn(input, hx, weights, hasBiases, nonlinearity, numLayers, dropout, training, bidirectional, batchFirst,
                Generator.defaultGenerator());
    }

    /** {@link #rnn(Tensor, Tensor, List, boolean, String, int, double, boolean, boolean, boolean)} with a generator for dropout. */
    public static RecurrentOutput rnn(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases,
                                      String nonlinearity, int numLayers, double dropout, boolean training,
                                      boolean bidirectional, boolean batchFirst, Generator gen) {
        return Recurrent.rnn(input, hx, weights, hasBiases, reluNonlinearity(nonlinearity), numLayers, dropout, training,
                bidirectional, batchFirst, gen);
    }

    private static boolean reluNonlinearity(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> false;
            case "relu" -> true;
            default -> throw new IllegalArgumentException("Unknown nonlinearity '" + nonlinearity
                    + "'. Select from 'tanh' or 'relu'.");
        };
    }

    /**
     * A multi-layer LSTM, as {@code _VF.lstm}: gates in PyTorch's order (input, forget, cell, output),
     * {@code w_ih [4H, in]}, {@code w_hh [4H, H_out]}; with projections each layer and direction also has
     * {@code w_hr [H_out, H]} last. {@code hx} null (or either of its tensors null) is zeros. See
     * {@link #rnn(Tensor, Tensor, List, boolean, String, int, double, boolean, boolean, boolean)}.
     */
    public static LstmOutput lstm(Tensor input, LstmState hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                  double dropout, boolean training, boolean bidirectional, boolean batchFirst) {
        return Recurrent.lstm(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                Generator.defaultGenerator());
    }

    /** {@link #lstm(Tensor, LstmState, List, boolean, int, double, boolean, boolean, boolean)} with a generator for dropout. */
    public static LstmOutput lstm(Tensor input, LstmState hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                  double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                                  Generator gen) {
        return Recurrent.lstm(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                gen);
    }

    /**
     * A multi-layer GRU, as {@code _VF.gru}: gates reset, update, new ({@code w_ih [3H, in]}), with
     * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}. See
     * {@link #rnn(Tensor, Tensor, List, boolean, String, int, double, boolean, boolean, boolean)}.
     */
    public static RecurrentOutput gru(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                      double dropout, boolean training, boolean bidirectional, boolean batchFirst) {
        return Recurrent.gru(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                Generator.defaultGenerator());
    }

    /** {@link #gru(Tensor, Tensor, List, boolean, int, double, boolean, boolean, boolean)} with a generator for dropout. */
    public static RecurrentOutput gru(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                      double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                                      Generator gen) {
        return Recurrent.gru(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                gen);
    }

    /**
     * One step of an Elman cell, {@code tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)} (or relu for
     * {@code nonlinearity} "relu"): input {@code [N, I]}, {@code hx [N, H]} or null for zeros; biases may be null.
     */
    public static Tensor rnnCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                                 String nonlinearity) {
        return Recurrent.rnnCell(input, hx, wIh, wHh, bIh, bHh, reluNonlinearity(nonlinearity));
    }

    /** One LSTM step: the new {@code (h, c)} from input {@code [N, I]} and {@code hx} (null for zeros). */
    public static LstmState lstmCell(Tensor input, LstmState hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return Recurrent.lstmCell(input, hx, wIh, wHh, bIh, bHh);
    }

    /** One GRU step: the new hidden state from input {@code [N, I]} and {@code hx [N, H]} (null for zeros). */
    public static Tensor gruCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return Recurrent.gruCell(input, hx, wIh, wHh, bIh, bHh);
    }

    // ---------------------------------------------------------------- attention

    /** {@code softmax(q k^T / sqrt(E)) v}. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
        return Attention.compute(query, key, value, null, 0, false, null, Generator.defaultGenerator()).output();
    }

    /**
     * Scaled dot-product attention as PyTorch 2's {@code F.scaled_dot_product_attention}: query
     * {@code [..., L, E]}, key {@code [..., S, E]}, value {@code [..., S, Ev]}. {@code attnMask} (null, bool:
     * true where attention is allowed, or floating: added to the scores) broadcasts to {@code [..., L, S]};
     * {@code isCausal} masks keys after each query instead. Dropout uses the default generator.
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
                                                   double dropoutP, boolean isCausal) {
        return Attention.compute(query, key, value, attnMask, dropoutP, isCausal, null, Generator.defaultGenerator())
                .output();
    }

    /** Scaled dot-product attention with the score factor {@code scale} (null: {@code 1 / sqrt(E)}) and a generator. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
                                                   double dropoutP, boolean isCausal, Double scale, Generator gen) {
        return Attention.compute(query, key, value, attnMask, dropoutP, isCausal, scale, gen).output();
    }

    /**
     * Multi-head attention as {@code F.multi_head_attention_forward} of PyTorch 1.13, arguments in its
     * order: query {@code [L, N, E]}, key and value {@code [S, N, E_k]}, {@code [S, N, E_v]} (or unbatched
     * {@code [L, E]}, {@code [S, E]}); the packed {@code inProjWeight [3E, E]} unless
     * {@code useSeparateProjWeight} (then {@code q/k/vProjWeight}); {@code biasK}/{@code biasV}
     * {@code [1, 1, E]} or null; masks (null, bool with true where attention is <em>not</em> allowed, or
     * floating and added): {@code keyPaddingMask [N, S]}, {@code attnMask [L, S]} or
     * {@code [N * heads, L, S]}; {@code staticK}/{@code staticV} replace the projected keys and values
     * ({@code [N * heads, S, E / heads]}) or null. Dropout on the attention weights in training, with the
     * default generator.
     */
    public static AttentionOutput multiHeadAttentionForward(Tensor query, Tensor key, Tensor value,
                                                            long embedDimToCheck, long numHeads, Tensor inProjWeight,
                                                            Tensor inProjBias, Tensor biasK, Tensor biasV,
                                                            boolean addZeroAttn, double dropoutP, Tensor outProjWeight,
                                                            Tensor outProjBias, boolean training,
                                                            Tensor keyPaddingMask, boolean needWeights,
                                                            Tensor attnMask, boolean useSeparateProjWeight,
                                                            Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight,
                                                            Tensor staticK, Tensor staticV,
                                                            boolean averageAttnWeights) {
        return MultiHeadAttention.forward(query, key, value, embedDimToCheck, numHeads, inProjWeight, inProjBias,
                biasK, biasV, addZeroAttn, dropoutP, outProjWeight, outProjBias, training, keyPaddingMask, needWeights,
                attnMask, useSeparateProjWeight, qProjWeight, kProjWeight, vProjWeight, staticK, staticV,
                averageAttnWeights, Generator.defaultGenerator());
    }
}
