package dev.arbor.nn.functional;

import dev.arbor.ops.Activations;
import dev.arbor.ops.Attention;
import dev.arbor.ops.Distances;
import dev.arbor.ops.Dropout;
import dev.arbor.ops.Embedding;
import dev.arbor.ops.LinearMaps;
import dev.arbor.ops.Losses;
import dev.arbor.ops.Normalization;
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
}
