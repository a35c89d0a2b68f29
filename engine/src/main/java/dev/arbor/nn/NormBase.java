package dev.arbor.nn;

import dev.arbor.tensor.DType;
import dev.arbor.tensor.Tensor;

/**
 * What batch and instance normalization share, as PyTorch's {@code _NormBase}: the parameters
 * {@code weight} (ones) and {@code bias} (zeros) when affine, the buffers {@code running_mean}
 * (zeros), {@code running_var} (ones) and {@code num_batches_tracked} (an int64 scalar) when tracking
 * running statistics, and the repr. Without them the names are registered as None, as in PyTorch.
 */
public abstract class NormBase extends Module {
    final long numFeatures;
    final double eps;
    /** The running statistics' momentum; null for the cumulative moving average. */
    final Double momentum;
    final boolean affine;
    final boolean trackRunningStats;

    @SuppressWarnings("this-escape") // registering in the constructor is the idiom; Module's maps exist already
    NormBase(NormOptions<?> o) {
        this.numFeatures = o.numFeatures;
        this.eps = o.eps;
        this.momentum = o.momentum;
        this.affine = o.affine;
        this.trackRunningStats = o.trackRunningStats;
        LayerArgs.registerAffine(this, affine, o.dtype, o.device, numFeatures);
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(o.dtype, o.device, numFeatures));
            registerBuffer("running_var", Tensor.full(1, o.dtype, o.device, numFeatures));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64, o.device));
        } else {
            registerBuffer("running_mean", null);
            registerBuffer("running_var", null);
            registerBuffer("num_batches_tracked", null);
        }
    }

    /**
     * Resets the running mean to zeros, the running variance to ones and the batch count to 0, as
     * {@code reset_running_stats}; nothing when statistics are not tracked.
     */
    public void resetRunningStats() {
        if (trackRunningStats) {
            runningMean().zero_();
            runningVar().fill_(1);
            numBatchesTracked().zero_();
        }
    }

    /**
     * Resets the running statistics and sets the weight and bias back to ones and zeros, as
     * {@code reset_parameters}.
     */
    public void resetParameters() {
        resetRunningStats();
        LayerArgs.resetAffine(this);
    }

    /** {@return the per-channel scale {@code weight} {@code (C)}, or null when not affine} */
    public Parameter weight() {
        return param("weight");
    }

    /** {@return the per-channel shift {@code bias} {@code (C)}, or null when not affine} */
    public Parameter bias() {
        return param("bias");
    }

    /** {@return the buffer {@code running_mean} {@code (C)}, or null when statistics are not tracked} */
    public Tensor runningMean() {
        return buffer("running_mean");
    }

    /** {@return the buffer {@code running_var} {@code (C)} (unbiased), or null when statistics are not tracked} */
    public Tensor runningVar() {
        return buffer("running_var");
    }

    /**
     * {@return the buffer {@code num_batches_tracked}, the number of training batches seen (an int64
     * scalar), or null when statistics are not tracked}
     */
    public Tensor numBatchesTracked() {
        return buffer("num_batches_tracked");
    }

    /** {@return the number of channels C, {@code num_features}} */
    public long numFeatures() {
        return numFeatures;
    }

    /** {@return the value added to the variance, {@code eps}} */
    public double eps() {
        return eps;
    }

    /** {@return the running statistics' {@code momentum}, or null for the cumulative average} */
    public Double momentum() {
        return momentum;
    }

    /** {@return whether the layer has a weight and a bias, {@code affine}} */
    public boolean affine() {
        return affine;
    }

    /** {@return whether the layer keeps running statistics, {@code track_running_stats}} */
    public boolean trackRunningStats() {
        return trackRunningStats;
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + PyRepr.of(eps)
                + ", momentum=" + (momentum == null ? "None" : PyRepr.of(momentum))
                + ", affine=" + PyRepr.of(affine) + ", track_running_stats=" + PyRepr.of(trackRunningStats);
    }
}
