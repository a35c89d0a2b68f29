package dev.arbor.nn;

import dev.arbor.nn.functional.F;
import dev.arbor.tensor.Tensor;

/**
 * Batch normalization, as PyTorch's {@code _BatchNorm}: in training each channel is normalized with the
 * batch's statistics and, when tracking, the running statistics are updated in place
 * ({@code running = (1 - momentum) * running + momentum * batch}, the variance unbiased; with momentum
 * null, the cumulative average {@code 1 / num_batches_tracked}) and {@code num_batches_tracked} grows by
 * one; in evaluation the running statistics are used (the batch's when none are tracked).
 */
public abstract class BatchNormNd extends NormBase {
    BatchNormNd(NormOptions<?> options) {
        super(options);
    }

    /** Throws PyTorch's error when the input has a rank the layer does not take. */
    abstract void checkInputDim(Tensor input);

    /**
     * Normalizes each channel, as {@code F.batch_norm}: with the batch's statistics in training (updating
     * the running ones), with the running statistics in evaluation.
     *
     * @param input {@code (N, C)} or {@code (N, C, L)} for BatchNorm1d, {@code (N, C, H, W)} for
     *              BatchNorm2d, {@code (N, C, D, H, W)} for BatchNorm3d
     * @return the normalized input, of the same shape
     * @throws IllegalArgumentException with PyTorch's message for another rank
     */
    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            Tensor count = numBatchesTracked();
            if (count != null) {
                count.add_(1);
                if (momentum == null) {
                    factor = 1.0 / count.item();
                }
            }
        }
        boolean useBatchStats = isTraining() || (runningMean() == null && runningVar() == null);
        boolean passStats = !isTraining() || trackRunningStats;
        return F.batchNorm(input, passStats ? runningMean() : null, passStats ? runningVar() : null, weight(), bias(),
                useBatchStats, factor, eps);
    }
}
