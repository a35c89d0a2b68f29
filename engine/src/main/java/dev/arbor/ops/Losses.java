package dev.arbor.ops;

import dev.arbor.nn.functional.Reduction;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The losses of {@code torch.nn.functional}, with PyTorch's reductions (including its weighted means)
 * and argument checks.
 */
public final class Losses {
    private static final Logger LOG = LoggerFactory.getLogger(Losses.class);

    /** PyTorch clamps the logs of binary cross-entropy here, so a prediction of exactly 0 or 1 stays finite. */
    private static final double LOG_FLOOR = -100;
    /** The smallest denominator of binary cross-entropy's gradient, as PyTorch's. */
    private static final double BCE_GRAD_EPS = 1e-12;
    /** Added to the squared magnitudes in cosine_embedding_loss, as PyTorch does. */
    private static final double COSINE_EPS = 1e-12;

    private Losses() {}

    /** Applies {@code none}, {@code mean} or {@code sum}; {@code batchmean} belongs to kl_div only. */
    static Tensor reduce(Tensor loss, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        };
    }

    /** Rejects a reduction other than none/mean/sum before any work, as PyTorch does. */
    private static void checkReduction(Reduction reduction) {
        if (reduction == Reduction.BATCHMEAN) {
            throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        }
    }

    /** Warns, as PyTorch does, when an elementwise loss broadcasts target against input. */
    private static void warnIfBroadcast(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            LOG.warn("{}: Using a target size ({}) that is different to the input size ({}). This will likely lead to "
                    + "incorrect results due to broadcasting. Please ensure they have the same size.", op,
                    Shapes.str(target.shape()), Shapes.str(input.shape()));
        }
    }

    // ---------------------------------------------------------------- regression losses

    /** {@code (input - target)^2}, reduced. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        checkReduction(reduction);
        warnIfBroadcast("mse_loss", input, target);
        Tensor d = input.sub(target);
        return reduce(d.mul(d), reduction);
    }

    /** {@code |input - target|}, reduced. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        checkReduction(reduction);
        warnIfBroadcast("l1_loss", input, target);
        return reduce(input.sub(target).abs(), reduction);
    }

    /** {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}; beta 0 is the L1 loss. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        checkReduction(reduction);
        if (beta < 0) {
            throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        }
        warnIfBroadcast("smooth_l1_loss", input, target);
        Tensor d = input.sub(target);
        Tensor abs = d.abs();
        if (beta == 0) {
            return reduce(abs, reduction);
        }
        return reduce(Tensor.where(abs.lt(beta), d.mul(d).mul(0.5 / beta), abs.sub(0.5 * beta)), reduction);
    }

    /** {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}. */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        checkReduction(reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        }
        warnIfBroadcast("huber_loss", input, target);
        Tensor d = input.sub(target);
        Tensor abs = d.abs();
        return reduce(Tensor.where(abs.lt(delta), d.mul(d).mul(0.5), abs.sub(0.5 * delta).mul(delta)), reduction);
    }

    // ---------------------------------------------------------------- classification losses

    /**
     * The negative log-likelihood of class indices: input {@code [N, C, d1...]} (or {@code [C]}) of
     * log-probabilities, target {@code [N, d1...]} (or {@code []}) of int64 classes. The mean is
     * weighted: {@code sum(-w[t] x[t]) / sum(w[t])} over targets that are not {@code ignoreIndex}.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        checkReduction(reduction);
        Picked p = pickTargets("nll_loss", input, target, weight, ignoreIndex);
        return reduceWeighted(p.values().neg().mul(p.weights()), p.weights(), reduction);
    }

    /** none, sum, or the weighted mean {@code sum(loss) / sum(weights)} of per-target losses. */
    private static Tensor reduceWeighted(Tensor perTarget, Tensor weights, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perTarget;
            case SUM -> perTarget.sum();
            default -> perTarget.sum().div(weights.sum());
        };
    }

    /** The input's values at the targets, and each target's weight (0 where ignored); both shaped as the target. */
    private record Picked(Tensor values, Tensor weights, Tensor valid, Tensor classes) {}

    private static Picked pickTargets(String op, Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
        checkIndexTarget(input, target);
        long classes = input.dim() == 1 ? input.size(0) : input.size(1);
        if (weight != null && (weight.dim() != 1 || weight.numel() != classes)) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + Shapes.str(weight.shape()));
        }
        Tensor t = target.detach();
        Tensor valid = t.ne((double) ignoreIndex);
        Tensor safe = Tensor.where(valid, t, Tensor.zeros(DType.INT64, t.device()));
        if (safe.numel() > 0) {
            long min = safe.min().itemLong();
            long max = safe.max().itemLong();
            if (min < 0 || max >= classes) {
                throw new IndexOutOfBoundsException("Target " + (min < 0 ? min : max) + " is out of bounds. (" + op
                        + " with " + classes + " classes)");
            }
        }
        Tensor x = input.dim() == 1 ? input.unsqueeze(0) : input;
        Tensor idx = (input.dim() == 1 ? safe.reshape(1) : safe).unsqueeze(1);
        Tensor values = x.gather(1, idx).squeeze(1);
        if (input.dim() == 1) {
            values = values.reshape();
        }
        Tensor validF = valid.to(input.dtype());
        Tensor w = weight == null ? validF : weight.detach().to(input.dtype()).indexSelect(0, safe.reshape(-1))
                .reshape(safe.shape()).mul(validF);
        return new Picked(values, w, valid, safe);
    }

    private static void checkIndexTarget(Tensor input, Tensor target) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException("Expected 1 or more dimensions (got 0)");
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + target.dtype().legacyName()
                    + " (class-index target of shape " + Shapes.str(target.shape()) + ")");
        }
        if (input.dim() == 1) {
            if (target.dim() != 0) {
                throw new IllegalArgumentException("size mismatch (got input: " + Shapes.str(input.shape())
                        + ", target: " + Shapes.str(target.shape()) + ")");
            }
            return;
        }
        if (input.dim() == 2 && target.dim() > 1) {
            throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
        }
        if (target.dim() == 0 || input.size(0) != target.size(0)) {
            throw new IllegalArgumentException("Expected input batch_size (" + input.size(0)
                    + ") to match target batch_size (" + (target.dim() == 0 ? 0 : target.size(0)) + ").");
        }
        long[] expected = new long[input.dim() - 1];
        expected[0] = input.size(0);
        for (int i = 2; i < input.dim(); i++) {
            expected[i - 1] = input.size(i);
        }
        if (!Arrays.equals(expected, target.shape())) {
            throw new IllegalArgumentException("Expected target size " + Shapes.str(expected) + ", got "
                    + Shapes.str(target.shape()));
        }
    }

    /**
     * Cross-entropy of logits {@code [N, C, d1...]} (or {@code [C]}) against class indices
     * {@code [N, d1...]} or class probabilities of the input's shape, with PyTorch's weight, ignore_index
     * and label_smoothing semantics.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex,
                                      Reduction reduction, double labelSmoothing) {
        checkReduction(reduction);
        if (input.dim() == 0) {
            throw new IllegalArgumentException("Expected 1 or more dimensions (got 0)");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        long classes = input.size(classDim);
        if (Arrays.equals(input.shape(), target.shape())) {
            return probabilityCrossEntropy(Softmax.logSoftmax(input, classDim, null), target, weight, ignoreIndex,
                    reduction, labelSmoothing, classDim);
        }
        if (labelSmoothing == 0) {
            return fusedCrossEntropy(input, target, weight, ignoreIndex, reduction, classDim);
        }
        Tensor logp = Softmax.logSoftmax(input, classDim, null);
        Picked p = pickTargets("cross_entropy", logp, target, weight, ignoreIndex);
        Tensor nll = reduceWeighted(p.values().neg().mul(p.weights()), p.weights(), reduction);
        Tensor weighted = weight == null ? logp : logp.mul(weight.detach().to(logp.dtype()).reshape(classShape(input)));
        Tensor smooth = Tensor.where(p.valid(), weighted.sum(classDim, false).neg(), ArgChecks.scalarLike(0, logp));
        Tensor smoothReduced = switch (reduction) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            // as the NLL term: divided by the total weight of the targets that are not ignored
            default -> smooth.sum().div(p.weights().sum());
        };
        return nll.mul(1 - labelSmoothing).add(smoothReduced.mul(labelSmoothing / classes));
    }

    /**
     * Cross-entropy of class indices as one op: its backward is {@code c * (softmax(x) - onehot(t))} with
     * {@code c = w[t] * g} (divided by the total weight for the mean), in two passes over the logits
     * instead of log_softmax's and gather's backwards one after the other.
     */
    private static Tensor fusedCrossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex,
                                            Reduction reduction, int classDim) {
        Tensor logp = Softmax.logSoftmax(input.detach(), classDim, null);
        Picked p = pickTargets("cross_entropy", logp, target, weight, ignoreIndex);
        Tensor out = reduceWeighted(p.values().neg().mul(p.weights()), p.weights(), reduction);
        Tensor totalWeight = reduction == Reduction.MEAN ? p.weights().sum() : null;
        Tensor index = p.classes().unsqueeze(classDim);
        return Autograd.record("CrossEntropyLossBackward0", out, new Tensor[] {input}, g -> {
            // under create_graph the log-probabilities are recomputed with their history, for higher orders
            Tensor lp = GradMode.isEnabled() ? Softmax.logSoftmax(input, classDim, null) : logp;
            Tensor c = p.weights().mul(g);
            if (totalWeight != null) {
                c = c.div(totalWeight);
            }
            Tensor perClass = c.unsqueeze(classDim);
            return new Tensor[] {lp.exp().mul(perClass).scatterAdd(classDim, index, perClass.neg())};
        });
    }

    /** The shape {@code [C, 1, ..., 1]} (or {@code [C]}) that broadcasts class weights over the input. */
    private static long[] classShape(Tensor input) {
        if (input.dim() == 1) {
            return input.shape();
        }
        long[] shape = new long[input.dim() - 1];
        Arrays.fill(shape, 1);
        shape[0] = input.size(1);
        return shape;
    }

    private static Tensor probabilityCrossEntropy(Tensor logp, Tensor target, Tensor weight, long ignoreIndex,
                                                  Reduction reduction, double labelSmoothing, int classDim) {
        if (!target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Expected floating point type for target with class probabilities, got "
                    + target.dtype().legacyName());
        }
        if (ignoreIndex >= 0) {
            throw new IllegalArgumentException("ignore_index is not supported for floating point target");
        }
        long classes = logp.size(classDim);
        if (weight != null && (weight.dim() != 1 || weight.numel() != classes)) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + Shapes.str(weight.shape()));
        }
        Tensor t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
        Tensor prod = logp.mul(t);
        if (weight != null) {
            prod = prod.mul(weight.detach().to(logp.dtype()).reshape(classShape(logp)));
        }
        return switch (reduction) {
            case NONE -> prod.sum(classDim, false).neg();
            case SUM -> prod.sum().neg();
            default -> prod.sum().neg().div((double) (logp.numel() / Math.max(classes, 1)));
        };
    }

    /**
     * Binary cross-entropy of probabilities in [0, 1]: {@code -w (t log x + (1 - t) log(1 - x))} with the
     * logs clamped at -100 and PyTorch's gradient {@code w (x - t) / max(x (1 - x), 1e-12)}.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        checkReduction(reduction);
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Using a target size (" + Shapes.str(target.shape())
                    + ") that is different to the input size (" + Shapes.str(input.shape()) + ") is deprecated. "
                    + "Please ensure they have the same size.");
        }
        ArgChecks.floating("binary_cross_entropy", input);
        Tensor x = input.detach();
        if (x.numel() > 0 && (x.lt(0.0).logicalOr(x.gt(1.0)).any().item() != 0 || x.isnan().any().item() != 0)) {
            throw new IllegalArgumentException("all elements of input should be between 0 and 1");
        }
        Tensor t = target.detach().to(input.dtype());
        Tensor logX = x.log().clamp(LOG_FLOOR, null);
        Tensor log1mX = x.neg().log1p().clamp(LOG_FLOOR, null);
        Tensor out = t.mul(logX).add(t.rsub(1.0).mul(log1mX)).neg();
        Autograd.record("BinaryCrossEntropyBackward0", out, new Tensor[] {input, target}, g -> new Tensor[] {
            g.mul(input.sub(target)).div(input.mul(input.rsub(1.0)).clamp(BCE_GRAD_EPS, null)),
            target.requiresGrad() ? g.mul(input.neg().log1p().clamp(LOG_FLOOR, null)
                    .sub(input.log().clamp(LOG_FLOOR, null))) : null}, input, target);
        Tensor loss = weight == null ? out : out.mul(weight);
        return reduce(loss, reduction);
    }

    /**
     * Binary cross-entropy of logits, computed stably as
     * {@code (1 - t) x + (1 + (pw - 1) t) (log(1 + exp(-|x|)) + max(-x, 0))}, times {@code weight}.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        checkReduction(reduction);
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Target size (" + Shapes.str(target.shape())
                    + ") must be the same as input size (" + Shapes.str(input.shape()) + ")");
        }
        ArgChecks.floating("binary_cross_entropy_with_logits", input);
        // maximum with 0 splits the gradient at a tie, so at x = 0 the slope is sigmoid(0) - t as it should be
        Tensor negPart = input.neg().maximum(ArgChecks.scalarLike(0, input));
        Tensor softplusNeg = input.abs().neg().exp().log1p().add(negPart);
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1.0).mul(target).add(1.0);
        Tensor loss = target.rsub(1.0).mul(input).add(logWeight == null ? softplusNeg : logWeight.mul(softplusNeg));
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduce(loss, reduction);
    }

    /**
     * The Kullback-Leibler divergence of {@code target} from the log-probabilities {@code input}:
     * {@code t (log t - input)} (0 where t is 0), or with {@code logTarget}, {@code exp(t) (t - input)};
     * {@code batchmean} divides the sum by the batch size.
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor positive = target.gt(0.0);
            Tensor safe = Tensor.where(positive, target, ArgChecks.scalarLike(1, target));
            loss = target.mul(safe.log()).sub(target.mul(input));
        }
        if (reduction == Reduction.BATCHMEAN) {
            return input.dim() == 0 ? loss.sum() : loss.sum().div((double) input.size(0));
        }
        return reduce(loss, reduction);
    }

    /**
     * {@code 1 - cos(x1, x2)} where {@code y = 1}, {@code max(0, cos - margin)} where {@code y = -1}, with
     * the cosine along dimension 1 of {@code [N, D]} inputs (or of {@code [D]} with a 0-d target).
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
                                             Reduction reduction) {
        checkReduction(reduction);
        int targetDim = target.dim();
        if (targetDim > 1) {
            throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
        }
        if (targetDim == 1 && (input1.dim() != 2 || input2.dim() != 2)) {
            throw new IllegalArgumentException("1D target tensor expects 2D input tensors, but found inputs with sizes "
                    + Shapes.str(input1.shape()) + " and " + Shapes.str(input2.shape()) + ".");
        }
        if (targetDim == 0 && (input1.dim() != 1 || input2.dim() != 1)) {
            throw new IllegalArgumentException("0D target tensor expects 1D input tensors, but found inputs with sizes "
                    + Shapes.str(input1.shape()) + " and " + Shapes.str(input2.shape()) + ".");
        }
        Tensor prodSum = input1.mul(input2).sum(targetDim, false);
        Tensor mag1 = input1.mul(input1).sum(targetDim, false).add(COSINE_EPS);
        Tensor mag2 = input2.mul(input2).sum(targetDim, false).add(COSINE_EPS);
        Tensor cos = prodSum.div(mag1.mul(mag2).sqrt());
        Tensor zero = ArgChecks.scalarLike(0, cos);
        Tensor pos = Tensor.where(target.eq(1.0), cos.rsub(1.0), zero);
        Tensor neg = Tensor.where(target.eq(-1.0), cos.sub(margin).clamp(0.0, null), zero);
        return reduce(pos.add(neg), reduction);
    }
}
