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

    /**
     * {@code exp(x) / sum(exp(x))} along {@code dim}, as {@code F.softmax}, computed stably (the maximum is
     * subtracted first); float16 and bfloat16 are computed in float32.
     *
     * @param x   a floating-point input of any shape
     * @param dim the dimension the probabilities sum to 1 along; negative counts from the end
     * @return the probabilities, of {@code x}'s shape and dtype
     */
    public static Tensor softmax(Tensor x, int dim) {
        return Softmax.softmax(x, dim, null);
    }

    /**
     * {@code F.softmax} with the input first cast to {@code dtype}, as PyTorch's {@code dtype} argument
     * (to compute a half-precision input's softmax in float64, say).
     *
     * @param x     an input of any shape
     * @param dim   the dimension the probabilities sum to 1 along; negative counts from the end
     * @param dtype the floating-point dtype to compute and return in; null keeps {@code x}'s
     * @return the probabilities, of {@code x}'s shape, in {@code dtype}
     */
    public static Tensor softmax(Tensor x, int dim, DType dtype) {
        return Softmax.softmax(x, dim, dtype);
    }

    /**
     * {@code x - log(sum(exp(x)))} along {@code dim}, as {@code F.log_softmax}: the log of
     * {@link #softmax(Tensor, int)}, computed stably.
     *
     * @param x   a floating-point input of any shape
     * @param dim the dimension to normalize along; negative counts from the end
     * @return the log-probabilities, of {@code x}'s shape and dtype
     */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return Softmax.logSoftmax(x, dim, null);
    }

    /**
     * {@code F.log_softmax} with the input first cast to {@code dtype}.
     *
     * @param x     an input of any shape
     * @param dim   the dimension to normalize along; negative counts from the end
     * @param dtype the floating-point dtype to compute and return in; null keeps {@code x}'s
     * @return the log-probabilities, of {@code x}'s shape, in {@code dtype}
     */
    public static Tensor logSoftmax(Tensor x, int dim, DType dtype) {
        return Softmax.logSoftmax(x, dim, dtype);
    }

    /**
     * {@code softmax(-x)} along {@code dim}, as {@code F.softmin}.
     *
     * @param x   a floating-point input of any shape
     * @param dim the dimension the probabilities sum to 1 along; negative counts from the end
     * @return the probabilities, of {@code x}'s shape and dtype
     */
    public static Tensor softmin(Tensor x, int dim) {
        return Softmax.softmin(x, dim, null);
    }

    /**
     * {@code F.softmin} with the input first cast to {@code dtype}.
     *
     * @param x     an input of any shape
     * @param dim   the dimension the probabilities sum to 1 along; negative counts from the end
     * @param dtype the floating-point dtype to compute and return in; null keeps {@code x}'s
     * @return the probabilities, of {@code x}'s shape, in {@code dtype}
     */
    public static Tensor softmin(Tensor x, int dim, DType dtype) {
        return Softmax.softmin(x, dim, dtype);
    }

    /**
     * A sample of the Gumbel-softmax distribution, as {@code F.gumbel_softmax}: the softmax of
     * {@code (logits + g) / tau} along {@code dim}, {@code g} drawn from Gumbel(0, 1).
     *
     * @param logits unnormalized log-probabilities of any shape, floating point
     * @param tau    the temperature, positive (PyTorch's default 1); lower is closer to one-hot
     * @param hard   whether to return the one-hot of the sample's argmax, differentiated as the soft sample
     *               (straight-through); PyTorch's default false
     * @param dim    the dimension of the categories (PyTorch's default -1)
     * @param gen    the generator the noise is drawn from
     * @return the sample, of {@code logits}' shape and dtype, summing to 1 along {@code dim}
     */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, int dim, Generator gen) {
        return Softmax.gumbelSoftmax(logits, tau, hard, dim, gen);
    }

    /**
     * {@link #gumbelSoftmax(Tensor, double, boolean, int, Generator)} with the noise drawn from the default
     * generator.
     *
     * @param logits unnormalized log-probabilities of any shape, floating point
     * @param tau    the temperature, positive (PyTorch's default 1)
     * @param hard   whether to return the straight-through one-hot of the argmax (PyTorch's default false)
     * @param dim    the dimension of the categories (PyTorch's default -1)
     * @return the sample, of {@code logits}' shape and dtype
     */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, int dim) {
        return Softmax.gumbelSoftmax(logits, tau, hard, dim, Generator.defaultGenerator());
    }

    // ---------------------------------------------------------------- activations

    /**
     * {@code max(x, 0)} elementwise, as {@code F.relu}.
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /**
     * {@code min(max(x, 0), 6)} elementwise, as {@code F.relu6}; the gradient is 1 strictly between 0 and 6.
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor relu6(Tensor x) {
        return Activations.hardtanh(x, 0, 6);
    }

    /**
     * {@code x > 0 ? x : 0.01 * x} elementwise, as {@code F.leaky_relu} with its default slope.
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor leakyRelu(Tensor x) {
        return Activations.leakyRelu(x, 0.01);
    }

    /**
     * {@code x > 0 ? x : negativeSlope * x} elementwise, as {@code F.leaky_relu}.
     *
     * @param x             a floating-point input of any shape
     * @param negativeSlope the factor applied to negative inputs (PyTorch's default 0.01)
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /**
     * {@code x > 0 ? x : weight * x} elementwise, as {@code F.prelu}, with a learnable slope.
     *
     * @param x      a floating-point input {@code [N, C, *]} (or of fewer than 2 dimensions, then one channel)
     * @param weight the slopes: one element for all channels, or {@code C} (a 0-d or 1-d tensor)
     * @return the result, of {@code x}'s shape
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        return Activations.prelu(x, weight);
    }

    /**
     * {@code x > 0 ? x : exp(x) - 1} elementwise, as {@code F.elu} with {@code alpha = 1}.
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor elu(Tensor x) {
        return Activations.elu(x, 1.0);
    }

    /**
     * {@code x > 0 ? x : alpha * (exp(x) - 1)} elementwise, as {@code F.elu}.
     *
     * @param x     a floating-point input of any shape
     * @param alpha the value the negative side saturates to, negated (PyTorch's default 1)
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor elu(Tensor x, double alpha) {
        return Activations.elu(x, alpha);
    }

    /**
     * The self-normalizing ELU, {@code scale * (x > 0 ? x : alpha * (exp(x) - 1))} with the fixed
     * {@code alpha = 1.6733} and {@code scale = 1.0507} of Klambauer et al., as {@code F.selu}.
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor selu(Tensor x) {
        return Activations.selu(x);
    }

    /**
     * {@code max(0, x) + min(0, exp(x) - 1)} elementwise, as {@code F.celu} with {@code alpha = 1}.
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor celu(Tensor x) {
        return Activations.celu(x, 1.0);
    }

    /**
     * {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))} elementwise, as {@code F.celu}.
     *
     * @param x     a floating-point input of any shape
     * @param alpha the scale of the negative side, not 0 (PyTorch's default 1)
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor celu(Tensor x, double alpha) {
        return Activations.celu(x, alpha);
    }

    /**
     * The exact GELU, {@code x * Phi(x)} with {@code Phi} the standard normal CDF, as {@code F.gelu}.
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor gelu(Tensor x) {
        return Activations.gelu(x, "none");
    }

    /**
     * GELU, exact or by its tanh approximation, as {@code F.gelu}.
     *
     * @param x           a floating-point input of any shape
     * @param approximate {@code "none"} for {@code x * Phi(x)} (PyTorch's default) or {@code "tanh"} for
     *                    {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor gelu(Tensor x, String approximate) {
        return Activations.gelu(x, approximate);
    }

    /**
     * {@code x * sigmoid(x)} elementwise (swish), as {@code F.silu}.
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor silu(Tensor x) {
        return x.silu();
    }

    /**
     * {@code x * tanh(softplus(x))} elementwise, as {@code F.mish}.
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor mish(Tensor x) {
        return x.mish();
    }

    /**
     * {@code 1 / (1 + exp(-x))} elementwise, as {@code torch.sigmoid}.
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape
     */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /**
     * The hyperbolic tangent elementwise, as {@code torch.tanh}.
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape
     */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /**
     * {@code clamp(x, -1, 1)} elementwise, as {@code F.hardtanh} with its default range; the gradient is 1
     * strictly inside (-1, 1).
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor hardtanh(Tensor x) {
        return Activations.hardtanh(x, -1, 1);
    }

    /**
     * {@code clamp(x, minVal, maxVal)} elementwise, as {@code F.hardtanh}; the gradient is 1 strictly inside
     * the range and 0 elsewhere.
     *
     * @param x      an input of any shape
     * @param minVal the lower bound (PyTorch's default -1)
     * @param maxVal the upper bound (PyTorch's default 1)
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        return Activations.hardtanh(x, minVal, maxVal);
    }

    /**
     * {@code x * relu6(x + 3) / 6} elementwise, as {@code F.hardswish}, with PyTorch's gradients at the kinks
     * (-0.5 at -3, 1 at 3).
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor hardswish(Tensor x) {
        return Activations.hardswish(x);
    }

    /**
     * {@code relu6(x + 3) / 6} elementwise, as {@code F.hardsigmoid}.
     *
     * @param x a floating-point input of any shape
     * @return the result, in [0, 1], of {@code x}'s shape and dtype
     */
    public static Tensor hardsigmoid(Tensor x) {
        return Activations.hardsigmoid(x);
    }

    /**
     * {@code log(1 + exp(x))} elementwise, as {@code F.softplus} with {@code beta = 1} and
     * {@code threshold = 20} (above which it is {@code x}).
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor softplus(Tensor x) {
        return Activations.softplus(x, 1, 20);
    }

    /**
     * {@code log(1 + exp(beta * x)) / beta} elementwise, as {@code F.softplus}; {@code x} itself where
     * {@code beta * x > threshold}, for numerical stability.
     *
     * @param x         a floating-point input of any shape
     * @param beta      the sharpness (PyTorch's default 1)
     * @param threshold the value of {@code beta * x} above which the result is linear (PyTorch's default 20)
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return Activations.softplus(x, beta, threshold);
    }

    /**
     * {@code x / (1 + |x|)} elementwise, as {@code F.softsign}.
     *
     * @param x a floating-point input of any shape
     * @return the result, in (-1, 1), of {@code x}'s shape and dtype
     */
    public static Tensor softsign(Tensor x) {
        return Activations.softsign(x);
    }

    /**
     * {@code x > threshold ? x : value} elementwise, as {@code F.threshold}.
     *
     * @param x         an input of any shape
     * @param threshold the value {@code x} must exceed to be kept
     * @param value     what replaces the other elements
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        return Activations.threshold(x, threshold, value);
    }

    /**
     * {@code log(sigmoid(x))} elementwise, as {@code F.logsigmoid}, computed stably as
     * {@code min(x, 0) - log1p(exp(-|x|))}.
     *
     * @param x a floating-point input of any shape
     * @return the result, at most 0, of {@code x}'s shape and dtype
     */
    public static Tensor logsigmoid(Tensor x) {
        return Activations.logsigmoid(x);
    }

    /**
     * The gated linear unit along the last dimension, as {@code F.glu} with its default {@code dim = -1}.
     *
     * @param x a floating-point input of at least one dimension, the last of even size {@code 2M}
     * @return {@code a * sigmoid(b)}, {@code a} and {@code b} the halves of the last dimension: {@code x}'s
     *         shape with {@code M} last
     */
    public static Tensor glu(Tensor x) {
        return Activations.glu(x, -1);
    }

    /**
     * The gated linear unit, as {@code F.glu}: {@code a * sigmoid(b)} where {@code a} and {@code b} are the
     * first and second halves of {@code x} along {@code dim}.
     *
     * @param x   a floating-point input of at least one dimension
     * @param dim the dimension to split, of even size {@code 2M}; negative counts from the end
     * @return the result: {@code x}'s shape with {@code M} at {@code dim}
     */
    public static Tensor glu(Tensor x, int dim) {
        return Activations.glu(x, dim);
    }

    /**
     * {@code x - tanh(x)} elementwise, as {@code F.tanhshrink}.
     *
     * @param x an input of any shape
     * @return the result, of {@code x}'s shape
     */
    public static Tensor tanhshrink(Tensor x) {
        return Activations.tanhshrink(x);
    }

    /**
     * Soft shrinkage with {@code lambda = 0.5}, as {@code F.softshrink}: {@code x - 0.5} above 0.5,
     * {@code x + 0.5} below -0.5, 0 between.
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor softshrink(Tensor x) {
        return Activations.softshrink(x, 0.5);
    }

    /**
     * Soft shrinkage, as {@code F.softshrink}: {@code x - lambda} above {@code lambda}, {@code x + lambda}
     * below {@code -lambda}, 0 between.
     *
     * @param x      a floating-point input of any shape
     * @param lambda the half-width of the zero band, at least 0 (PyTorch's default 0.5)
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor softshrink(Tensor x, double lambda) {
        return Activations.softshrink(x, lambda);
    }

    /**
     * Hard shrinkage with {@code lambda = 0.5}, as {@code F.hardshrink}: {@code x} where {@code |x| > 0.5},
     * else 0.
     *
     * @param x a floating-point input of any shape
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor hardshrink(Tensor x) {
        return Activations.hardshrink(x, 0.5);
    }

    /**
     * Hard shrinkage, as {@code F.hardshrink}: {@code x} where {@code |x| > lambda}, else 0.
     *
     * @param x      a floating-point input of any shape
     * @param lambda the half-width of the zero band (PyTorch's default 0.5)
     * @return the result, of {@code x}'s shape and dtype
     */
    public static Tensor hardshrink(Tensor x, double lambda) {
        return Activations.hardshrink(x, lambda);
    }

    // ---------------------------------------------------------------- convolution

    /**
     * 1-d convolution (cross-correlation), as {@code F.conv1d} with no bias, stride 1, no padding and one
     * group.
     *
     * @param x      the input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param weight the filters {@code [O, C, k]}
     * @return {@code [N, O, L - k + 1]} ({@code [O, L - k + 1]} unbatched), in {@code x}'s dtype
     */
    public static Tensor conv1d(Tensor x, Tensor weight) {
        return Convolution.convolution(1, x, weight, null, ONE, ZERO, ONE, 1);
    }

    /**
     * 1-d convolution with a bias, as {@code F.conv1d} with stride 1, no padding and one group.
     *
     * @param x      the input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param weight the filters {@code [O, C, k]}
     * @param bias   {@code [O]}, added to each output channel, or null for none
     * @return {@code [N, O, L - k + 1]} ({@code [O, L - k + 1]} unbatched), in {@code x}'s dtype
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convolution(1, x, weight, bias, ONE, ZERO, ONE, 1);
    }

    /**
     * 1-d convolution with a stride and zero padding on both sides, as {@code F.conv1d} with one group.
     *
     * @param x       the input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param weight  the filters {@code [O, C, k]}
     * @param bias    {@code [O]}, added to each output channel, or null for none
     * @param stride  the step between windows, at least 1
     * @param padding the zeros added before and after the input, at least 0
     * @return {@code [N, O, L_out]} ({@code [O, L_out]} unbatched),
     *         {@code L_out = floor((L + 2 padding - k) / stride) + 1}, in {@code x}'s dtype
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convolution(1, x, weight, bias, new long[] {stride}, new long[] {padding}, ONE, 1);
    }

    /**
     * 1-d convolution (cross-correlation), as {@code F.conv1d}; float16 and bfloat16 are computed in float32.
     *
     * @param x        the input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param weight   the filters {@code [O, C / groups, k]}
     * @param bias     {@code [O]}, added to each output channel, or null for none
     * @param stride   the step between windows, one value (PyTorch's default 1)
     * @param padding  the zeros added before and after the input, one value, at least 0 (PyTorch's default 0)
     * @param dilation the spacing between kernel taps, one value (PyTorch's default 1)
     * @param groups   the number of groups the channels are split into, dividing {@code C} and {@code O}
     *                 (PyTorch's default 1)
     * @return {@code [N, O, L_out]} ({@code [O, L_out]} unbatched),
     *         {@code L_out = floor((L + 2 padding - dilation (k - 1) - 1) / stride) + 1}, in {@code x}'s dtype
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(1, x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 1-d convolution with PyTorch's padding strings, as {@code F.conv1d(..., padding="valid" | "same")}.
     *
     * @param x        the input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param weight   the filters {@code [O, C / groups, k]}
     * @param bias     {@code [O]}, added to each output channel, or null for none
     * @param stride   the step between windows, one value; must be 1 for {@code "same"}
     * @param padding  {@code "valid"} (no padding) or {@code "same"} (the output keeps length {@code L}; for
     *                 an even kernel the extra zero goes after the input)
     * @param dilation the spacing between kernel taps, one value (PyTorch's default 1)
     * @param groups   the number of groups the channels are split into, dividing {@code C} and {@code O}
     * @return {@code [N, O, L_out]} ({@code [O, L_out]} unbatched), in {@code x}'s dtype
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(1, x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 2-d convolution (cross-correlation), as {@code F.conv2d} with no bias, stride 1, no padding and one
     * group.
     *
     * @param x      the input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param weight the filters {@code [O, C, kH, kW]}
     * @return {@code [N, O, H - kH + 1, W - kW + 1]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor conv2d(Tensor x, Tensor weight) {
        return Convolution.convolution(2, x, weight, null, ONE, ZERO, ONE, 1);
    }

    /**
     * 2-d convolution with a bias, as {@code F.conv2d} with stride 1, no padding and one group.
     *
     * @param x      the input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param weight the filters {@code [O, C, kH, kW]}
     * @param bias   {@code [O]}, added to each output channel, or null for none
     * @return {@code [N, O, H - kH + 1, W - kW + 1]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convolution(2, x, weight, bias, ONE, ZERO, ONE, 1);
    }

    /**
     * 2-d convolution with one stride and one zero padding for both spatial dimensions, as
     * {@code F.conv2d} with one group.
     *
     * @param x       the input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param weight  the filters {@code [O, C, kH, kW]}
     * @param bias    {@code [O]}, added to each output channel, or null for none
     * @param stride  the step between windows along height and width, at least 1
     * @param padding the zeros added on both sides of height and width, at least 0
     * @return {@code [N, O, H_out, W_out]} (without {@code N} unbatched),
     *         {@code H_out = floor((H + 2 padding - kH) / stride) + 1} and likewise {@code W_out}, in
     *         {@code x}'s dtype
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convolution(2, x, weight, bias, new long[] {stride}, new long[] {padding}, ONE, 1);
    }

    /**
     * 2-d convolution (cross-correlation), as {@code F.conv2d}: depthwise when {@code groups == C}. float16 and
     * bfloat16 are computed in float32.
     *
     * @param x        the input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param weight   the filters {@code [O, C / groups, kH, kW]}
     * @param bias     {@code [O]}, added to each output channel, or null for none
     * @param stride   the step between windows: one value for both dimensions or {@code (sH, sW)} (PyTorch's
     *                 default 1)
     * @param padding  the zeros added on both sides: one value or {@code (pH, pW)}, at least 0 (PyTorch's
     *                 default 0)
     * @param dilation the spacing between kernel taps: one value or {@code (dH, dW)} (PyTorch's default 1)
     * @param groups   the number of groups the channels are split into, dividing {@code C} and {@code O}
     *                 (PyTorch's default 1)
     * @return {@code [N, O, H_out, W_out]} (without {@code N} unbatched),
     *         {@code H_out = floor((H + 2 pH - dH (kH - 1) - 1) / sH) + 1} and likewise {@code W_out}, in
     *         {@code x}'s dtype
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(2, x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 2-d convolution with PyTorch's padding strings, as {@code F.conv2d(..., padding="valid" | "same")}.
     *
     * @param x        the input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param weight   the filters {@code [O, C / groups, kH, kW]}
     * @param bias     {@code [O]}, added to each output channel, or null for none
     * @param stride   the step between windows: one value or {@code (sH, sW)}; must be 1 for {@code "same"}
     * @param padding  {@code "valid"} (no padding) or {@code "same"} (the output keeps {@code H} and {@code W};
     *                 for an even kernel the extra zero goes after the input)
     * @param dilation the spacing between kernel taps: one value or {@code (dH, dW)}
     * @param groups   the number of groups the channels are split into, dividing {@code C} and {@code O}
     * @return {@code [N, O, H_out, W_out]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(2, x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 3-d convolution (cross-correlation), as {@code F.conv3d} with no bias, stride 1, no padding and one
     * group.
     *
     * @param x      the input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param weight the filters {@code [O, C, kD, kH, kW]}
     * @return {@code [N, O, D - kD + 1, H - kH + 1, W - kW + 1]} (without {@code N} unbatched), in
     *         {@code x}'s dtype
     */
    public static Tensor conv3d(Tensor x, Tensor weight) {
        return Convolution.convolution(3, x, weight, null, ONE, ZERO, ONE, 1);
    }

    /**
     * 3-d convolution with a bias, as {@code F.conv3d} with stride 1, no padding and one group.
     *
     * @param x      the input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param weight the filters {@code [O, C, kD, kH, kW]}
     * @param bias   {@code [O]}, added to each output channel, or null for none
     * @return {@code [N, O, D - kD + 1, H - kH + 1, W - kW + 1]} (without {@code N} unbatched), in
     *         {@code x}'s dtype
     */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convolution(3, x, weight, bias, ONE, ZERO, ONE, 1);
    }

    /**
     * 3-d convolution with one stride and one zero padding for all spatial dimensions, as {@code F.conv3d}
     * with one group.
     *
     * @param x       the input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param weight  the filters {@code [O, C, kD, kH, kW]}
     * @param bias    {@code [O]}, added to each output channel, or null for none
     * @param stride  the step between windows along each spatial dimension, at least 1
     * @param padding the zeros added on both sides of each spatial dimension, at least 0
     * @return {@code [N, O, D_out, H_out, W_out]} (without {@code N} unbatched),
     *         {@code D_out = floor((D + 2 padding - kD) / stride) + 1} and likewise the others, in
     *         {@code x}'s dtype
     */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convolution(3, x, weight, bias, new long[] {stride}, new long[] {padding}, ONE, 1);
    }

    /**
     * 3-d convolution (cross-correlation), as {@code F.conv3d}; float16 and bfloat16 are computed in float32.
     *
     * @param x        the input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param weight   the filters {@code [O, C / groups, kD, kH, kW]}
     * @param bias     {@code [O]}, added to each output channel, or null for none
     * @param stride   the step between windows: one value for all dimensions or three (PyTorch's default 1)
     * @param padding  the zeros added on both sides: one value or three, at least 0 (PyTorch's default 0)
     * @param dilation the spacing between kernel taps: one value or three (PyTorch's default 1)
     * @param groups   the number of groups the channels are split into, dividing {@code C} and {@code O}
     *                 (PyTorch's default 1)
     * @return {@code [N, O, D_out, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code floor((in + 2 padding - dilation (k - 1) - 1) / stride) + 1}, in {@code x}'s dtype
     */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(3, x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 3-d convolution with PyTorch's padding strings, as {@code F.conv3d(..., padding="valid" | "same")}.
     *
     * @param x        the input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param weight   the filters {@code [O, C / groups, kD, kH, kW]}
     * @param bias     {@code [O]}, added to each output channel, or null for none
     * @param stride   the step between windows: one value or three; must be 1 for {@code "same"}
     * @param padding  {@code "valid"} (no padding) or {@code "same"} (the output keeps the spatial sizes; for
     *                 an even kernel the extra zero goes after the input)
     * @param dilation the spacing between kernel taps: one value or three
     * @param groups   the number of groups the channels are split into, dividing {@code C} and {@code O}
     * @return {@code [N, O, D_out, H_out, W_out]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation,
                                long groups) {
        return Convolution.convolution(3, x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 1-d transposed convolution (the gradient of {@link #conv1d(Tensor, Tensor)} with respect to its
     * input), as {@code F.conv_transpose1d} with stride 1, no padding and one group.
     *
     * @param x      the input {@code [N, Cin, L]}, or unbatched {@code [Cin, L]}
     * @param weight the filters {@code [Cin, Cout, k]}
     * @param bias   {@code [Cout]}, added to each output channel, or null for none
     * @return {@code [N, Cout, L + k - 1]} ({@code [Cout, L + k - 1]} unbatched), in {@code x}'s dtype
     */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(1, x, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /**
     * 1-d transposed convolution (the gradient of a convolution with respect to its input), as
     * {@code F.conv_transpose1d}, arguments in its order; float16 and bfloat16 are computed in float32.
     *
     * @param x             the input {@code [N, Cin, L]}, or unbatched {@code [Cin, L]}
     * @param weight        the filters {@code [Cin, Cout / groups, k]}
     * @param bias          {@code [Cout]}, added to each output channel, or null for none
     * @param stride        the stride of the convolution this transposes, one value (PyTorch's default 1)
     * @param padding       the padding of that convolution, removed from both ends of the output, one value,
     *                      at least 0 (PyTorch's default 0)
     * @param outputPadding extra length added at the end of the output, smaller than the stride or the
     *                      dilation, one value (PyTorch's default 0)
     * @param groups        the number of groups the channels are split into, dividing {@code Cin} (PyTorch's
     *                      default 1)
     * @param dilation      the spacing between kernel taps, one value (PyTorch's default 1)
     * @return {@code [N, Cout, L_out]} ({@code [Cout, L_out]} unbatched),
     *         {@code L_out = (L - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}, in {@code x}'s
     *         dtype
     */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                         long[] outputPadding, long groups, long[] dilation) {
        return Convolution.convTranspose(1, x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * 2-d transposed convolution, as {@code F.conv_transpose2d} with stride 1, no padding and one group.
     *
     * @param x      the input {@code [N, Cin, H, W]}, or unbatched {@code [Cin, H, W]}
     * @param weight the filters {@code [Cin, Cout, kH, kW]}
     * @param bias   {@code [Cout]}, added to each output channel, or null for none
     * @return {@code [N, Cout, H + kH - 1, W + kW - 1]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(2, x, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /**
     * 2-d transposed convolution with one stride and one padding for both spatial dimensions, as
     * {@code F.conv_transpose2d} with no output padding, one group and dilation 1.
     *
     * @param x       the input {@code [N, Cin, H, W]}, or unbatched {@code [Cin, H, W]}
     * @param weight  the filters {@code [Cin, Cout, kH, kW]}
     * @param bias    {@code [Cout]}, added to each output channel, or null for none
     * @param stride  the stride of the convolution this transposes, at least 1
     * @param padding the padding of that convolution, removed from both sides of the output, at least 0
     * @return {@code [N, Cout, H_out, W_out]} (without {@code N} unbatched),
     *         {@code H_out = (H - 1) stride - 2 padding + kH} and likewise {@code W_out}, in {@code x}'s dtype
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        return Convolution.convTranspose(2, x, weight, bias, new long[] {stride}, new long[] {padding}, ZERO, 1, ONE);
    }

    /**
     * 2-d transposed convolution (the gradient of a convolution with respect to its input), as
     * {@code F.conv_transpose2d}, arguments in its order; float16 and bfloat16 are computed in float32.
     *
     * @param x             the input {@code [N, Cin, H, W]}, or unbatched {@code [Cin, H, W]}
     * @param weight        the filters {@code [Cin, Cout / groups, kH, kW]}
     * @param bias          {@code [Cout]}, added to each output channel, or null for none
     * @param stride        the stride of the convolution this transposes: one value or two (PyTorch's default 1)
     * @param padding       the padding of that convolution, removed from both sides of the output: one value
     *                      or two, at least 0 (PyTorch's default 0)
     * @param outputPadding extra size added at the end of each output dimension, smaller than the stride or
     *                      the dilation: one value or two (PyTorch's default 0)
     * @param groups        the number of groups the channels are split into, dividing {@code Cin} (PyTorch's
     *                      default 1)
     * @param dilation      the spacing between kernel taps: one value or two (PyTorch's default 1)
     * @return {@code [N, Cout, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code (in - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}, in {@code x}'s dtype
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                         long[] outputPadding, long groups, long[] dilation) {
        return Convolution.convTranspose(2, x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * 3-d transposed convolution, as {@code F.conv_transpose3d} with stride 1, no padding and one group.
     *
     * @param x      the input {@code [N, Cin, D, H, W]}, or unbatched {@code [Cin, D, H, W]}
     * @param weight the filters {@code [Cin, Cout, kD, kH, kW]}
     * @param bias   {@code [Cout]}, added to each output channel, or null for none
     * @return {@code [N, Cout, D + kD - 1, H + kH - 1, W + kW - 1]} (without {@code N} unbatched), in
     *         {@code x}'s dtype
     */
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.convTranspose(3, x, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /**
     * 3-d transposed convolution (the gradient of a convolution with respect to its input), as
     * {@code F.conv_transpose3d}, arguments in its order; float16 and bfloat16 are computed in float32.
     *
     * @param x             the input {@code [N, Cin, D, H, W]}, or unbatched {@code [Cin, D, H, W]}
     * @param weight        the filters {@code [Cin, Cout / groups, kD, kH, kW]}
     * @param bias          {@code [Cout]}, added to each output channel, or null for none
     * @param stride        the stride of the convolution this transposes: one value or three (PyTorch's
     *                      default 1)
     * @param padding       the padding of that convolution, removed from both sides of the output: one value
     *                      or three, at least 0 (PyTorch's default 0)
     * @param outputPadding extra size added at the end of each output dimension, smaller than the stride or
     *                      the dilation: one value or three (PyTorch's default 0)
     * @param groups        the number of groups the channels are split into, dividing {@code Cin} (PyTorch's
     *                      default 1)
     * @param dilation      the spacing between kernel taps: one value or three (PyTorch's default 1)
     * @return {@code [N, Cout, D_out, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code (in - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}, in {@code x}'s dtype
     */
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                         long[] outputPadding, long groups, long[] dilation) {
        return Convolution.convTranspose(3, x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * The sliding blocks of an image as columns (im2col), as {@code F.unfold} with dilation 1, no padding and
     * stride 1.
     *
     * @param x          the image {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}; {@code N} may be 0
     * @param kernelSize the block size: one value or {@code (kH, kW)}
     * @return {@code [N, C * kH * kW, L]} ({@code [C * kH * kW, L]} unbatched), {@code L} the number of block
     *         positions {@code (H - kH + 1) * (W - kW + 1)}, in {@code x}'s dtype
     */
    public static Tensor unfold(Tensor x, long[] kernelSize) {
        return Folding.unfold(x, kernelSize, ONE, ZERO, ONE);
    }

    /**
     * The sliding blocks of an image as columns (im2col), as {@code F.unfold}, arguments in its order.
     *
     * @param x          the image {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}; {@code N} may be 0
     * @param kernelSize the block size: one value or {@code (kH, kW)}
     * @param dilation   the spacing between a block's elements: one value or two (PyTorch's default 1)
     * @param padding    the zeros added on both sides of height and width: one value or two (PyTorch's
     *                   default 0)
     * @param stride     the step between blocks: one value or two (PyTorch's default 1)
     * @return {@code [N, C * kH * kW, L]} ({@code [C * kH * kW, L]} unbatched), {@code L} the number of block
     *         positions, the product over height and width of
     *         {@code floor((in + 2 padding - dilation (k - 1) - 1) / stride) + 1}; in {@code x}'s dtype
     */
    public static Tensor unfold(Tensor x, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        return Folding.unfold(x, kernelSize, dilation, padding, stride);
    }

    /**
     * Sums columns back into an image (col2im), as {@code F.fold} with dilation 1, no padding and stride 1:
     * the adjoint of {@link #unfold(Tensor, long[])}.
     *
     * @param x          the columns {@code [N, C * kH * kW, L]}, or unbatched {@code [C * kH * kW, L]}, with
     *                   {@code L} the number of block positions in the output
     * @param outputSize the image's spatial size: one value or {@code (H, W)}
     * @param kernelSize the block size: one value or {@code (kH, kW)}
     * @return the image {@code [N, C, H, W]} ({@code [C, H, W]} unbatched), overlapping blocks summed, in
     *         {@code x}'s dtype
     */
    public static Tensor fold(Tensor x, long[] outputSize, long[] kernelSize) {
        return Folding.fold(x, outputSize, kernelSize, ONE, ZERO, ONE);
    }

    /**
     * Sums columns back into an image (col2im), as {@code F.fold}, arguments in its order: the adjoint of
     * {@link #unfold(Tensor, long[], long[], long[], long[])} with the same geometry.
     *
     * @param x          the columns {@code [N, C * kH * kW, L]}, or unbatched {@code [C * kH * kW, L]}, with
     *                   {@code L} the number of block positions in the output
     * @param outputSize the image's spatial size: one value or {@code (H, W)}
     * @param kernelSize the block size: one value or {@code (kH, kW)}
     * @param dilation   the spacing between a block's elements: one value or two (PyTorch's default 1)
     * @param padding    the implicit zeros on both sides of the image, dropped from the result: one value or
     *                   two (PyTorch's default 0)
     * @param stride     the step between blocks: one value or two (PyTorch's default 1)
     * @return the image {@code [N, C, H, W]} ({@code [C, H, W]} unbatched), overlapping blocks summed, in
     *         {@code x}'s dtype
     */
    public static Tensor fold(Tensor x, long[] outputSize, long[] kernelSize, long[] dilation, long[] padding,
                              long[] stride) {
        return Folding.fold(x, outputSize, kernelSize, dilation, padding, stride);
    }

    // ---------------------------------------------------------------- pooling

    /**
     * 1-d max pooling with non-overlapping windows, as {@code F.max_pool1d(x, kernelSize)}: stride
     * {@code kernelSize}, no padding, dilation 1.
     *
     * @param x          a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param kernelSize the window length, at least 1
     * @return the window maxima {@code [N, C, floor(L / kernelSize)]} (without {@code N} unbatched)
     */
    public static Tensor maxPool1d(Tensor x, long kernelSize) {
        return Pooling.maxPool(1, x, new long[] {kernelSize}, null, ZERO, ONE, false);
    }

    /**
     * 1-d max pooling, as {@code F.max_pool1d}; the gradient goes to each window's maximum.
     *
     * @param x          a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param kernelSize the window length, one value
     * @param stride     the step between windows, one value; null or empty for {@code kernelSize} (PyTorch's
     *                   default)
     * @param padding    the implicit {@code -inf} added on both sides, one value, at most half the kernel
     *                   (PyTorch's default 0)
     * @param dilation   the spacing between a window's elements, one value (PyTorch's default 1)
     * @param ceilMode   whether to round the output length up, keeping a last partial window that starts
     *                   inside the input (PyTorch's default false)
     * @return the window maxima {@code [N, C, L_out]} (without {@code N} unbatched),
     *         {@code L_out = floor((L + 2 padding - dilation (k - 1) - 1) / stride) + 1} (or ceil), in
     *         {@code x}'s dtype
     */
    public static Tensor maxPool1d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        return Pooling.maxPool(1, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * 1-d max pooling with the positions of the maxima, as {@code F.max_pool1d(..., return_indices=True)}.
     *
     * @param x          a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param kernelSize the window length, one value
     * @param stride     the step between windows, one value; null or empty for {@code kernelSize}
     * @param padding    the implicit {@code -inf} added on both sides, one value, at most half the kernel
     * @param dilation   the spacing between a window's elements, one value
     * @param ceilMode   whether to round the output length up, keeping a last partial window
     * @return the maxima, as {@link #maxPool1d(Tensor, long[], long[], long[], long[], boolean)} returns
     *         them, and their int64 positions along {@code L}, of the same shape (for {@link #maxUnpool1d})
     */
    public static Tensor.ValuesIndices maxPool1dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding,
                                                            long[] dilation, boolean ceilMode) {
        return Pooling.maxPoolWithIndices(1, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * 2-d max pooling with non-overlapping square windows, as {@code F.max_pool2d(x, kernelSize)}: stride
     * {@code kernelSize}, no padding, dilation 1.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param kernelSize the window's height and width, at least 1
     * @return the window maxima {@code [N, C, floor(H / kernelSize), floor(W / kernelSize)]} (without
     *         {@code N} unbatched)
     */
    public static Tensor maxPool2d(Tensor x, long kernelSize) {
        return Pooling.maxPool(2, x, new long[] {kernelSize}, null, ZERO, ONE, false);
    }

    /**
     * 2-d max pooling with one window size, stride and padding for both dimensions, as {@code F.max_pool2d}
     * with dilation 1 and no ceil mode.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param kernelSize the window's height and width, at least 1
     * @param stride     the step between windows, at least 1
     * @param padding    the implicit {@code -inf} added on each side, at most half the kernel
     * @return the window maxima {@code [N, C, H_out, W_out]} (without {@code N} unbatched),
     *         {@code H_out = floor((H + 2 padding - kernelSize) / stride) + 1} and likewise {@code W_out}
     */
    public static Tensor maxPool2d(Tensor x, long kernelSize, long stride, long padding) {
        return Pooling.maxPool(2, x, new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, ONE, false);
    }

    /**
     * 2-d max pooling, as {@code F.max_pool2d}; the gradient goes to each window's maximum.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param kernelSize the window size: one value or {@code (kH, kW)}
     * @param stride     the step between windows: one value or two; null or empty for {@code kernelSize}
     *                   (PyTorch's default)
     * @param padding    the implicit {@code -inf} added on both sides: one value or two, at most half the
     *                   kernel (PyTorch's default 0)
     * @param dilation   the spacing between a window's elements: one value or two (PyTorch's default 1)
     * @param ceilMode   whether to round the output size up, keeping last partial windows that start inside
     *                   the input (PyTorch's default false)
     * @return the window maxima {@code [N, C, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code floor((in + 2 padding - dilation (k - 1) - 1) / stride) + 1} (or ceil), in {@code x}'s
     *         dtype
     */
    public static Tensor maxPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        return Pooling.maxPool(2, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * 2-d max pooling with the positions of the maxima, as {@code F.max_pool2d(..., return_indices=True)}.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param kernelSize the window size: one value or {@code (kH, kW)}
     * @param stride     the step between windows: one value or two; null or empty for {@code kernelSize}
     * @param padding    the implicit {@code -inf} added on both sides: one value or two, at most half the kernel
     * @param dilation   the spacing between a window's elements: one value or two
     * @param ceilMode   whether to round the output size up, keeping last partial windows
     * @return the maxima, as {@link #maxPool2d(Tensor, long[], long[], long[], long[], boolean)} returns
     *         them, and their int64 flat positions {@code h * W + w} in each input plane, of the same shape
     *         (for {@link #maxUnpool2d})
     */
    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding,
                                                            long[] dilation, boolean ceilMode) {
        return Pooling.maxPoolWithIndices(2, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * 3-d max pooling with non-overlapping cubic windows, as {@code F.max_pool3d(x, kernelSize)}: stride
     * {@code kernelSize}, no padding, dilation 1.
     *
     * @param x          a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param kernelSize the window's depth, height and width, at least 1
     * @return the window maxima {@code [N, C, floor(D / k), floor(H / k), floor(W / k)]} (without {@code N}
     *         unbatched), {@code k} being {@code kernelSize}
     */
    public static Tensor maxPool3d(Tensor x, long kernelSize) {
        return Pooling.maxPool(3, x, new long[] {kernelSize}, null, ZERO, ONE, false);
    }

    /**
     * 3-d max pooling, as {@code F.max_pool3d}; the gradient goes to each window's maximum.
     *
     * @param x          a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param kernelSize the window size: one value or three
     * @param stride     the step between windows: one value or three; null or empty for {@code kernelSize}
     *                   (PyTorch's default)
     * @param padding    the implicit {@code -inf} added on both sides: one value or three, at most half the
     *                   kernel (PyTorch's default 0)
     * @param dilation   the spacing between a window's elements: one value or three (PyTorch's default 1)
     * @param ceilMode   whether to round the output size up, keeping last partial windows that start inside
     *                   the input (PyTorch's default false)
     * @return the window maxima {@code [N, C, D_out, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code floor((in + 2 padding - dilation (k - 1) - 1) / stride) + 1} (or ceil), in {@code x}'s
     *         dtype
     */
    public static Tensor maxPool3d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        return Pooling.maxPool(3, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * 3-d max pooling with the positions of the maxima, as {@code F.max_pool3d(..., return_indices=True)}.
     *
     * @param x          a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param kernelSize the window size: one value or three
     * @param stride     the step between windows: one value or three; null or empty for {@code kernelSize}
     * @param padding    the implicit {@code -inf} added on both sides: one value or three, at most half the
     *                   kernel
     * @param dilation   the spacing between a window's elements: one value or three
     * @param ceilMode   whether to round the output size up, keeping last partial windows
     * @return the maxima, as {@link #maxPool3d(Tensor, long[], long[], long[], long[], boolean)} returns
     *         them, and their int64 flat positions {@code (d * H + h) * W + w} in each input volume, of the
     *         same shape (for {@link #maxUnpool3d})
     */
    public static Tensor.ValuesIndices maxPool3dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding,
                                                            long[] dilation, boolean ceilMode) {
        return Pooling.maxPoolWithIndices(3, x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * 1-d average pooling with non-overlapping windows, as {@code F.avg_pool1d(x, kernelSize)}: stride
     * {@code kernelSize}, no padding.
     *
     * @param x          an input {@code [N, C, L]}, or unbatched {@code [C, L]}, of any dtype but bool
     *                   (integers are averaged in float64 and truncated back)
     * @param kernelSize the window length, at least 1
     * @return the window means {@code [N, C, floor(L / kernelSize)]} (without {@code N} unbatched), in
     *         {@code x}'s dtype
     */
    public static Tensor avgPool1d(Tensor x, long kernelSize) {
        return Pooling.avgPool(1, x, new long[] {kernelSize}, null, ZERO, false, true, null);
    }

    /**
     * 1-d average pooling, as {@code F.avg_pool1d}.
     *
     * @param x               an input {@code [N, C, L]}, or unbatched {@code [C, L]}, of any dtype but bool
     *                        (integers are averaged in float64 and truncated back)
     * @param kernelSize      the window length, one value
     * @param stride          the step between windows, one value; null or empty for {@code kernelSize}
     *                        (PyTorch's default)
     * @param padding         the zeros added on both sides, one value, at most half the kernel (PyTorch's
     *                        default 0)
     * @param ceilMode        whether to round the output length up, keeping a last partial window (PyTorch's
     *                        default false)
     * @param countIncludePad whether the padding counts in each window's divisor (PyTorch's default true)
     * @return the window means {@code [N, C, L_out]} (without {@code N} unbatched),
     *         {@code L_out = floor((L + 2 padding - k) / stride) + 1} (or ceil), in {@code x}'s dtype
     */
    public static Tensor avgPool1d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad) {
        return Pooling.avgPool(1, x, kernelSize, stride, padding, ceilMode, countIncludePad, null);
    }

    /**
     * 2-d average pooling with non-overlapping square windows, as {@code F.avg_pool2d(x, kernelSize)}:
     * stride {@code kernelSize}, no padding.
     *
     * @param x          an input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}, of any dtype but bool
     *                   (integers are averaged in float64 and truncated back)
     * @param kernelSize the window's height and width, at least 1
     * @return the window means {@code [N, C, floor(H / kernelSize), floor(W / kernelSize)]} (without
     *         {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor avgPool2d(Tensor x, long kernelSize) {
        return Pooling.avgPool(2, x, new long[] {kernelSize}, null, ZERO, false, true, null);
    }

    /**
     * 2-d average pooling, as {@code F.avg_pool2d}.
     *
     * @param x               an input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}, of any dtype but
     *                        bool (integers are averaged in float64 and truncated back)
     * @param kernelSize      the window size: one value or {@code (kH, kW)}
     * @param stride          the step between windows: one value or two; null or empty for {@code kernelSize}
     *                        (PyTorch's default)
     * @param padding         the zeros added on both sides: one value or two, at most half the kernel
     *                        (PyTorch's default 0)
     * @param ceilMode        whether to round the output size up, keeping last partial windows (PyTorch's
     *                        default false)
     * @param countIncludePad whether the padding counts in each window's divisor (PyTorch's default true)
     * @param divisorOverride the divisor of every window instead of its size, not 0; null for none (PyTorch's
     *                        default)
     * @return the window means {@code [N, C, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code floor((in + 2 padding - k) / stride) + 1} (or ceil), in {@code x}'s dtype
     */
    public static Tensor avgPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad, Long divisorOverride) {
        return Pooling.avgPool(2, x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * 3-d average pooling with non-overlapping cubic windows, as {@code F.avg_pool3d(x, kernelSize)}: stride
     * {@code kernelSize}, no padding.
     *
     * @param x          an input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}, of any dtype but
     *                   bool (integers are averaged in float64 and truncated back)
     * @param kernelSize the window's depth, height and width, at least 1
     * @return the window means {@code [N, C, floor(D / k), floor(H / k), floor(W / k)]} (without {@code N}
     *         unbatched), {@code k} being {@code kernelSize}, in {@code x}'s dtype
     */
    public static Tensor avgPool3d(Tensor x, long kernelSize) {
        return Pooling.avgPool(3, x, new long[] {kernelSize}, null, ZERO, false, true, null);
    }

    /**
     * 3-d average pooling, as {@code F.avg_pool3d}.
     *
     * @param x               an input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}, of any
     *                        dtype but bool (integers are averaged in float64 and truncated back)
     * @param kernelSize      the window size: one value or three
     * @param stride          the step between windows: one value or three; null or empty for
     *                        {@code kernelSize} (PyTorch's default)
     * @param padding         the zeros added on both sides: one value or three, at most half the kernel
     *                        (PyTorch's default 0)
     * @param ceilMode        whether to round the output size up, keeping last partial windows (PyTorch's
     *                        default false)
     * @param countIncludePad whether the padding counts in each window's divisor (PyTorch's default true)
     * @param divisorOverride the divisor of every window instead of its size, not 0; null for none (PyTorch's
     *                        default)
     * @return the window means {@code [N, C, D_out, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code floor((in + 2 padding - k) / stride) + 1} (or ceil), in {@code x}'s dtype
     */
    public static Tensor avgPool3d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad, Long divisorOverride) {
        return Pooling.avgPool(3, x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * Adaptive 1-d average pooling, as {@code F.adaptive_avg_pool1d}: output position {@code o} averages
     * input positions {@code floor(o L / out)} to {@code ceil((o + 1) L / out)} (exclusive).
     *
     * @param x          a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}, with
     *                   {@code L > 0}
     * @param outputSize the output length {@code out}, at least 0
     * @return {@code [N, C, outputSize]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor adaptiveAvgPool1d(Tensor x, long outputSize) {
        return Pooling.adaptiveAvgPool(1, x, new long[] {outputSize});
    }

    /**
     * Adaptive 2-d average pooling, as {@code F.adaptive_avg_pool2d}: the windows along each dimension are
     * those of {@link #adaptiveAvgPool1d}.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}, with
     *                   non-empty {@code H} and {@code W}
     * @param outputSize the output size: one value for both dimensions or {@code (outH, outW)}, each at
     *                   least 0
     * @return {@code [N, C, outH, outW]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, long... outputSize) {
        return Pooling.adaptiveAvgPool(2, x, outputSize);
    }

    /**
     * Adaptive 3-d average pooling, as {@code F.adaptive_avg_pool3d}: the windows along each dimension are
     * those of {@link #adaptiveAvgPool1d}.
     *
     * @param x          a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}, with
     *                   non-empty spatial dimensions
     * @param outputSize the output size: one value for all dimensions or {@code (outD, outH, outW)}, each at
     *                   least 0
     * @return {@code [N, C, outD, outH, outW]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor adaptiveAvgPool3d(Tensor x, long... outputSize) {
        return Pooling.adaptiveAvgPool(3, x, outputSize);
    }

    /**
     * Adaptive 1-d max pooling, as {@code F.adaptive_max_pool1d}: output position {@code o} is the maximum
     * of input positions {@code floor(o L / out)} to {@code ceil((o + 1) L / out)} (exclusive).
     *
     * @param x          a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}, with
     *                   {@code L > 0}
     * @param outputSize the output length {@code out}, at least 0
     * @return {@code [N, C, outputSize]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor adaptiveMaxPool1d(Tensor x, long outputSize) {
        return Pooling.adaptiveMaxPool(1, x, new long[] {outputSize});
    }

    /**
     * Adaptive 1-d max pooling with the positions of the maxima, as
     * {@code F.adaptive_max_pool1d(..., return_indices=True)}.
     *
     * @param x          a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}, with
     *                   {@code L > 0}
     * @param outputSize the output length, at least 0
     * @return the maxima {@code [N, C, outputSize]} (without {@code N} unbatched) and their int64 positions
     *         along {@code L}, of the same shape
     */
    public static Tensor.ValuesIndices adaptiveMaxPool1dWithIndices(Tensor x, long outputSize) {
        return Pooling.adaptiveMaxPoolWithIndices(1, x, new long[] {outputSize});
    }

    /**
     * Adaptive 2-d max pooling, as {@code F.adaptive_max_pool2d}: the windows along each dimension are
     * those of {@link #adaptiveMaxPool1d}.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}, with
     *                   non-empty {@code H} and {@code W}
     * @param outputSize the output size: one value for both dimensions or {@code (outH, outW)}, each at
     *                   least 0
     * @return {@code [N, C, outH, outW]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor adaptiveMaxPool2d(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPool(2, x, outputSize);
    }

    /**
     * Adaptive 2-d max pooling with the positions of the maxima, as
     * {@code F.adaptive_max_pool2d(..., return_indices=True)}.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}, with
     *                   non-empty {@code H} and {@code W}
     * @param outputSize the output size: one value for both dimensions or {@code (outH, outW)}
     * @return the maxima {@code [N, C, outH, outW]} (without {@code N} unbatched) and their int64 flat
     *         positions {@code h * W + w} in each input plane, of the same shape
     */
    public static Tensor.ValuesIndices adaptiveMaxPool2dWithIndices(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPoolWithIndices(2, x, outputSize);
    }

    /**
     * Adaptive 3-d max pooling, as {@code F.adaptive_max_pool3d}: the windows along each dimension are
     * those of {@link #adaptiveMaxPool1d}.
     *
     * @param x          a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}, with
     *                   non-empty spatial dimensions
     * @param outputSize the output size: one value for all dimensions or {@code (outD, outH, outW)}, each at
     *                   least 0
     * @return {@code [N, C, outD, outH, outW]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor adaptiveMaxPool3d(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPool(3, x, outputSize);
    }

    /**
     * Adaptive 3-d max pooling with the positions of the maxima, as
     * {@code F.adaptive_max_pool3d(..., return_indices=True)}.
     *
     * @param x          a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}, with
     *                   non-empty spatial dimensions
     * @param outputSize the output size: one value for all dimensions or {@code (outD, outH, outW)}
     * @return the maxima {@code [N, C, outD, outH, outW]} (without {@code N} unbatched) and their int64 flat
     *         positions {@code (d * H + h) * W + w} in each input volume, of the same shape
     */
    public static Tensor.ValuesIndices adaptiveMaxPool3dWithIndices(Tensor x, long... outputSize) {
        return Pooling.adaptiveMaxPoolWithIndices(3, x, outputSize);
    }

    /**
     * 1-d power-average pooling, {@code (sum over the window of x^p)^(1/p)}, as {@code F.lp_pool1d}; computed
     * as PyTorch does, from an average pool of {@code x^p}, without padding.
     *
     * @param x          a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param normType   the power {@code p}: 1 sums each window; large values approach max pooling
     * @param kernelSize the window length, at least 1
     * @param stride     the step between windows; null for {@code kernelSize} (PyTorch's default)
     * @param ceilMode   whether to round the output length up, keeping a last partial window (PyTorch's
     *                   default false)
     * @return {@code [N, C, L_out]} (without {@code N} unbatched), {@code L_out = floor((L - k) / stride) + 1}
     *         (or ceil), in {@code x}'s dtype
     */
    public static Tensor lpPool1d(Tensor x, double normType, long kernelSize, Long stride, boolean ceilMode) {
        return Pooling.lpPool(1, x, normType, new long[] {kernelSize}, stride == null ? null : new long[] {stride},
                ceilMode);
    }

    /**
     * 2-d power-average pooling, {@code (sum over the window of x^p)^(1/p)}, as {@code F.lp_pool2d}; computed
     * as PyTorch does, from an average pool of {@code x^p}, without padding.
     *
     * @param x          a floating-point input {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param normType   the power {@code p}: 1 sums each window; large values approach max pooling
     * @param kernelSize the window size: one value or {@code (kH, kW)}
     * @param stride     the step between windows: one value or two; null or empty for {@code kernelSize}
     *                   (PyTorch's default)
     * @param ceilMode   whether to round the output size up, keeping last partial windows (PyTorch's
     *                   default false)
     * @return {@code [N, C, H_out, W_out]} (without {@code N} unbatched), each
     *         {@code floor((in - k) / stride) + 1} (or ceil), in {@code x}'s dtype
     */
    public static Tensor lpPool2d(Tensor x, double normType, long[] kernelSize, long[] stride, boolean ceilMode) {
        return Pooling.lpPool(2, x, normType, kernelSize, stride, ceilMode);
    }

    /**
     * The inverse of 1-d max pooling, as {@code F.max_unpool1d}: each value of {@code x} is written at its
     * index in an output of zeros.
     *
     * @param x          the pooled values {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param indices    their int64 positions, as {@link #maxPool1dWithIndices} returns them: {@code x}'s
     *                   shape, each less than the output length
     * @param kernelSize the pooling's window length, one value
     * @param stride     the pooling's stride, one value; null or empty for {@code kernelSize}
     * @param padding    the pooling's padding, one value
     * @param outputSize the output length: one value, or a whole shape whose last entry is taken; null for
     *                   {@code (L - 1) * stride - 2 * padding + kernelSize}
     * @return {@code [N, C, L_out]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor maxUnpool1d(Tensor x, Tensor indices, long[] kernelSize, long[] stride, long[] padding,
                                     long[] outputSize) {
        return Pooling.maxUnpool(1, x, indices, kernelSize, stride, padding, outputSize);
    }

    /**
     * The inverse of 2-d max pooling, as {@code F.max_unpool2d}: each value of {@code x} is written at its
     * flat index in an output plane of zeros.
     *
     * @param x          the pooled values {@code [N, C, H, W]}, or unbatched {@code [C, H, W]}
     * @param indices    their int64 flat positions, as {@link #maxPool2dWithIndices} returns them:
     *                   {@code x}'s shape, each less than {@code H_out * W_out}
     * @param kernelSize the pooling's window size: one value or two
     * @param stride     the pooling's stride: one value or two; null or empty for {@code kernelSize}
     * @param padding    the pooling's padding: one value or two
     * @param outputSize the output's spatial size {@code (H_out, W_out)}, or a whole shape whose last two
     *                   entries are taken; null for {@code (in - 1) * stride - 2 * padding + kernel} per
     *                   dimension
     * @return {@code [N, C, H_out, W_out]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, long[] kernelSize, long[] stride, long[] padding,
                                     long[] outputSize) {
        return Pooling.maxUnpool(2, x, indices, kernelSize, stride, padding, outputSize);
    }

    /**
     * The inverse of 3-d max pooling, as {@code F.max_unpool3d}: each value of {@code x} is written at its
     * flat index in an output volume of zeros.
     *
     * @param x          the pooled values {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param indices    their int64 flat positions, as {@link #maxPool3dWithIndices} returns them:
     *                   {@code x}'s shape, each less than {@code D_out * H_out * W_out}
     * @param kernelSize the pooling's window size: one value or three
     * @param stride     the pooling's stride: one value or three; null or empty for {@code kernelSize}
     * @param padding    the pooling's padding: one value or three
     * @param outputSize the output's spatial size {@code (D_out, H_out, W_out)}, or a whole shape whose last
     *                   three entries are taken; null for {@code (in - 1) * stride - 2 * padding + kernel}
     *                   per dimension
     * @return {@code [N, C, D_out, H_out, W_out]} (without {@code N} unbatched), in {@code x}'s dtype
     */
    public static Tensor maxUnpool3d(Tensor x, Tensor indices, long[] kernelSize, long[] stride, long[] padding,
                                     long[] outputSize) {
        return Pooling.maxUnpool(3, x, indices, kernelSize, stride, padding, outputSize);
    }

    // ---------------------------------------------------------------- padding and resampling

    /**
     * Zero padding, as {@code F.pad(x, pad)}; any dtype and any number of padded dimensions.
     *
     * @param x   an input of any shape
     * @param pad (before, after) amounts from the last dimension backwards,
     *            {@code (left, right, top, bottom, front, back, ...)}: an even count, at most two per
     *            dimension of {@code x}; negative amounts crop
     * @return {@code x}'s shape with each padded dimension grown by its two amounts, in {@code x}'s dtype
     */
    public static Tensor pad(Tensor x, long[] pad) {
        return Padding.pad(x, pad, "constant", null);
    }

    /**
     * Padding in one of {@code F.pad}'s modes.
     *
     * @param x    an input of any shape for {@code constant}; for the other modes, an input with one or two
     *             more dimensions than it pads ({@code [N, C, *]} or {@code [C, *]})
     * @param pad  (before, after) amounts from the last dimension backwards,
     *             {@code (left, right, top, bottom, front, back)}: an even count, at most two per dimension of
     *             {@code x}, and for the other modes than {@code constant} two, four or six; negative amounts crop
     * @param mode {@code constant} (zeros), {@code reflect} (mirrored without repeating the edge; each amount
     *             less than its dimension's size), {@code replicate} (the edge repeated) or {@code circular}
     *             (wrapped around, at most once)
     * @return {@code x}'s shape with each padded dimension grown by its two amounts, in {@code x}'s dtype
     */
    public static Tensor pad(Tensor x, long[] pad, String mode) {
        return Padding.pad(x, pad, mode, null);
    }

    /**
     * Padding in one of {@code F.pad}'s modes, with the fill value of {@code constant} mode.
     *
     * @param x     an input of any shape for {@code constant}; for the other modes, an input with one or two
     *              more dimensions than it pads ({@code [N, C, *]} or {@code [C, *]})
     * @param pad   (before, after) amounts from the last dimension backwards,
     *              {@code (left, right, top, bottom, front, back)}: an even count, at most two per dimension
     *              of {@code x}, and for the other modes than {@code constant} two, four or six; negative
     *              amounts crop
     * @param mode  {@code constant}, {@code reflect}, {@code replicate} or {@code circular}, as in
     *              {@link #pad(Tensor, long[], String)}
     * @param value what {@code constant} mode fills with (PyTorch's default 0); must be 0 for the other modes
     * @return {@code x}'s shape with each padded dimension grown by its two amounts, in {@code x}'s dtype
     */
    public static Tensor pad(Tensor x, long[] pad, String mode, double value) {
        return Padding.pad(x, pad, mode, value);
    }

    /**
     * Resizes the spatial dimensions to {@code size}, as {@code F.interpolate(x, size, mode=mode)} with
     * {@code align_corners=None}; indices and weights follow PyTorch 1.13's kernels.
     *
     * @param x    the input {@code [N, C, *spatial]} with 1 to 3 spatial dimensions; floating point except for
     *             the nearest modes (any dtype but bool)
     * @param size the output's spatial size: one value for all dimensions or one per dimension, each at least 1
     * @param mode {@code nearest}, {@code nearest-exact}, {@code area}, {@code linear} (3-d input),
     *             {@code bilinear} or {@code bicubic} (4-d) or {@code trilinear} (5-d)
     * @return {@code [N, C, *size]}, in {@code x}'s dtype
     */
    public static Tensor interpolate(Tensor x, long[] size, String mode) {
        return Resampling.interpolate(x, size, null, mode, null, false);
    }

    /**
     * Resizes the spatial dimensions by {@code scaleFactor}, as {@code F.interpolate(x, scale_factor=...,
     * mode=mode)}: positions are computed with the given scale, as PyTorch does without
     * {@code recompute_scale_factor}.
     *
     * @param x           the input {@code [N, C, *spatial]} with 1 to 3 spatial dimensions; floating point except
     *                    for the nearest modes (any dtype but bool)
     * @param scaleFactor the scale: one value for all spatial dimensions or one per dimension
     * @param mode        {@code nearest}, {@code nearest-exact}, {@code area}, {@code linear} (3-d input),
     *                    {@code bilinear} or {@code bicubic} (4-d) or {@code trilinear} (5-d)
     * @return {@code [N, C, *out]} with each {@code out = floor(in * scale)}, at least 1, in {@code x}'s dtype
     */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode) {
        return Resampling.interpolate(x, null, scaleFactor, mode, null, false);
    }

    /**
     * Resizes the spatial dimensions, as {@code F.interpolate} with every option.
     *
     * @param x                    the input {@code [N, C, *spatial]} with 1 to 3 spatial dimensions; floating
     *                             point except for the nearest modes (any dtype but bool)
     * @param size                 the output's spatial size (one value for all dimensions or one per
     *                             dimension), or null to use {@code scaleFactor}; exactly one of the two is given
     * @param scaleFactor          the scale (one value for all dimensions or one per dimension), or null to use
     *                             {@code size}; the output size is {@code floor(in * scale)}
     * @param mode                 {@code nearest}, {@code nearest-exact}, {@code area}, {@code linear} (3-d
     *                             input), {@code bilinear} or {@code bicubic} (4-d) or {@code trilinear} (5-d)
     * @param alignCorners         for the linear and cubic modes, whether the centres of the corner pixels of
     *                             input and output align; null (PyTorch's default, meaning false) for the
     *                             other modes
     * @param recomputeScaleFactor whether positions are computed from the output size alone even when
     *                             {@code scaleFactor} is given (PyTorch's default false)
     * @return {@code [N, C, *out]}, in {@code x}'s dtype
     */
    public static Tensor interpolate(Tensor x, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
                                     boolean recomputeScaleFactor) {
        return Resampling.interpolate(x, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    /**
     * {@code F.upsample}, PyTorch's older name for
     * {@link #interpolate(Tensor, long[], double[], String, Boolean, boolean)} without
     * {@code recompute_scale_factor}.
     *
     * @param x            the input {@code [N, C, *spatial]} with 1 to 3 spatial dimensions
     * @param size         the output's spatial size, or null to use {@code scaleFactor}; exactly one of the
     *                     two is given
     * @param scaleFactor  the scale, or null to use {@code size}
     * @param mode         {@code nearest}, {@code nearest-exact}, {@code area}, {@code linear},
     *                     {@code bilinear}, {@code bicubic} or {@code trilinear}
     * @param alignCorners for the linear and cubic modes, whether the corner pixels align; null for the
     *                     default (false) and for the other modes
     * @return {@code [N, C, *out]}, in {@code x}'s dtype
     */
    public static Tensor upsample(Tensor x, long[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        return Resampling.interpolate(x, size, scaleFactor, mode, alignCorners, false);
    }

    /**
     * Nearest-neighbour resizing, as {@code F.upsample_nearest}.
     *
     * @param x           the input {@code [N, C, *spatial]} with 1 to 3 spatial dimensions, any dtype but bool
     * @param size        the output's spatial size, or null to use {@code scaleFactor}; exactly one of the two
     *                    is given
     * @param scaleFactor the scale, or null to use {@code size}
     * @return {@code [N, C, *out]}, in {@code x}'s dtype
     */
    public static Tensor upsampleNearest(Tensor x, long[] size, double[] scaleFactor) {
        return Resampling.interpolate(x, size, scaleFactor, "nearest", null, false);
    }

    /**
     * Bilinear resizing with aligned corners, as {@code F.upsample_bilinear}.
     *
     * @param x           a floating-point input {@code [N, C, H, W]}
     * @param size        the output's spatial size, or null to use {@code scaleFactor}; exactly one of the two
     *                    is given
     * @param scaleFactor the scale, or null to use {@code size}
     * @return {@code [N, C, H_out, W_out]}, in {@code x}'s dtype
     */
    public static Tensor upsampleBilinear(Tensor x, long[] size, double[] scaleFactor) {
        return Resampling.interpolate(x, size, scaleFactor, "bilinear", true, false);
    }

    /**
     * Rearranges channels into space, as {@code F.pixel_shuffle}: each group of {@code r^2} channels becomes
     * an {@code r x r} block of one channel.
     *
     * @param x             an input {@code [*, C * r^2, H, W]} of at least 3 dimensions
     * @param upscaleFactor {@code r}, at least 1
     * @return {@code [*, C, H * r, W * r]}
     */
    public static Tensor pixelShuffle(Tensor x, long upscaleFactor) {
        return Resampling.pixelShuffle(x, upscaleFactor);
    }

    /**
     * Rearranges space into channels, as {@code F.pixel_unshuffle}: the inverse of
     * {@link #pixelShuffle(Tensor, long)}.
     *
     * @param x               an input {@code [*, C, H, W]} of at least 3 dimensions, {@code H} and {@code W}
     *                        divisible by {@code r}
     * @param downscaleFactor {@code r}, at least 1
     * @return {@code [*, C * r^2, H / r, W / r]}
     */
    public static Tensor pixelUnshuffle(Tensor x, long downscaleFactor) {
        return Resampling.pixelUnshuffle(x, downscaleFactor);
    }

    // ---------------------------------------------------------------- linear maps

    /**
     * {@code x @ weight^T}, as {@code F.linear} without bias.
     *
     * @param x      the input {@code [*, in]}
     * @param weight {@code [out, in]}, or {@code [in]} for a single output without its dimension
     * @return {@code [*, out]} ({@code [*]} for a 1-d weight)
     */
    public static Tensor linear(Tensor x, Tensor weight) {
        return LinearMaps.linear(x, weight, null);
    }

    /**
     * {@code x @ weight^T + bias}, as {@code F.linear}.
     *
     * @param x      the input {@code [*, in]}
     * @param weight {@code [out, in]}, or {@code [in]} for a single output without its dimension
     * @param bias   {@code [out]} (broadcast to the result), or null for none
     * @return {@code [*, out]} ({@code [*]} for a 1-d weight)
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return LinearMaps.linear(x, weight, bias);
    }

    /**
     * The bilinear map {@code y[..., o] = x1^T weight[o] x2 + bias[o]}, as {@code F.bilinear}.
     *
     * @param x1     the first input {@code [*, in1]}
     * @param x2     the second input {@code [*, in2]}, with the same leading dimensions as {@code x1}
     * @param weight {@code [out, in1, in2]}
     * @param bias   {@code [out]}, or null for none
     * @return {@code [*, out]}
     */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        return LinearMaps.bilinear(x1, x2, weight, bias);
    }

    // ---------------------------------------------------------------- normalization

    /**
     * Layer normalization without affine parameters, as {@code F.layer_norm(x, normalizedShape)}:
     * {@code (x - mean) / sqrt(var + 1e-5)} over the trailing dimensions, with the biased variance.
     *
     * @param x               a floating-point input {@code [*, *normalizedShape]}
     * @param normalizedShape the sizes of the trailing dimensions to normalize over, at least one
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape) {
        return Normalization.layerNorm(x, normalizedShape, null, null, 1e-5);
    }

    /**
     * Layer normalization, as {@code F.layer_norm} with eps 1e-5:
     * {@code (x - mean) / sqrt(var + 1e-5) * weight + bias} over the trailing dimensions.
     *
     * @param x               a floating-point input {@code [*, *normalizedShape]}
     * @param normalizedShape the sizes of the trailing dimensions to normalize over, at least one
     * @param weight          the scale, of shape {@code normalizedShape}, or null for none
     * @param bias            the shift, of shape {@code normalizedShape}, or null for none
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, 1e-5);
    }

    /**
     * Layer normalization, as {@code F.layer_norm}: {@code (x - mean) / sqrt(var + eps) * weight + bias}
     * over the trailing {@code normalizedShape} dimensions of each sample, with the biased variance;
     * float16 and bfloat16 are computed in float32.
     *
     * @param x               a floating-point input {@code [*, *normalizedShape]}
     * @param normalizedShape the sizes of the trailing dimensions to normalize over, at least one
     * @param weight          the scale, of shape {@code normalizedShape}, or null for none
     * @param bias            the shift, of shape {@code normalizedShape}, or null for none
     * @param eps             added to the variance for stability (PyTorch's default 1e-5)
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /**
     * Batch normalization in evaluation mode without affine parameters, as
     * {@code F.batch_norm(x, runningMean, runningVar)}: {@code (x - runningMean) / sqrt(runningVar + 1e-5)}
     * per channel.
     *
     * @param x           a floating-point input {@code [N, C, *]}
     * @param runningMean the per-channel means, {@code C} elements
     * @param runningVar  the per-channel variances, {@code C} elements
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar) {
        return Normalization.batchNorm(x, runningMean, runningVar, null, null, false, 0.1, 1e-5);
    }

    /**
     * Batch normalization, as {@code F.batch_norm} with momentum 0.1 and eps 1e-5; see
     * {@link #batchNorm(Tensor, Tensor, Tensor, Tensor, Tensor, boolean, double, double)}.
     *
     * @param x           a floating-point input {@code [N, C, *]}
     * @param runningMean the per-channel means ({@code C} elements), updated in place in training; null
     *                    allowed in training only
     * @param runningVar  the per-channel variances ({@code C} elements), updated in place in training; null
     *                    allowed in training only
     * @param weight      the per-channel scale ({@code C} elements), or null for none
     * @param bias        the per-channel shift ({@code C} elements), or null for none
     * @param training    whether to normalize with the batch's statistics (and update the running ones)
     *                    rather than with the running statistics
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, 0.1, 1e-5);
    }

    /**
     * Batch normalization per channel, as {@code F.batch_norm}. In training, with the batch's mean and biased
     * variance over {@code N} and the spatial dimensions, the running statistics (when not null) updated in
     * place, outside autograd: {@code running = (1 - momentum) * running + momentum * batch}, with the
     * unbiased batch variance. In evaluation, with the running statistics. float16 and bfloat16 are computed
     * in float32.
     *
     * @param x           a floating-point input {@code [N, C, *]}, with more than one value per channel in
     *                    training
     * @param runningMean the per-channel means ({@code C} elements), or null (training only)
     * @param runningVar  the per-channel variances ({@code C} elements), or null (training only)
     * @param weight      the per-channel scale ({@code C} elements), or null for none
     * @param bias        the per-channel shift ({@code C} elements), or null for none
     * @param training    whether to use the batch's statistics rather than the running ones (PyTorch's
     *                    default false)
     * @param momentum    the weight of the batch's statistics in the running update (PyTorch's default 0.1)
     * @param eps         added to the variance for stability (PyTorch's default 1e-5)
     * @return {@code (x - mean) / sqrt(var + eps) * weight + bias}, of {@code x}'s shape and dtype
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /**
     * Group normalization without affine parameters, as {@code F.group_norm(x, numGroups)} with eps 1e-5.
     *
     * @param x         a floating-point input {@code [N, C, *]}
     * @param numGroups the number of groups the channels are split into, dividing {@code C}
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor groupNorm(Tensor x, long numGroups) {
        return Normalization.groupNorm(x, numGroups, null, null, 1e-5);
    }

    /**
     * Group normalization, as {@code F.group_norm} with eps 1e-5.
     *
     * @param x         a floating-point input {@code [N, C, *]}
     * @param numGroups the number of groups the channels are split into, dividing {@code C}
     * @param weight    the per-channel scale {@code [C]}, or null for none
     * @param bias      the per-channel shift {@code [C]}, or null for none
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias) {
        return Normalization.groupNorm(x, numGroups, weight, bias, 1e-5);
    }

    /**
     * Group normalization, as {@code F.group_norm}: each sample's channels are split into {@code numGroups}
     * groups of {@code C / numGroups}, each group standardized over its channels and spatial elements (biased
     * variance), then scaled and shifted per channel.
     *
     * @param x         a floating-point input {@code [N, C, *]}
     * @param numGroups the number of groups, dividing {@code C}
     * @param weight    the per-channel scale {@code [C]}, or null for none
     * @param bias      the per-channel shift {@code [C]}, or null for none
     * @param eps       added to the variance for stability (PyTorch's default 1e-5)
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, numGroups, weight, bias, eps);
    }

    /**
     * Instance normalization with each sample's own statistics, as {@code F.instance_norm(x)}: no running
     * statistics, no affine parameters, eps 1e-5.
     *
     * @param x a floating-point input {@code [N, C, *]} with more than one spatial element
     * @return each channel of each sample standardized over its spatial elements, of {@code x}'s shape and
     *         dtype
     */
    public static Tensor instanceNorm(Tensor x) {
        return Normalization.instanceNorm(x, null, null, null, null, true, 0.1, 1e-5);
    }

    /**
     * Instance normalization, as {@code F.instance_norm}: each channel of each sample is standardized over
     * its spatial elements (biased variance), then scaled and shifted per channel.
     *
     * @param x             a floating-point input {@code [N, C, *]}, with more than one spatial element when
     *                      {@code useInputStats}
     * @param runningMean   the per-channel means ({@code C} elements); with {@code useInputStats}, updated in
     *                      place with the batch average, or null; without, required
     * @param runningVar    the per-channel variances ({@code C} elements), updated with the unbiased variance,
     *                      like {@code runningMean}
     * @param weight        the per-channel scale ({@code C} elements), or null for none
     * @param bias          the per-channel shift ({@code C} elements), or null for none
     * @param useInputStats whether to use each instance's statistics rather than the running ones (PyTorch's
     *                      default true)
     * @param momentum      the weight of the new statistics in the running update (PyTorch's default 0.1)
     * @param eps           added to the variance for stability (PyTorch's default 1e-5)
     * @return the normalized input, of {@code x}'s shape and dtype
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        return Normalization.instanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    /**
     * Local response normalization across channels, as {@code F.local_response_norm(x, size)}: alpha 1e-4,
     * beta 0.75, k 1.
     *
     * @param x    an input {@code [N, C, *]} of at least 3 dimensions
     * @param size the number of neighbouring channels to normalize over, at least 1
     * @return the normalized input, of {@code x}'s shape
     */
    public static Tensor localResponseNorm(Tensor x, int size) {
        return Normalization.localResponseNorm(x, size, 1e-4, 0.75, 1.0);
    }

    /**
     * Local response normalization across channels, as {@code F.local_response_norm}:
     * {@code x / (k + alpha / size * sum of x^2 over size neighbouring channels)^beta}, the window of
     * channels centred on each ({@code size / 2} before, {@code (size - 1) / 2} after) and zero-padded.
     *
     * @param x     an input {@code [N, C, *]} of at least 3 dimensions
     * @param size  the number of neighbouring channels to normalize over, at least 1
     * @param alpha the scale of the sum (PyTorch's default 1e-4)
     * @param beta  the exponent (PyTorch's default 0.75)
     * @param k     the additive constant (PyTorch's default 1)
     * @return the normalized input, of {@code x}'s shape
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        return Normalization.localResponseNorm(x, size, alpha, beta, k);
    }

    /**
     * Scales each vector along dimension 1 to unit Euclidean length, as {@code F.normalize(x)}:
     * {@code x / max(||x||_2, 1e-12)}.
     *
     * @param x an input of at least 2 dimensions
     * @return the normalized input, of {@code x}'s shape
     */
    public static Tensor normalize(Tensor x) {
        return Normalization.normalize(x, 2, 1, 1e-12);
    }

    /**
     * Scales each vector along {@code dim} to unit {@code p}-norm, as {@code F.normalize} with eps 1e-12:
     * {@code x / max(||x||_p, 1e-12)}.
     *
     * @param x   an input of any shape
     * @param p   the exponent of the norm (PyTorch's default 2)
     * @param dim the dimension of the vectors (PyTorch's default 1); negative counts from the end
     * @return the normalized input, of {@code x}'s shape
     */
    public static Tensor normalize(Tensor x, double p, int dim) {
        return Normalization.normalize(x, p, dim, 1e-12);
    }

    /**
     * Scales each vector along {@code dim} to unit {@code p}-norm, as {@code F.normalize}:
     * {@code x / max(||x||_p, eps)}.
     *
     * @param x   an input of any shape
     * @param p   the exponent of the norm (PyTorch's default 2)
     * @param dim the dimension of the vectors (PyTorch's default 1); negative counts from the end
     * @param eps the smallest norm divided by, to avoid division by zero (PyTorch's default 1e-12)
     * @return the normalized input, of {@code x}'s shape
     */
    public static Tensor normalize(Tensor x, double p, int dim, double eps) {
        return Normalization.normalize(x, p, dim, eps);
    }

    // ---------------------------------------------------------------- embeddings

    /**
     * Looks up rows of an embedding table, as {@code F.embedding(input, weight)}.
     *
     * @param input int64 or int32 indices of any shape, each in {@code [0, V)}
     * @param weight the table {@code [V, D]}
     * @return the rows at the indices, {@code [*input.shape, D]}, in {@code weight}'s dtype
     */
    public static Tensor embedding(Tensor input, Tensor weight) {
        return Embedding.embedding(input, weight, null, null, 2, false);
    }

    /**
     * Looks up rows of an embedding table, as {@code F.embedding(input, weight, padding_idx)}: the row at
     * {@code paddingIdx} gets no gradient.
     *
     * @param input      int64 or int32 indices of any shape, each in {@code [0, V)}
     * @param weight     the table {@code [V, D]}
     * @param paddingIdx the row that gets no gradient, in {@code [-V, V)} (negative counts from the end), or
     *                   null for none
     * @return the rows at the indices, {@code [*input.shape, D]}, in {@code weight}'s dtype
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx) {
        return Embedding.embedding(input, weight, paddingIdx, null, 2, false);
    }

    /**
     * Looks up rows of an embedding table, as {@code F.embedding} with every option.
     *
     * @param input           int64 or int32 indices of any shape, each in {@code [0, V)}
     * @param weight          the table {@code [V, D]}
     * @param paddingIdx      the row that gets no gradient, in {@code [-V, V)} (negative counts from the end),
     *                        or null for none (PyTorch's default)
     * @param maxNorm         if not null, the looked-up rows whose {@code normType}-norm exceeds it are first
     *                        rescaled to it, in place in {@code weight} (PyTorch's default null)
     * @param normType        the exponent of the norm {@code maxNorm} bounds (PyTorch's default 2)
     * @param scaleGradByFreq whether each row's gradient is divided by how often it occurs in {@code input}
     *                        (PyTorch's default false)
     * @return the rows at the indices, {@code [*input.shape, D]}, in {@code weight}'s dtype
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx, Double maxNorm, double normType,
                                   boolean scaleGradByFreq) {
        return Embedding.embedding(input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq);
    }

    /**
     * The sum, mean or maximum of each bag of embedding rows, as
     * {@code F.embedding_bag(input, weight, offsets, mode=mode)}; an empty bag gives zeros.
     *
     * @param input   int64 or int32 indices, each in {@code [0, V)}: {@code [B, M]} for {@code B} bags of
     *                {@code M}, or 1-d with the bags given by {@code offsets}
     * @param weight  the table {@code [V, D]}
     * @param offsets for a 1-d input, where each bag starts: int64 or int32 {@code [B]}, non-decreasing, the
     *                first 0; null for a 2-d input
     * @param mode    {@code "sum"}, {@code "mean"} (PyTorch's default) or {@code "max"}
     * @return {@code [B, D]}, in {@code weight}'s dtype
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, String mode) {
        return Embedding.embeddingBag(input, weight, offsets, null, 2, false, mode, null, false, null);
    }

    /**
     * The sum, mean or maximum of each bag of embedding rows, as {@code F.embedding_bag} with every option;
     * an empty bag gives zeros.
     *
     * @param input             int64 or int32 indices, each in {@code [0, V)}: {@code [B, M]} for {@code B}
     *                          bags of {@code M}, or 1-d with the bags given by {@code offsets}
     * @param weight            the table {@code [V, D]}
     * @param offsets           for a 1-d input, where each bag starts: int64 or int32, non-decreasing, the first
     *                          0; null for a 2-d input
     * @param maxNorm           if not null, the looked-up rows whose {@code normType}-norm exceeds it are first
     *                          rescaled to it, in place in {@code weight}
     * @param normType          the exponent of the norm {@code maxNorm} bounds (PyTorch's default 2)
     * @param scaleGradByFreq   whether each row's gradient is divided by how often it occurs in {@code input}
     * @param mode              {@code "sum"}, {@code "mean"} (PyTorch's default) or {@code "max"}
     * @param perSampleWeights  a weight for each index, of {@code input}'s shape, multiplying its row before the
     *                          sum ({@code "sum"} mode only), or null for none
     * @param includeLastOffset whether {@code offsets} has one more element, {@code B + 1} in all, the last
     *                          being where the last bag ends (indices after it belong to no bag); a 2-d
     *                          input's offsets are its row starts, so its last row is then left out, as in
     *                          PyTorch
     * @param paddingIdx        an index left out of every bag, in {@code [-V, V)}, or null for none
     * @return {@code [B, D]}, in {@code weight}'s dtype
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType,
                                      boolean scaleGradByFreq, String mode, Tensor perSampleWeights,
                                      boolean includeLastOffset, Long paddingIdx) {
        return Embedding.embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode,
                perSampleWeights, includeLastOffset, paddingIdx);
    }

    /**
     * One-hot rows of class indices, as {@code F.one_hot(input)}, with as many classes as the largest index
     * plus one.
     *
     * @param input int64 class indices of any shape, non-empty and non-negative
     * @return int64 {@code [*input.shape, max + 1]}, 1 at each index and 0 elsewhere
     */
    public static Tensor oneHot(Tensor input) {
        return Embedding.oneHot(input, -1);
    }

    /**
     * One-hot rows of class indices, as {@code F.one_hot}.
     *
     * @param input      int64 class indices of any shape, each in {@code [0, numClasses)}
     * @param numClasses the number of classes, or -1 (PyTorch's default) for the largest index plus one
     * @return int64 {@code [*input.shape, numClasses]}, 1 at each index and 0 elsewhere
     */
    public static Tensor oneHot(Tensor input, long numClasses) {
        return Embedding.oneHot(input, numClasses);
    }

    // ---------------------------------------------------------------- dropout

    /**
     * Dropout, as {@code F.dropout}, with the mask drawn from the default generator; see
     * {@link #dropout(Tensor, double, boolean, Generator)}.
     *
     * @param x        a floating-point input of any shape
     * @param p        the probability of zeroing each element, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @return the input with dropped elements, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return Dropout.dropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Dropout, as {@code F.dropout}: zeroes each element independently with probability {@code p} and scales
     * the rest by {@code 1 / (1 - p)}, so the expectation is unchanged.
     *
     * @param x        a floating-point input of any shape
     * @param p        the probability of zeroing each element, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @param gen      the generator the mask is drawn from
     * @return the input with dropped elements, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.dropout(x, p, training, gen);
    }

    /**
     * Channel dropout of 1-d feature maps, as {@code F.dropout1d}, with the mask drawn from the default
     * generator; see {@link #dropout1d(Tensor, double, boolean, Generator)}.
     *
     * @param x        a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param p        the probability of zeroing each channel, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @return the input with dropped channels, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout1d(Tensor x, double p, boolean training) {
        return Dropout.dropout1d(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Channel dropout of 1-d feature maps, as {@code F.dropout1d}: zeroes whole channels of each sample with
     * probability {@code p} and scales the rest by {@code 1 / (1 - p)}.
     *
     * @param x        a floating-point input {@code [N, C, L]}, or unbatched {@code [C, L]}
     * @param p        the probability of zeroing each channel, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @param gen      the generator the mask is drawn from
     * @return the input with dropped channels, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout1d(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.dropout1d(x, p, training, gen);
    }

    /**
     * Channel dropout, as {@code F.dropout2d}, with the mask drawn from the default generator; see
     * {@link #dropout2d(Tensor, double, boolean, Generator)}.
     *
     * @param x        a floating-point input {@code [N, C, *]}, typically {@code [N, C, H, W]}
     * @param p        the probability of zeroing each channel, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @return the input with dropped channels, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training) {
        return Dropout.featureDropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Channel dropout, as {@code F.dropout2d}: zeroes whole channels of each sample with probability
     * {@code p} and scales the rest by {@code 1 / (1 - p)}. As in PyTorch 1.13, a 3-d input is taken as
     * {@code [N, C, L]}, not as an unbatched image.
     *
     * @param x        a floating-point input {@code [N, C, *]}, typically {@code [N, C, H, W]}
     * @param p        the probability of zeroing each channel, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @param gen      the generator the mask is drawn from
     * @return the input with dropped channels, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.featureDropout(x, p, training, gen);
    }

    /**
     * Channel dropout of 3-d feature maps, as {@code F.dropout3d}, with the mask drawn from the default
     * generator; see {@link #dropout3d(Tensor, double, boolean, Generator)}.
     *
     * @param x        a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param p        the probability of zeroing each channel, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @return the input with dropped channels, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout3d(Tensor x, double p, boolean training) {
        return Dropout.dropout3d(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Channel dropout of 3-d feature maps, as {@code F.dropout3d}: zeroes whole channels of each sample with
     * probability {@code p} and scales the rest by {@code 1 / (1 - p)}.
     *
     * @param x        a floating-point input {@code [N, C, D, H, W]}, or unbatched {@code [C, D, H, W]}
     * @param p        the probability of zeroing each channel, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default true)
     * @param gen      the generator the mask is drawn from
     * @return the input with dropped channels, of {@code x}'s shape; {@code x} itself when not training or
     *         {@code p} is 0
     */
    public static Tensor dropout3d(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.dropout3d(x, p, training, gen);
    }

    /**
     * Alpha dropout, as {@code F.alpha_dropout}, with the mask drawn from the default generator; see
     * {@link #alphaDropout(Tensor, double, boolean, Generator)}.
     *
     * @param x        a floating-point input of any shape
     * @param p        the probability of dropping each element, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default false)
     * @return the result, of {@code x}'s shape; {@code x} itself when not training or {@code p} is 0
     */
    public static Tensor alphaDropout(Tensor x, double p, boolean training) {
        return Dropout.alphaDropout(x, p, training, false, Generator.defaultGenerator());
    }

    /**
     * Alpha dropout for SELU networks, as {@code F.alpha_dropout}: dropped elements take SELU's negative
     * saturation value, then the result is scaled and shifted so that a zero-mean, unit-variance input keeps
     * its mean and variance.
     *
     * @param x        a floating-point input of any shape
     * @param p        the probability of dropping each element, in [0, 1] (PyTorch's default 0.5); 1 gives
     *                 zeros
     * @param training whether to drop at all (PyTorch's default false)
     * @param gen      the generator the mask is drawn from
     * @return the result, of {@code x}'s shape; {@code x} itself when not training or {@code p} is 0
     */
    public static Tensor alphaDropout(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.alphaDropout(x, p, training, false, gen);
    }

    /**
     * Alpha dropout of whole channels, as {@code F.feature_alpha_dropout}, with the mask drawn from the
     * default generator; see {@link #featureAlphaDropout(Tensor, double, boolean, Generator)}.
     *
     * @param x        a floating-point input {@code [N, C, *]}
     * @param p        the probability of dropping each channel, in [0, 1] (PyTorch's default 0.5)
     * @param training whether to drop at all (PyTorch's default false)
     * @return the result, of {@code x}'s shape; {@code x} itself when not training or {@code p} is 0
     */
    public static Tensor featureAlphaDropout(Tensor x, double p, boolean training) {
        return Dropout.alphaDropout(x, p, training, true, Generator.defaultGenerator());
    }

    /**
     * Alpha dropout of whole channels, as {@code F.feature_alpha_dropout}: as
     * {@link #alphaDropout(Tensor, double, boolean, Generator)}, with one draw per channel of each sample.
     *
     * @param x        a floating-point input {@code [N, C, *]}
     * @param p        the probability of dropping each channel, in [0, 1] (PyTorch's default 0.5); 1 gives
     *                 zeros
     * @param training whether to drop at all (PyTorch's default false)
     * @param gen      the generator the mask is drawn from
     * @return the result, of {@code x}'s shape; {@code x} itself when not training or {@code p} is 0
     */
    public static Tensor featureAlphaDropout(Tensor x, double p, boolean training, Generator gen) {
        return Dropout.alphaDropout(x, p, training, true, gen);
    }

    // ---------------------------------------------------------------- losses

    /**
     * The mean squared error, {@code mean((input - target)^2)}, as {@code F.mse_loss(input, target)}.
     *
     * @param input  the predictions, of any shape
     * @param target the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as in
     *               PyTorch)
     * @return the loss, a 0-d tensor
     */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target, Reduction.MEAN);
    }

    /**
     * The squared error {@code (input - target)^2}, reduced, as {@code F.mse_loss}.
     *
     * @param input     the predictions, of any shape
     * @param target    the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as
     *                  in PyTorch)
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, the elementwise losses, of the
     *         broadcast shape
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.mseLoss(input, target, reduction);
    }

    /**
     * The mean absolute error, {@code mean(|input - target|)}, as {@code F.l1_loss(input, target)}.
     *
     * @param input  the predictions, of any shape
     * @param target the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as in
     *               PyTorch)
     * @return the loss, a 0-d tensor
     */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return Losses.l1Loss(input, target, Reduction.MEAN);
    }

    /**
     * The absolute error {@code |input - target|}, reduced, as {@code F.l1_loss}.
     *
     * @param input     the predictions, of any shape
     * @param target    the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as
     *                  in PyTorch)
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, the elementwise losses, of the
     *         broadcast shape
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.l1Loss(input, target, reduction);
    }

    /**
     * The smooth L1 loss with beta 1, averaged, as {@code F.smooth_l1_loss(input, target)}: for
     * {@code d = input - target}, {@code 0.5 d^2} where {@code |d| < 1}, else {@code |d| - 0.5}.
     *
     * @param input  the predictions, of any shape
     * @param target the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as in
     *               PyTorch)
     * @return the loss, a 0-d tensor
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return Losses.smoothL1Loss(input, target, Reduction.MEAN, 1.0);
    }

    /**
     * The smooth L1 loss, as {@code F.smooth_l1_loss}: for {@code d = input - target},
     * {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}, reduced.
     *
     * @param input     the predictions, of any shape
     * @param target    the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as
     *                  in PyTorch)
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @param beta      where the loss turns from quadratic to linear, at least 0; 0 is the L1 loss (PyTorch's
     *                  default 1)
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, the elementwise losses, of the
     *         broadcast shape
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return Losses.smoothL1Loss(input, target, reduction, beta);
    }

    /**
     * The Huber loss with delta 1, averaged, as {@code F.huber_loss(input, target)}: for
     * {@code d = input - target}, {@code 0.5 d^2} where {@code |d| < 1}, else {@code |d| - 0.5}.
     *
     * @param input  the predictions, of any shape
     * @param target the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as in
     *               PyTorch)
     * @return the loss, a 0-d tensor
     */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return Losses.huberLoss(input, target, Reduction.MEAN, 1.0);
    }

    /**
     * The Huber loss, as {@code F.huber_loss}: for {@code d = input - target}, {@code 0.5 d^2} where
     * {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}, reduced; {@code delta} times the smooth L1
     * loss with {@code beta = delta}.
     *
     * @param input     the predictions, of any shape
     * @param target    the targets, of {@code input}'s shape (another shape is broadcast, with a warning, as
     *                  in PyTorch)
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @param delta     where the loss turns from quadratic to linear, positive (PyTorch's default 1)
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, the elementwise losses, of the
     *         broadcast shape
     */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return Losses.huberLoss(input, target, reduction, delta);
    }

    /**
     * The cross-entropy of logits against class indices or class probabilities, averaged, as
     * {@code F.cross_entropy(input, target)}; see
     * {@link #crossEntropy(Tensor, Tensor, Tensor, long, Reduction, double)}.
     *
     * @param input  the logits {@code [N, C, d1...]}, or {@code [C]} for one sample
     * @param target int64 class indices {@code [N, d1...]} ({@code []} for one sample; -100 is ignored), or
     *               floating-point class probabilities of {@code input}'s shape
     * @return the loss, a 0-d tensor
     */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, null, -100, Reduction.MEAN, 0);
    }

    /**
     * The cross-entropy of logits against class indices or class probabilities, as {@code F.cross_entropy}:
     * {@code -w[t] * log_softmax(input)[t]} per target index, or {@code -sum_c w[c] p[c] log_softmax(input)[c]}
     * per probability target.
     *
     * @param input          the logits {@code [N, C, d1...]}, or {@code [C]} for one sample
     * @param target         int64 class indices {@code [N, d1...]} ({@code []} for one sample), each in
     *                       {@code [0, C)} or {@code ignoreIndex}; or floating-point class probabilities of
     *                       {@code input}'s shape
     * @param weight         the weight of each class {@code [C]}, or null for all 1
     * @param ignoreIndex    a target index that counts for nothing, not even in the mean's denominator
     *                       (PyTorch's default -100); must be negative with probability targets
     * @param reduction      {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default; for index
     *                       targets the weighted mean {@code sum(w[t] loss) / sum(w[t])}, for probability
     *                       targets the sum divided by {@code N * d1...}) or {@link Reduction#SUM}
     * @param labelSmoothing in [0, 1]: the target becomes {@code (1 - labelSmoothing)} times itself plus
     *                       {@code labelSmoothing} times the uniform distribution (PyTorch's default 0)
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, one loss per target position,
     *         {@code [N, d1...]} ({@code []} for one sample)
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex,
                                      Reduction reduction, double labelSmoothing) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /**
     * The negative log-likelihood loss, averaged, as {@code F.nll_loss(input, target)}; see
     * {@link #nllLoss(Tensor, Tensor, Tensor, long, Reduction)}.
     *
     * @param input  log-probabilities {@code [N, C, d1...]}, or {@code [C]} for one sample
     * @param target int64 class indices {@code [N, d1...]} ({@code []} for one sample), each in {@code [0, C)}
     *               or -100 (ignored)
     * @return the loss, a 0-d tensor
     */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target, null, -100, Reduction.MEAN);
    }

    /**
     * The negative log-likelihood loss, as {@code F.nll_loss}: {@code -w[t] * input[t]} per target.
     *
     * @param input       log-probabilities {@code [N, C, d1...]}, or {@code [C]} for one sample
     * @param target      int64 class indices {@code [N, d1...]} ({@code []} for one sample), each in
     *                    {@code [0, C)} or {@code ignoreIndex}
     * @param weight      the weight of each class {@code [C]}, or null for all 1
     * @param ignoreIndex a target index that counts for nothing, not even in the mean's denominator
     *                    (PyTorch's default -100)
     * @param reduction   {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default; the weighted mean
     *                    {@code sum(w[t] loss) / sum(w[t])}) or {@link Reduction#SUM}
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, one loss per target,
     *         {@code [N, d1...]} ({@code []} for one sample)
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    /**
     * The binary cross-entropy of probabilities, averaged, as {@code F.binary_cross_entropy(input, target)};
     * see {@link #binaryCrossEntropy(Tensor, Tensor, Tensor, Reduction)}.
     *
     * @param input  floating-point probabilities in [0, 1], of any shape
     * @param target the target probabilities, of {@code input}'s shape
     * @return the loss, a 0-d tensor
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * The binary cross-entropy of probabilities, as {@code F.binary_cross_entropy}:
     * {@code -weight (t log(x) + (1 - t) log(1 - x))}, the logs clamped at -100 so that 0 and 1 give finite
     * losses.
     *
     * @param input     floating-point probabilities {@code x} in [0, 1], of any shape
     * @param target    the target probabilities {@code t}, of {@code input}'s shape
     * @param weight    a weight broadcast to {@code input}'s shape, or null for none
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, the elementwise losses, of
     *         {@code input}'s shape
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Losses.binaryCrossEntropy(input, target, weight, reduction);
    }

    /**
     * The binary cross-entropy of logits, averaged, as {@code F.binary_cross_entropy_with_logits(input,
     * target)}; see {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)}.
     *
     * @param input  floating-point logits of any shape
     * @param target the target probabilities, of {@code input}'s shape
     * @return the loss, a 0-d tensor
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * The binary cross-entropy of logits, as {@code F.binary_cross_entropy_with_logits}:
     * {@code -weight (posWeight t log(sigmoid(x)) + (1 - t) log(1 - sigmoid(x)))}, computed stably without
     * forming the sigmoid.
     *
     * @param input     floating-point logits {@code x} of any shape
     * @param target    the target probabilities {@code t}, of {@code input}'s shape
     * @param weight    a weight broadcast to {@code input}'s shape, or null for none
     * @param posWeight the weight of the positive term, broadcast to {@code input}'s shape (typically one per
     *                  class, {@code [C]} along the last dimension), or null for 1
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, the elementwise losses, of
     *         {@code input}'s shape
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /**
     * The Kullback-Leibler divergence with PyTorch's default reduction, {@code mean} over all elements, as
     * {@code F.kl_div(input, target)}; {@link Reduction#BATCHMEAN} in
     * {@link #klDiv(Tensor, Tensor, Reduction, boolean)} gives the true KL divergence.
     *
     * @param input  log-probabilities of any shape
     * @param target probabilities, broadcast with {@code input}
     * @return the mean of {@code target * (log(target) - input)}, a 0-d tensor
     */
    public static Tensor klDiv(Tensor input, Tensor target) {
        return Losses.klDiv(input, target, Reduction.MEAN, false);
    }

    /**
     * The Kullback-Leibler divergence, as {@code F.kl_div}: {@code target * (log(target) - input)} elementwise
     * (0 where the target is 0), for log-probabilities {@code input}.
     *
     * @param input     log-probabilities of any shape, the first dimension the batch
     * @param target    probabilities (log-probabilities with {@code logTarget}), broadcast with {@code input}
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default: the mean over all
     *                  elements), {@link Reduction#SUM} or {@link Reduction#BATCHMEAN} (the sum divided by the
     *                  batch size {@code input.size(0)}: the true KL divergence)
     * @param logTarget whether {@code target} holds log-probabilities; the loss is then
     *                  {@code exp(target) * (target - input)} (PyTorch's default false)
     * @return a 0-d tensor, or for {@code NONE} the elementwise losses, of the broadcast shape
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return Losses.klDiv(input, target, reduction, logTarget);
    }

    /**
     * The cosine embedding loss with margin 0, averaged, as {@code F.cosine_embedding_loss(input1, input2,
     * target)}; see {@link #cosineEmbeddingLoss(Tensor, Tensor, Tensor, double, Reduction)}.
     *
     * @param input1 the first embeddings {@code [N, D]}, or {@code [D]} for one pair
     * @param input2 the second embeddings, of {@code input1}'s shape
     * @param target 1 (similar) or -1 (dissimilar) per pair: {@code [N]}, or {@code []} for one pair
     * @return the loss, a 0-d tensor
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, 0, Reduction.MEAN);
    }

    /**
     * The cosine embedding loss, as {@code F.cosine_embedding_loss}: with {@code cos} the cosine similarity
     * of each pair, {@code 1 - cos} where the target is 1 and {@code max(0, cos - margin)} where it is -1.
     *
     * @param input1    the first embeddings {@code [N, D]}, or {@code [D]} for one pair
     * @param input2    the second embeddings, of {@code input1}'s shape
     * @param target    1 (similar) or -1 (dissimilar) per pair: {@code [N]}, or {@code []} for one pair
     * @param margin    the cosine below which dissimilar pairs cost nothing, in [-1, 1] (PyTorch's default 0)
     * @param reduction {@link Reduction#NONE}, {@link Reduction#MEAN} (PyTorch's default) or
     *                  {@link Reduction#SUM}
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}; for {@code NONE}, one loss per pair, of
     *         {@code target}'s shape
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
                                             Reduction reduction) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    /**
     * The cosine similarity along dimension 1, as {@code F.cosine_similarity(x1, x2)} with eps 1e-8.
     *
     * @param x1 the first vectors, of at least 2 dimensions
     * @param x2 the second vectors, broadcast with {@code x1}; the common dtype floating point
     * @return the cosines, of the broadcast shape without dimension 1
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) {
        return Distances.cosineSimilarity(x1, x2, 1, 1e-8);
    }

    /**
     * The cosine similarity along {@code dim}, as {@code F.cosine_similarity}:
     * {@code sum(x1 / max(||x1||, eps) * x2 / max(||x2||, eps))}.
     *
     * @param x1  the first vectors
     * @param x2  the second vectors, broadcast with {@code x1}; the common dtype floating point
     * @param dim the dimension of the vectors (PyTorch's default 1); negative counts from the end
     * @param eps the smallest norm divided by, to avoid division by zero (PyTorch's default 1e-8)
     * @return the cosines, of the broadcast shape without {@code dim}
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        return Distances.cosineSimilarity(x1, x2, dim, eps);
    }

    /**
     * The Euclidean distance along the last dimension, as {@code F.pairwise_distance(x1, x2)}:
     * {@code ||x1 - x2 + 1e-6||_2}.
     *
     * @param x1 the first vectors {@code [*, D]}
     * @param x2 the second vectors, broadcast with {@code x1}
     * @return the distances, of the broadcast shape without the last dimension
     */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) {
        return Distances.pairwiseDistance(x1, x2, 2, 1e-6, false);
    }

    /**
     * The {@code p}-norm distance along the last dimension, as {@code F.pairwise_distance}:
     * {@code ||x1 - x2 + eps||_p}.
     *
     * @param x1      the first vectors {@code [*, D]}
     * @param x2      the second vectors, broadcast with {@code x1}
     * @param p       the exponent of the norm (PyTorch's default 2)
     * @param eps     added to the difference to avoid a zero norm's undefined gradient (PyTorch's default 1e-6)
     * @param keepdim whether to keep the last dimension, with size 1 (PyTorch's default false)
     * @return the distances, of the broadcast shape without the last dimension (or with size 1 there)
     */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        return Distances.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    // ---------------------------------------------------------------- recurrent

    /**
     * A multi-layer Elman RNN, {@code h_t = act(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh)} per layer, as
     * {@code _VF.rnn_tanh} / {@code _VF.rnn_relu} (what {@code nn.RNN} calls), with dropout drawn from the
     * default generator.
     *
     * @param input         a floating-point sequence {@code [T, N, I]} ({@code [N, T, I]} with
     *                      {@code batchFirst}), {@code T} at least 1
     * @param hx            the initial hidden states {@code [numLayers * D, N, H]} (D = 2 when bidirectional,
     *                      else 1), or null for zeros
     * @param weights       the parameters in PyTorch's flat order: for each layer, for each direction,
     *                      {@code w_ih [H, I]} ({@code [H, D * H]} after the first layer) and {@code w_hh [H, H]},
     *                      then {@code b_ih [H]} and {@code b_hh [H]} when {@code hasBiases}
     * @param hasBiases     whether {@code weights} holds the biases
     * @param nonlinearity  {@code "tanh"} or {@code "relu"}
     * @param numLayers     the number of stacked layers, at least 1
     * @param dropout       the dropout probability on each layer's output but the last's, in [0, 1]
     * @param training      whether the dropout applies
     * @param bidirectional whether each layer also runs backwards in time, its output joined to the forward one
     * @param batchFirst    whether {@code input} and the output are batch first
     * @return the last layer's output at every step, {@code [T, N, D * H]} ({@code [N, T, D * H]} batch first),
     *         and every layer's final hidden state, {@code [numLayers * D, N, H]}
     */
    public static RecurrentOutput rnn(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases,
                                      String nonlinearity, int numLayers, double dropout, boolean training,
                                      boolean bidirectional, boolean batchFirst) {
        return rnn(input, hx, weights, hasBiases, nonlinearity, numLayers, dropout, training, bidirectional, batchFirst,
                Generator.defaultGenerator());
    }

    /**
     * A multi-layer Elman RNN with the generator of its dropout; see
     * {@link #rnn(Tensor, Tensor, List, boolean, String, int, double, boolean, boolean, boolean)}.
     *
     * @param input         a floating-point sequence {@code [T, N, I]} ({@code [N, T, I]} with
     *                      {@code batchFirst}), {@code T} at least 1
     * @param hx            the initial hidden states {@code [numLayers * D, N, H]}, or null for zeros
     * @param weights       the parameters in PyTorch's flat order: for each layer, for each direction,
     *                      {@code w_ih, w_hh}, then {@code b_ih, b_hh} when {@code hasBiases}
     * @param hasBiases     whether {@code weights} holds the biases
     * @param nonlinearity  {@code "tanh"} or {@code "relu"}
     * @param numLayers     the number of stacked layers, at least 1
     * @param dropout       the dropout probability on each layer's output but the last's, in [0, 1]
     * @param training      whether the dropout applies
     * @param bidirectional whether each layer also runs backwards in time
     * @param batchFirst    whether {@code input} and the output are batch first
     * @param gen           the generator the dropout masks are drawn from
     * @return the last layer's output at every step, {@code [T, N, D * H]} ({@code [N, T, D * H]} batch first),
     *         and every layer's final hidden state, {@code [numLayers * D, N, H]}
     */
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
     * A multi-layer LSTM, as {@code _VF.lstm} (what {@code nn.LSTM} calls), with gates in PyTorch's order
     * (input, forget, cell, output), optional projections, and dropout drawn from the default generator.
     *
     * @param input         a floating-point sequence {@code [T, N, I]} ({@code [N, T, I]} with
     *                      {@code batchFirst}), {@code T} at least 1
     * @param hx            the initial state: {@code h [numLayers * D, N, H_out]} and
     *                      {@code c [numLayers * D, N, H]} (D = 2 when bidirectional, else 1); null, or either
     *                      tensor null, for zeros
     * @param weights       the parameters in PyTorch's flat order: for each layer, for each direction,
     *                      {@code w_ih [4H, I]} ({@code [4H, D * H_out]} after the first layer) and
     *                      {@code w_hh [4H, H_out]}, then {@code b_ih [4H]} and {@code b_hh [4H]} when
     *                      {@code hasBiases}, then {@code w_hr [H_out, H]} with projections ({@code H_out} is
     *                      {@code H} without them)
     * @param hasBiases     whether {@code weights} holds the biases
     * @param numLayers     the number of stacked layers, at least 1
     * @param dropout       the dropout probability on each layer's output but the last's, in [0, 1]
     * @param training      whether the dropout applies
     * @param bidirectional whether each layer also runs backwards in time, its output joined to the forward one
     * @param batchFirst    whether {@code input} and the output are batch first
     * @return the last layer's output at every step, {@code [T, N, D * H_out]} ({@code [N, T, D * H_out]}
     *         batch first), and every layer's final hidden and cell states
     */
    public static LstmOutput lstm(Tensor input, LstmState hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                  double dropout, boolean training, boolean bidirectional, boolean batchFirst) {
        return Recurrent.lstm(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                Generator.defaultGenerator());
    }

    /**
     * A multi-layer LSTM with the generator of its dropout; see
     * {@link #lstm(Tensor, LstmState, List, boolean, int, double, boolean, boolean, boolean)}.
     *
     * @param input         a floating-point sequence {@code [T, N, I]} ({@code [N, T, I]} with
     *                      {@code batchFirst}), {@code T} at least 1
     * @param hx            the initial state ({@code h [numLayers * D, N, H_out]},
     *                      {@code c [numLayers * D, N, H]}); null, or either tensor null, for zeros
     * @param weights       the parameters in PyTorch's flat order: for each layer, for each direction,
     *                      {@code w_ih, w_hh}, then {@code b_ih, b_hh} when {@code hasBiases}, then
     *                      {@code w_hr} with projections
     * @param hasBiases     whether {@code weights} holds the biases
     * @param numLayers     the number of stacked layers, at least 1
     * @param dropout       the dropout probability on each layer's output but the last's, in [0, 1]
     * @param training      whether the dropout applies
     * @param bidirectional whether each layer also runs backwards in time
     * @param batchFirst    whether {@code input} and the output are batch first
     * @param gen           the generator the dropout masks are drawn from
     * @return the last layer's output at every step, {@code [T, N, D * H_out]} ({@code [N, T, D * H_out]}
     *         batch first), and every layer's final hidden and cell states
     */
    public static LstmOutput lstm(Tensor input, LstmState hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                  double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                                  Generator gen) {
        return Recurrent.lstm(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                gen);
    }

    /**
     * A multi-layer GRU, as {@code _VF.gru} (what {@code nn.GRU} calls): gates reset {@code r}, update
     * {@code z} and new {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h};
     * dropout drawn from the default generator.
     *
     * @param input         a floating-point sequence {@code [T, N, I]} ({@code [N, T, I]} with
     *                      {@code batchFirst}), {@code T} at least 1
     * @param hx            the initial hidden states {@code [numLayers * D, N, H]} (D = 2 when bidirectional,
     *                      else 1), or null for zeros
     * @param weights       the parameters in PyTorch's flat order: for each layer, for each direction,
     *                      {@code w_ih [3H, I]} ({@code [3H, D * H]} after the first layer) and
     *                      {@code w_hh [3H, H]}, then {@code b_ih [3H]} and {@code b_hh [3H]} when
     *                      {@code hasBiases}
     * @param hasBiases     whether {@code weights} holds the biases
     * @param numLayers     the number of stacked layers, at least 1
     * @param dropout       the dropout probability on each layer's output but the last's, in [0, 1]
     * @param training      whether the dropout applies
     * @param bidirectional whether each layer also runs backwards in time, its output joined to the forward one
     * @param batchFirst    whether {@code input} and the output are batch first
     * @return the last layer's output at every step, {@code [T, N, D * H]} ({@code [N, T, D * H]} batch first),
     *         and every layer's final hidden state, {@code [numLayers * D, N, H]}
     */
    public static RecurrentOutput gru(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                      double dropout, boolean training, boolean bidirectional, boolean batchFirst) {
        return Recurrent.gru(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                Generator.defaultGenerator());
    }

    /**
     * A multi-layer GRU with the generator of its dropout; see
     * {@link #gru(Tensor, Tensor, List, boolean, int, double, boolean, boolean, boolean)}.
     *
     * @param input         a floating-point sequence {@code [T, N, I]} ({@code [N, T, I]} with
     *                      {@code batchFirst}), {@code T} at least 1
     * @param hx            the initial hidden states {@code [numLayers * D, N, H]}, or null for zeros
     * @param weights       the parameters in PyTorch's flat order: for each layer, for each direction,
     *                      {@code w_ih, w_hh}, then {@code b_ih, b_hh} when {@code hasBiases}
     * @param hasBiases     whether {@code weights} holds the biases
     * @param numLayers     the number of stacked layers, at least 1
     * @param dropout       the dropout probability on each layer's output but the last's, in [0, 1]
     * @param training      whether the dropout applies
     * @param bidirectional whether each layer also runs backwards in time
     * @param batchFirst    whether {@code input} and the output are batch first
     * @param gen           the generator the dropout masks are drawn from
     * @return the last layer's output at every step, {@code [T, N, D * H]} ({@code [N, T, D * H]} batch first),
     *         and every layer's final hidden state, {@code [numLayers * D, N, H]}
     */
    public static RecurrentOutput gru(Tensor input, Tensor hx, List<Tensor> weights, boolean hasBiases, int numLayers,
                                      double dropout, boolean training, boolean bidirectional, boolean batchFirst,
                                      Generator gen) {
        return Recurrent.gru(input, hx, weights, hasBiases, numLayers, dropout, training, bidirectional, batchFirst,
                gen);
    }

    /**
     * One step of an Elman RNN cell, {@code act(input W_ih^T + b_ih + hx W_hh^T + b_hh)}, as
     * {@code _VF.rnn_tanh_cell} / {@code _VF.rnn_relu_cell} (what {@code nn.RNNCell} calls).
     *
     * @param input        a floating-point input {@code [N, I]}
     * @param hx           the hidden state {@code [N, H]}, or null for zeros
     * @param wIh          the input weights {@code [H, I]}
     * @param wHh          the hidden weights {@code [H, H]}
     * @param bIh          the input bias {@code [H]}, or null for none
     * @param bHh          the hidden bias {@code [H]}, or null for none
     * @param nonlinearity {@code "tanh"} or {@code "relu"}
     * @return the new hidden state {@code [N, H]}
     */
    public static Tensor rnnCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                                 String nonlinearity) {
        return Recurrent.rnnCell(input, hx, wIh, wHh, bIh, bHh, reluNonlinearity(nonlinearity));
    }

    /**
     * One step of an LSTM cell, as {@code _VF.lstm_cell} (what {@code nn.LSTMCell} calls): gates input,
     * forget, cell and output in PyTorch's order, {@code c' = f c + i g}, {@code h' = o tanh(c')}.
     *
     * @param input a floating-point input {@code [N, I]}
     * @param hx    the state, {@code h} and {@code c} both {@code [N, H]}; null, or either tensor null, for zeros
     * @param wIh   the input weights {@code [4H, I]}
     * @param wHh   the hidden weights {@code [4H, H]}
     * @param bIh   the input bias {@code [4H]}, or null for none
     * @param bHh   the hidden bias {@code [4H]}, or null for none
     * @return the new state {@code (h', c')}, both {@code [N, H]}
     */
    public static LstmState lstmCell(Tensor input, LstmState hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return Recurrent.lstmCell(input, hx, wIh, wHh, bIh, bHh);
    }

    /**
     * One step of a GRU cell, as {@code _VF.gru_cell} (what {@code nn.GRUCell} calls): gates reset, update and
     * new as in {@link #gru(Tensor, Tensor, List, boolean, int, double, boolean, boolean, boolean)}.
     *
     * @param input a floating-point input {@code [N, I]}
     * @param hx    the hidden state {@code [N, H]}, or null for zeros
     * @param wIh   the input weights {@code [3H, I]}
     * @param wHh   the hidden weights {@code [3H, H]}
     * @param bIh   the input bias {@code [3H]}, or null for none
     * @param bHh   the hidden bias {@code [3H]}, or null for none
     * @return the new hidden state {@code [N, H]}
     */
    public static Tensor gruCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return Recurrent.gruCell(input, hx, wIh, wHh, bIh, bHh);
    }

    // ---------------------------------------------------------------- attention

    /**
     * Scaled dot-product attention, {@code softmax(query key^T / sqrt(E)) value}, as PyTorch 2's
     * {@code F.scaled_dot_product_attention(query, key, value)}, without mask or dropout.
     *
     * @param query floating-point queries {@code [..., L, E]}
     * @param key   the keys {@code [..., S, E]}
     * @param value the values {@code [..., S, Ev]}; the batch dimensions of the three broadcast
     * @return the attention output {@code [..., L, Ev]}
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
        return Attention.compute(query, key, value, null, 0, false, null, Generator.defaultGenerator()).output();
    }

    /**
     * Scaled dot-product attention with a mask and dropout, as PyTorch 2's
     * {@code F.scaled_dot_product_attention}: {@code softmax(query key^T / sqrt(E) + mask) value}, with the
     * dropout drawn from the default generator. A query whose keys are all masked gets NaN, as in PyTorch.
     *
     * @param query    floating-point queries {@code [..., L, E]}
     * @param key      the keys {@code [..., S, E]}
     * @param value    the values {@code [..., S, Ev]}; the batch dimensions of the three broadcast
     * @param attnMask null for none; a bool mask, true where a query may attend to a key; or a floating mask
     *                 added to the scores; broadcast to {@code [..., L, S]}
     * @param dropoutP the probability of dropping each attention weight, always applied (pass 0 in evaluation)
     * @param isCausal whether query {@code i} attends to keys {@code 0..i} only; {@code attnMask} must then
     *                 be null
     * @return the attention output {@code [..., L, Ev]}
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
                                                   double dropoutP, boolean isCausal) {
        return Attention.compute(query, key, value, attnMask, dropoutP, isCausal, null, Generator.defaultGenerator())
                .output();
    }

    /**
     * Scaled dot-product attention with every option, as PyTorch 2's {@code F.scaled_dot_product_attention}:
     * {@code softmax(query key^T * scale + mask) value}.
     *
     * @param query    floating-point queries {@code [..., L, E]}
     * @param key      the keys {@code [..., S, E]}
     * @param value    the values {@code [..., S, Ev]}; the batch dimensions of the three broadcast
     * @param attnMask null for none; a bool mask, true where a query may attend to a key; or a floating mask
     *                 added to the scores; broadcast to {@code [..., L, S]}
     * @param dropoutP the probability of dropping each attention weight, always applied (pass 0 in evaluation)
     * @param isCausal whether query {@code i} attends to keys {@code 0..i} only; {@code attnMask} must then
     *                 be null
     * @param scale    the factor of the scores, or null for {@code 1 / sqrt(E)}
     * @param gen      the generator the dropout mask is drawn from
     * @return the attention output {@code [..., L, Ev]}
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
                                                   double dropoutP, boolean isCausal, Double scale, Generator gen) {
        return Attention.compute(query, key, value, attnMask, dropoutP, isCausal, scale, gen).output();
    }

    /**
     * Multi-head attention, as PyTorch 1.13's {@code F.multi_head_attention_forward} (what
     * {@code nn.MultiheadAttention} calls), arguments in its order: the query, key and value are projected,
     * split into {@code numHeads} heads of {@code E / numHeads}, attended, joined and projected out. Dropout
     * on the attention weights is drawn from the default generator. Boolean masks are true where attention is
     * <em>not</em> allowed (the opposite of {@link #scaledDotProductAttention}); floating masks are added to
     * the scores.
     *
     * @param query                 floating-point queries {@code [L, N, E]}, or unbatched {@code [L, E]}
     * @param key                   the keys {@code [S, N, E_k]} (unbatched {@code [S, E_k]})
     * @param value                 the values {@code [S, N, E_v]} (unbatched {@code [S, E_v]}); of {@code key}'s
     *                              shape with packed projections
     * @param embedDimToCheck       the expected {@code E}, checked against {@code query}
     * @param numHeads              the number of heads, dividing {@code E}
     * @param inProjWeight          the packed query, key and value projections {@code [3E, E]}; used unless
     *                              {@code useSeparateProjWeight}
     * @param inProjBias            the packed projection biases {@code [3E]}, or null for none
     * @param biasK                 a key {@code [1, 1, E]} appended to every sequence, or null; given together
     *                              with {@code biasV}
     * @param biasV                 a value {@code [1, 1, E]} appended to every sequence, or null
     * @param addZeroAttn           whether to append a key and value of zeros to every sequence
     * @param dropoutP              the probability of dropping each attention weight in training
     * @param outProjWeight         the output projection {@code [E, E]}
     * @param outProjBias           the output projection's bias {@code [E]}, or null for none
     * @param training              whether the dropout applies (PyTorch's default true)
     * @param keyPaddingMask        keys to ignore, {@code [N, S]} ({@code [S]} unbatched), bool, uint8 or
     *                              floating; or null
     * @param needWeights           whether to return the attention weights (PyTorch's default true)
     * @param attnMask              the attention mask {@code [L, S]} or {@code [N * numHeads, L, S]}, bool, uint8
     *                              or floating; or null
     * @param useSeparateProjWeight whether to project with {@code qProjWeight}, {@code kProjWeight} and
     *                              {@code vProjWeight} instead of {@code inProjWeight} (PyTorch's default false)
     * @param qProjWeight           the query projection {@code [E, E]}, or null when packed
     * @param kProjWeight           the key projection {@code [E, E_k]}, or null when packed
     * @param vProjWeight           the value projection {@code [E, E_v]}, or null when packed
     * @param staticK               projected keys {@code [N * numHeads, S, E / numHeads]} used as they are, or null
     * @param staticV               projected values {@code [N * numHeads, S, E / numHeads]} used as they are, or
     *                              null
     * @param averageAttnWeights    whether the returned weights are averaged over the heads (PyTorch's default
     *                              true)
     * @return the output {@code [L, N, E]} ({@code [L, E]} unbatched) and, with {@code needWeights}, the
     *         weights {@code [N, L, S]} averaged over the heads or {@code [N, numHeads, L, S]} (without
     *         {@code N} unbatched), else null weights
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
