package dev.arbor.nn.functional;

import dev.arbor.ops.Activations;
import dev.arbor.ops.Softmax;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Generator;
import dev.arbor.tensor.Tensor;

/**
 * The functional forms of Arbor's layers, losses and activations, as {@code torch.nn.functional}.
 *
 * <p>Names are PyTorch's in camelCase ({@code log_softmax} is {@link #logSoftmax}); optional
 * arguments are overloads, the shortest taking PyTorch's defaults. Every function is differentiable
 * with respect to its floating-point tensor arguments and checks its arguments with PyTorch's
 * messages. Random functions (dropout) take a {@link Generator}; the overloads without one use
 * {@link Generator#defaultGenerator()}.
 */
public final class F {
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
}
